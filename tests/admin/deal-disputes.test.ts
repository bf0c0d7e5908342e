// The admin's disputes queue and "Payouts due": a dispute is decided (release, full refund,
// partial refund) with a note both sides read; what the decision owes each side appears under
// Payouts due, to the cent, and is recorded once at exactly that amount. The deals list shows
// every deal by state.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { feeOn } from '../../src/deals/fees.js'
import { dealTerms } from '../../src/deals/terms.js'
import { formatMoney } from '../../src/lib/money.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'

const { app, db, clock, config } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)
const fee = (kept: number) => feeOn(kept, terms.fees)
const eur = (minor: number) => formatMoney(minor, 'EUR')
const DAY = 24 * 60 * 60 * 1000
const PRICE = 420_000

let seller: TestCompany
let buyer: TestCompany
let sellerB: TestBrowser
let buyerB: TestBrowser
let adminB: TestBrowser
let adminId: string

beforeAll(async () => {
  ;[seller, buyer] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Metall AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Skrot AB' }),
  ])
  const admin = await createTestAdmin(db)
  adminId = admin.userId
  ;[sellerB, buyerB, adminB] = await Promise.all([logInAs(app, seller.owner), logInAs(app, buyer.owner), logInAs(app, admin)])
})

const buyLot = (title: string, price = PRICE) => buyFixedPriceLot(db, buyerB, { sellerCompanyId: seller.companyId, title, price, now: clock() })

async function pay(dealId: string, amount: number, reference = `BANK-${dealId.slice(0, 8)}-${amount}`) {
  const r = await recordPayment(db, { dealId, gateway: 'bank_transfer', amount, currency: 'EUR', receivedAt: clock(), reference },
    { viewer: { userId: adminId, companyId: null, isAdmin: true }, now: clock(), terms })
  expect(r.ok).toBe(true)
}

/** A lot bought, paid (`received`, the price unless said) and disputed by the buyer. */
async function disputedLot(title: string, received = PRICE) {
  const deal = await buyLot(title)
  await pay(deal.id, received)
  const res = await buyerB.post(`/deals/${deal.id}/dispute`, { reason: 'quantity_short', text: `Two of twelve bales missing (${title}).` })
  expect(res.status).toBe(303)
  return deal
}

const resolve = (dealId: string, fields: Record<string, string>) => adminB.post(`/admin/disputes/${dealId}/resolve`, { note: 'Checked the weighbridge tickets.', ...fields })
const dealRow = (id: string) => db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

async function followNotice(res: Response) {
  expect(res.status, await res.clone().text()).toBe(303)
  const html = await (await adminB.get(res.headers.get('location')!)).text()
  return /<div class="alert success" role="status">([^<]*)<\/div>/.exec(html)?.[1] ?? ''
}

/** The payouts queue's cards, as "party amount" per deal. */
async function payoutsDue(dealId: string) {
  const html = await (await adminB.get('/admin/payouts')).text()
  return [...html.matchAll(new RegExp(`<article class="card" id="payout-${dealId}-(seller|buyer)"><h2>(?:Payout|Refund) of ([^<]+) to`, 'g'))]
    .map((m) => `${m[1]} ${m[2]}`)
}

describe('the disputes queue', () => {
  it('shows open disputes, the longest-open first, with the reason, the text and the history; hides deals not in dispute', async () => {
    const first = await disputedLot('Dispute: first opened')
    clock.advance(60_000)
    const second = await disputedLot('Dispute: second opened')
    const paidOnly = await buyLot('Dispute: none, only paid')
    await pay(paidOnly.id, PRICE)
    const html = await (await adminB.get('/admin/disputes')).text()
    expect(html.indexOf('Dispute: first opened')).toBeGreaterThan(-1)
    expect(html.indexOf('Dispute: first opened')).toBeLessThan(html.indexOf('Dispute: second opened'))
    expect(html).not.toContain('Dispute: none, only paid')
    const card = html.slice(html.indexOf(`id="dispute-${second.id}"`), html.indexOf('</article>', html.indexOf(`id="dispute-${second.id}"`)))
    expect(card).toContain('Quantity short')
    expect(card).toContain('Two of twelve bales missing (Dispute: second opened).')
    expect(card).toContain('The buyer, Köpare Skrot AB')
    // The history in the deal module's own words.
    expect(card).toContain(`Payment of ${eur(PRICE)} received by bank transfer`)
    expect(card).toContain('The buyer opened a dispute (Quantity short)')
    // What each end of the choice pays, by the settlement.
    expect(card).toContain(`The seller is paid ${eur(PRICE - fee(PRICE))} (after the ${eur(fee(PRICE))} fee); the buyer gets nothing back.`)
    expect(card).toContain(`The seller is paid nothing; the buyer gets back ${eur(PRICE)}.`)
    await resolve(first.id, { resolution: 'release' })
    await resolve(second.id, { resolution: 'release' })
    expect(await (await adminB.get('/admin/disputes')).text()).not.toContain('Dispute: first opened')
  })
})

