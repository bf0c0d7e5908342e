// The deal figures people see without opening a deal: the admin dashboard's counts (payments
// to record, payouts due, open disputes, companies flagged for repeated non-payment) and the
// "Deals (3)" in a company member's header, which must agree with the deals list's own count.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import { DEAL_STATUSES } from '../../src/deals/deal-rules.js'
import { nextAction } from '../../src/deals/present.js'
import { STATES_WAITING_ON_A_PARTY } from '../../src/dashboard/deals-needing-action.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'

const { app, db, clock, config } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)
const DAY = 24 * 60 * 60 * 1000

let seller: TestCompany
let buyer: TestCompany
let sellerB: TestBrowser
let buyerB: TestBrowser
let adminB: TestBrowser
let adminId: string
const deals: Record<string, string> = {}

const buyLot = async (title: string, b: TestBrowser = buyerB) =>
  (await buyFixedPriceLot(db, b, { sellerCompanyId: seller.companyId, title, price: 420_000, now: clock() })).id
const pay = (dealId: string) => recordPayment(db, { dealId, gateway: 'bank_transfer', amount: 420_000, currency: 'EUR', receivedAt: clock(), reference: `R-${dealId}` },
  { viewer: { userId: adminId, companyId: null, isAdmin: true }, now: clock(), terms })
const step = (b: TestBrowser, dealId: string, name: string) => b.post(`/deals/${dealId}/steps`, { step: name })
const overdue = (dealId: string) => db.updateTable('deals').set({ pay_by: new Date(clock().getTime() - DAY) }).where('id', '=', dealId).execute()

beforeAll(async () => {
  ;[seller, buyer] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Trä AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Pellets AB' }),
  ])
  const admin = await createTestAdmin(db)
  adminId = admin.userId
  ;[sellerB, buyerB, adminB] = await Promise.all([logInAs(app, seller.owner), logInAs(app, buyer.owner), logInAs(app, admin)])

  deals.awaiting = await buyLot('Awaiting payment')
  deals.overdue = await buyLot('Awaiting payment, overdue')
  await overdue(deals.overdue)
  deals.cancelAsked = await buyLot('Cancelling asked by the buyer')
  expect((await step(buyerB, deals.cancelAsked, 'request-cancel')).status).toBe(303)
  deals.paid = await buyLot('Paid')
  await pay(deals.paid)
  deals.handedOver = await buyLot('Handed over')
  await pay(deals.handedOver)
  expect((await step(sellerB, deals.handedOver, 'hand-over')).status).toBe(303)
  deals.disputed = await buyLot('Disputed')
  await pay(deals.disputed)
  expect((await buyerB.post(`/deals/${deals.disputed}/dispute`, { reason: 'other', text: 'Wet bales.' })).status).toBe(303)
  deals.completed = await buyLot('Completed')
  await pay(deals.completed)
  expect((await step(sellerB, deals.completed, 'hand-over')).status).toBe(303)
  expect((await step(buyerB, deals.completed, 'confirm-receipt')).status).toBe(303)
})

/** The number in the header's Deals link, or null when it shows none. */
async function headerCount(b: TestBrowser, path = '/my/bids') {
  const html = await (await b.get(path)).text()
  const nav = /<nav aria-label="Your trading"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? ''
  const link = /<a href="\/deals"[^>]*>([^<]*)<\/a>/.exec(nav)?.[1]
  expect(link, 'the Deals link is in the trading nav').toBeDefined()
  const n = /^Deals \((\d+)\)$/.exec(link!)
  if (!n) expect(link).toBe('Deals')
  return n ? Number(n[1]) : null
}

/** What the deals list itself says needs the company's action. */
async function listCount(b: TestBrowser) {
  const html = await (await b.get('/deals')).text()
  const n = /Needs your action \((\d+)\)/.exec(html)
  return n ? Number(n[1]) : null
}

