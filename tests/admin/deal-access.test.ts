// The admin's deal and money pages are the admin's only: a visitor is sent to log in (or
// refused a form), a business user — even the buyer or seller of the deal — is refused with
// 403, and nothing about the deal changes.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import { paymentReference } from '../../src/deals/payment-reference.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'

const { app, db, clock, config } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)

let seller: TestCompany
let buyer: TestCompany
let buyerB: TestBrowser
let sellerB: TestBrowser
let awaiting: { id: string; number: number }
let disputed: { id: string; number: number }
let completed: { id: string; number: number }

const buyLot = (title: string) => buyFixedPriceLot(db, buyerB, { sellerCompanyId: seller.companyId, title, price: 420_000, now: clock() })

beforeAll(async () => {
  ;[seller, buyer] = await Promise.all([createTestCompany(db, { status: 'approved' }), createTestCompany(db, { status: 'approved' })])
  const admin = await createTestAdmin(db)
  ;[buyerB, sellerB] = await Promise.all([logInAs(app, buyer.owner), logInAs(app, seller.owner)])
  const pay = (dealId: string) => recordPayment(db, { dealId, gateway: 'bank_transfer', amount: 420_000, currency: 'EUR', receivedAt: clock(), reference: `R-${dealId}` },
    { viewer: { userId: admin.userId, companyId: null, isAdmin: true }, now: clock(), terms })
  awaiting = await buyLot('Access: awaiting payment')
  disputed = await buyLot('Access: disputed')
  await pay(disputed.id)
  expect((await buyerB.post(`/deals/${disputed.id}/dispute`, { reason: 'other', text: 'Wrong material.' })).status).toBe(303)
  completed = await buyLot('Access: completed')
  await pay(completed.id)
  expect((await sellerB.post(`/deals/${completed.id}/steps`, { step: 'hand-over' })).status).toBe(303)
  expect((await buyerB.post(`/deals/${completed.id}/steps`, { step: 'confirm-receipt' })).status).toBe(303)
})

const getUrls = () => [
  '/admin/payments', `/admin/payments?reference=${encodeURIComponent(paymentReference(awaiting.number))}`, '/admin/payments?recorded=1',
  '/admin/payouts', '/admin/payouts?sent=1', '/admin/disputes', `/admin/disputes?resolved=${disputed.id}`, '/admin/deals', '/admin/deals?status=paid',
]
const today = () => clock().toISOString().slice(0, 10)
const postUrls = (): [string, Record<string, string>][] => [
  [`/admin/payments/${awaiting.id}`, { amount: '4200', received_on: today(), bank_reference: 'FORGED-1' }],
  [`/admin/payouts/${completed.id}`, { party: 'seller', amount: '4074', paid_on: today(), bank_reference: 'FORGED-2' }],
  [`/admin/disputes/${disputed.id}/resolve`, { resolution: 'refund_full', note: 'Refund me.' }],
]

/** Everything an admin action on these deals would change. */
async function footprint() {
  const ids = [awaiting.id, disputed.id, completed.id]
  const [deals, payments, payouts, events, audit] = await Promise.all([
    db.selectFrom('deals').select(['id', 'status', 'amount_received', 'version', 'refund_amount']).where('id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('deal_payments').select('id').where('deal_id', 'in', ids).execute(),
    db.selectFrom('deal_payouts').select('id').where('deal_id', 'in', ids).execute(),
    db.selectFrom('deal_events').select('id').where('deal_id', 'in', ids).execute(),
    db.selectFrom('audit_log').select('id').where('subject_type', '=', 'deal').execute(),
  ])
  return { deals, payments: payments.length, payouts: payouts.length, events: events.length, audit: audit.length }
}

describe('who may use the admin deal pages', () => {
  it('refuses the buyer and the seller of the deals every page with 403', async () => {
    for (const b of [buyerB, sellerB]) {
      for (const url of getUrls()) {
        const res = await b.get(url)
        expect(res.status, url).toBe(403)
        expect(await res.text(), url).toContain('administrators')
      }
    }
  })

  it('refuses them every action with 403 and nothing changes', async () => {
    const before = await footprint()
    for (const b of [buyerB, sellerB]) {
      for (const [url, fields] of postUrls()) {
        const res = await b.post(url, fields)
        expect(res.status, url).toBe(403)
        expect(await res.text(), url).toContain('administrators')
      }
    }
    expect(await footprint()).toEqual(before)
  })

  it('sends a visitor to log in from every page and refuses every action, and nothing changes', async () => {
    const before = await footprint()
    for (const url of getUrls()) {
      const res = await new TestBrowser(app).get(url)
      expect(res.status, url).toBe(303)
      expect(res.headers.get('location'), url).toBe(`/login?next=${encodeURIComponent(url)}`)
    }
    for (const [url, fields] of postUrls()) {
      const res = await new TestBrowser(app).post(url, fields)
      expect(res.status, url).toBe(401)
    }
    expect(await footprint()).toEqual(before)
  })
})