describe('deciding a dispute', () => {
  it('release: the seller is owed the price less the fee, both sides read the note, the audit log has it', async () => {
    const deal = await disputedLot('Decide: release')
    const notice = await followNotice(await resolve(deal.id, { resolution: 'release', note: 'All twelve bales were on the weighbridge ticket.' }))
    expect(notice).toBe(`Deal ${deal.number} is resolved: the money goes to the seller. Both sides have been told, with your note. Now due under Payouts due: ${eur(PRICE - fee(PRICE))} to the seller.`)
    expect(await dealRow(deal.id)).toMatchObject({ status: 'resolved', resolution: 'release', refund_amount: 0, fee_amount: fee(PRICE) })
    expect(await payoutsDue(deal.id)).toEqual([`seller ${eur(PRICE - fee(PRICE))}`])
    const mails = await db.selectFrom('outbox').select(['to_address', 'text_body']).where('subject', 'like', `Deal ${deal.number} %dispute resolved%`).execute()
    expect(mails.map((m) => m.to_address).sort()).toEqual([buyer.owner.email, seller.owner.email].sort())
    for (const m of mails) expect(m.text_body).toContain('All twelve bales were on the weighbridge ticket.')
    for (const b of [buyerB, sellerB]) expect(await (await b.get(`/deals/${deal.id}`)).text()).toContain('All twelve bales were on the weighbridge ticket.')
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail']).where('subject_id', '=', deal.id).execute()
    expect(audit).toEqual([{ action: 'deal.dispute_resolved', actor_user_id: adminId, detail: expect.objectContaining({ resolution: 'release', refundAmount: 0 }) }])
  })

  it('full refund: the buyer is owed everything received, the seller nothing', async () => {
    const deal = await disputedLot('Decide: full refund')
    const notice = await followNotice(await resolve(deal.id, { resolution: 'refund_full' }))
    expect(notice).toContain(`the buyer is refunded in full. Both sides have been told, with your note. Now due under Payouts due: ${eur(PRICE)} back to the buyer.`)
    expect(await dealRow(deal.id)).toMatchObject({ status: 'resolved', refund_amount: PRICE, fee_amount: 0 })
    expect(await payoutsDue(deal.id)).toEqual([`buyer ${eur(PRICE)}`])
  })

  it('partial refund: the refund to the buyer and the payout to the seller, with the fee, add up to what was received', async () => {
    const deal = await disputedLot('Decide: partial refund')
    const notice = await followNotice(await resolve(deal.id, { resolution: 'refund_partial', refund_amount: '1 000,50' }))
    const kept = PRICE - 100_050
    expect(notice).toContain(`the buyer is refunded ${eur(100_050)}, the seller keeps the rest.`)
    expect(notice).toContain(`Now due under Payouts due: ${eur(kept - fee(kept))} to the seller and ${eur(100_050)} back to the buyer.`)
    const row = await dealRow(deal.id)
    expect(row).toMatchObject({ refund_amount: 100_050, fee_amount: fee(kept) })
    expect(await payoutsDue(deal.id)).toEqual([`seller ${eur(kept - fee(kept))}`, `buyer ${eur(100_050)}`])
    expect((kept - fee(kept)) + 100_050 + fee(kept)).toBe(row.amount_received)
  })

  it('release after an over-payment: the seller is owed the price less the fee, the buyer the over-payment', async () => {
    const deal = await disputedLot('Decide: release, over-paid', PRICE + 2_501)
    await resolve(deal.id, { resolution: 'release' })
    expect(await payoutsDue(deal.id)).toEqual([`seller ${eur(PRICE - fee(PRICE))}`, `buyer ${eur(2_501)}`])
  })

  it('refuses a decision the rules or the form refuse, with a message, and changes nothing', async () => {
    const deal = await disputedLot('Decide: refused')
    const before = await dealRow(deal.id)
    const cases: [Record<string, string>, number, string][] = [
      [{ resolution: 'refund_partial', refund_amount: '4200' }, 409, 'Nothing was decided. A partial refund is more than nothing and less than the whole price'],
      [{ resolution: 'refund_partial', refund_amount: '' }, 422, 'Enter the amount refunded to the buyer.'],
      [{ resolution: 'refund_partial', refund_amount: 'lots' }, 422, 'Enter the amount refunded to the buyer as an amount'],
      [{ resolution: 'give it all away' }, 422, 'Choose a decision: release, full refund or partial refund.'],
      [{ resolution: 'release', note: '   ' }, 422, 'Enter a note for both sides explaining the decision.'],
    ]
    for (const [fields, status, message] of cases) {
      const res = await resolve(deal.id, fields)
      expect(res.status, JSON.stringify(fields)).toBe(status)
      expect(await res.text(), JSON.stringify(fields)).toContain(message)
    }
    expect(await dealRow(deal.id)).toEqual(before)
    expect(await db.selectFrom('audit_log').select('id').where('subject_id', '=', deal.id).execute()).toEqual([])
  })

  it('a dispute decided twice at once is decided once; the other admin is told it is no longer in dispute', async () => {
    const deal = await disputedLot('Decide: twice at once')
    const admin2B = await logInAs(app, await createTestAdmin(db))
    const [a, b] = await Promise.all([
      resolve(deal.id, { resolution: 'release' }),
      admin2B.post(`/admin/disputes/${deal.id}/resolve`, { resolution: 'refund_full', note: 'Refund.' }),
    ])
    expect([a.status, b.status].sort()).toEqual([303, 409])
    expect(await (a.status === 409 ? a : b).text()).toContain('Nothing was decided. This deal is resolved; that step is not possible now.')
    expect(await db.selectFrom('deal_events').select('id').where('deal_id', '=', deal.id).where('kind', '=', 'resolve_dispute').execute()).toHaveLength(1)
  })
})