describe('the header count', () => {
  it('shows each side the deals waiting on it, the same number the deals list gives', async () => {
    const buyerCount = await headerCount(buyerB)
    const sellerCount = await headerCount(sellerB)
    expect(buyerCount).toBe(await listCount(buyerB))
    expect(sellerCount).toBe(await listCount(sellerB))
    // The buyer pays two deals, arranges collection of one and confirms another; the seller
    // hands one over, acts on the overdue one and answers the request to cancel.
    expect(buyerCount).toBeGreaterThanOrEqual(3)
    expect(sellerCount).toBeGreaterThanOrEqual(2)
    const html = await (await buyerB.get('/my/purchases')).text()
    expect(html).toContain(`aria-label="Deals: ${buyerCount} need your action"`)
  })

  it('goes down when the company acts, and shows no number when nothing waits', async () => {
    const before = await headerCount(buyerB)
    expect((await step(buyerB, deals.handedOver, 'confirm-receipt')).status).toBe(303)
    expect(await headerCount(buyerB, '/deals')).toBe(before! - 1)
    const idle = await createTestCompany(db, { status: 'approved' })
    expect(await headerCount(await logInAs(app, idle.owner))).toBeNull()
  })

  it('is not shown to an admin without a company, nor to a visitor', async () => {
    expect(await (await adminB.get('/admin')).text()).not.toContain('aria-label="Your trading"')
    expect(await (await app.request('/listings')).text()).not.toContain('aria-label="Your trading"')
  })

  it('leaves out only states in which nextAction never asks a party to act, whatever else the deal holds', async () => {
    const base = await db.selectFrom('deals').selectAll().where('id', '=', deals.paid).executeTakeFirstOrThrow()
    const now = clock()
    let cases = 0
    for (const status of DEAL_STATUSES.filter((s) => !STATES_WAITING_ON_A_PARTY.includes(s))) {
      for (const cancel of [null, 'buyer', 'seller'] as const) {
        for (const payBy of [new Date(now.getTime() - DAY), new Date(now.getTime() + DAY)]) {
          for (const collection of [null, new Date(now.getTime() + DAY)]) {
            const deal = { ...base, status, cancel_requested_by: cancel, pay_by: payBy, collection_starts_at: collection,
              collection_ends_at: collection && new Date(collection.getTime() + 3_600_000), auto_complete_at: new Date(now.getTime() + DAY) }
            for (const role of ['buyer', 'seller'] as const) {
              expect(nextAction(deal, role, now, 'UTC', terms).urgent, `${status} ${role} cancel=${cancel}`).toBe(false)
              cases += 1
            }
          }
        }
      }
    }
    expect(cases).toBe((DEAL_STATUSES.length - STATES_WAITING_ON_A_PARTY.length) * 3 * 2 * 2 * 2)
  })
})

describe('the admin dashboard', () => {
  it('counts payments to record, payouts due and open disputes, each linking to its queue', async () => {
    const html = await (await adminB.get('/admin')).text()
    const awaiting = await db.selectFrom('deals').select('id').where('status', '=', 'awaiting_payment').execute()
    expect(html).toContain(`<a href="/admin/payments"><strong>${awaiting.length}</strong> deals awaiting payment</a>`)
    // The completed deal's payout, and the one the buyer just confirmed.
    expect(html).toContain('<a href="/admin/payouts"><strong>2</strong> payouts or refunds due</a>')
    expect(html).toContain('<a href="/admin/disputes"><strong>1</strong> open dispute</a>')
    expect(html).toContain('<strong>0</strong> flagged companies')
  })

  it('flags companies with two or more deals cancelled for non-payment in the last 12 months, linking to the company page', async () => {
    const latePayer = await createTestCompany(db, { status: 'approved', legalName: 'Sen Betalare AB' })
    const onceLate = await createTestCompany(db, { status: 'approved', legalName: 'En Gång Sen AB' })
    const longAgo = await createTestCompany(db, { status: 'approved', legalName: 'För Länge Sedan AB' })
    for (const [company, times] of [[latePayer, 2], [onceLate, 1], [longAgo, 2]] as const) {
      const b = await logInAs(app, company.owner)
      for (let i = 0; i < times; i++) {
        const dealId = await buyLot(`Not paid by ${company.legalName} ${i}`, b)
        await overdue(dealId)
        expect((await step(sellerB, dealId, 'cancel-unpaid')).status).toBe(303)
        if (company === longAgo && i === 0) {
          await db.updateTable('deals').set({ cancelled_at: new Date(clock().getTime() - 400 * DAY) }).where('id', '=', dealId).execute()
        }
      }
    }
    const html = await (await adminB.get('/admin')).text()
    expect(html).toContain('<strong>1</strong> flagged company')
    expect(html).toContain(`<a href="/admin/companies/${latePayer.companyId}">Sen Betalare AB</a>: 2 non-payments`)
    expect(html).not.toContain('En Gång Sen AB')
    expect(html).not.toContain('För Länge Sedan AB')
    // Where the admin can suspend it.
    expect(await (await adminB.get(`/admin/companies/${latePayer.companyId}`)).text()).toContain(`/admin/companies/${latePayer.companyId}/suspend`)
  })
})