describe('payouts due', () => {
  const send = (dealId: string, fields: Record<string, string>) =>
    adminB.post(`/admin/payouts/${dealId}`, { paid_on: clock().toISOString().slice(0, 10), bank_reference: 'OUT-1', ...fields })

  it('lists completed deals (seller), cancelled deals with money received (buyer) and over-payments; hides unpaid, unsettled and recorded ones', async () => {
    const completed = await buyLot('Payout: completed')
    await pay(completed.id, PRICE)
    expect((await sellerB.post(`/deals/${completed.id}/steps`, { step: 'hand-over' })).status).toBe(303)
    expect((await buyerB.post(`/deals/${completed.id}/steps`, { step: 'confirm-receipt' })).status).toBe(303)

    // Part paid, then cancelled by the seller once the deadline passed: all of it goes back.
    const cancelled = await buyLot('Payout: cancelled after part-payment')
    await pay(cancelled.id, 100_000)
    await db.updateTable('deals').set({ pay_by: new Date(clock().getTime() - DAY) }).where('id', '=', cancelled.id).execute()
    expect((await sellerB.post(`/deals/${cancelled.id}/steps`, { step: 'cancel-unpaid' })).status).toBe(303)

    const cancelledUnpaid = await buyLot('Payout: cancelled, nothing paid')
    await db.updateTable('deals').set({ pay_by: new Date(clock().getTime() - DAY) }).where('id', '=', cancelledUnpaid.id).execute()
    expect((await sellerB.post(`/deals/${cancelledUnpaid.id}/steps`, { step: 'cancel-unpaid' })).status).toBe(303)
    const stillPaid = await buyLot('Payout: paid, not settled')
    await pay(stillPaid.id, PRICE + 100)

    expect(await payoutsDue(completed.id)).toEqual([`seller ${eur(PRICE - fee(PRICE))}`])
    expect(await payoutsDue(cancelled.id)).toEqual([`buyer ${eur(100_000)}`])
    expect(await payoutsDue(cancelledUnpaid.id)).toEqual([])
    expect(await payoutsDue(stillPaid.id)).toEqual([])
    const html = await (await adminB.get('/admin/payouts')).text()
    expect(html).toContain(`Refund: the deal was cancelled after ${eur(100_000)} was received; all of it goes back.`)
    expect(html).toContain(`Payout: ${eur(PRICE)} kept of the ${eur(PRICE)} price, less the NordicLoop fee of ${eur(fee(PRICE))}.`)

    // Recorded: gone from the queue, confirmed, audited, and refused a second time.
    const owed = PRICE - fee(PRICE)
    const res = await send(completed.id, { party: 'seller', amount: String(owed / 100) })
    expect(await followNotice(res)).toBe(`Recorded the payout of ${eur(owed)} to Säljare Metall AB for deal ${completed.number} (bank reference OUT-1). Both sides have been told.`)
    expect(await payoutsDue(completed.id)).toEqual([])
    const again = await send(completed.id, { party: 'seller', amount: String(owed / 100), bank_reference: 'OUT-2' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Nothing was recorded.')
    expect(await db.selectFrom('deal_payouts').select(['party', 'amount', 'reference']).where('deal_id', '=', completed.id).execute())
      .toEqual([{ party: 'seller', amount: owed, reference: 'OUT-1' }])
    const audit = await db.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', '=', completed.id).execute()
    expect(audit).toEqual([{ action: 'deal.payout_recorded', detail: expect.objectContaining({ amount: owed, reference: 'OUT-1' }) }])
    // The audit page links the line to the deal.
    expect(await (await adminB.get('/admin/audit')).text()).toContain(`<a href="/deals/${completed.id}">deal</a>`)
    expect(await (await sellerB.get(`/deals/${completed.id}`)).text()).toContain(`sent ${eur(owed)}`)
  })

  it('records only the amount owed, refuses a date in the future and a missing reference, and changes nothing when refused', async () => {
    const deal = await disputedLot('Payout: refused input')
    await resolve(deal.id, { resolution: 'refund_full' })
    const cases: [Record<string, string>, number, string][] = [
      [{ party: 'buyer', amount: '4199.99' }, 409, `The buyer is owed exactly ${PRICE} (minor units); record that amount.`],
      [{ party: 'seller', amount: '4200' }, 409, 'Nothing is owed to the seller on this deal.'],
      [{ party: 'buyer', amount: '4200', paid_on: new Date(clock().getTime() + 2 * DAY).toISOString().slice(0, 10) }, 422, 'The date the money was sent cannot be in the future.'],
      [{ party: 'buyer', amount: '4200', bank_reference: '' }, 422, 'Enter the bank reference of the payment.'],
      [{ party: 'nobody', amount: '4200' }, 422, 'Reload the page and try again.'],
    ]
    for (const [fields, status, message] of cases) {
      const res = await send(deal.id, fields)
      expect(res.status, JSON.stringify(fields)).toBe(status)
      expect(await res.text(), JSON.stringify(fields)).toContain(message)
    }
    expect(await db.selectFrom('deal_payouts').select('id').where('deal_id', '=', deal.id).execute()).toEqual([])
    expect(await payoutsDue(deal.id)).toEqual([`buyer ${eur(PRICE)}`])
  })
})

describe('the deals list', () => {
  it('shows every deal, filtered by state, each linking to its deal page; an unknown state is refused with a message', async () => {
    const unpaid = await buyLot('List: awaiting')
    const all = await (await adminB.get('/admin/deals')).text()
    expect(all).toContain(`href="/deals/${unpaid.id}"`)
    expect(all).toContain('Decide: release')
    const awaiting = await (await adminB.get('/admin/deals?status=awaiting_payment')).text()
    expect(awaiting).toContain('List: awaiting')
    expect(awaiting).not.toContain('Decide: release')
    const resolved = await (await adminB.get('/admin/deals?status=resolved')).text()
    expect(resolved).toContain('Decide: release')
    expect(resolved).not.toContain('List: awaiting')
    const bad = await adminB.get('/admin/deals?status=lost')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Choose a state from the list.')
    // The deal page itself, as an admin sees it.
    expect((await adminB.get(`/deals/${unpaid.id}`)).status).toBe(200)
  })
})
