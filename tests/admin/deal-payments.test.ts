// "Payments to record": the admin finds a bank transfer's deal by its payment reference and
// records the receipt as the bank shows it — in full, short or over — once, however many
// admins (or a card payment's webhook) report money for the deal at the same moment.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import { paymentReference } from '../../src/deals/payment-reference.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'

const { app, db, clock, config } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)
const DAY = 24 * 60 * 60 * 1000

let seller: TestCompany
let buyer: TestCompany
let buyerB: TestBrowser
let adminB: TestBrowser
let admin2B: TestBrowser

beforeAll(async () => {
  ;[seller, buyer] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Papper AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Wellpapp AB' }),
  ])
  const [a1, a2] = await Promise.all([createTestAdmin(db), createTestAdmin(db)])
  ;[buyerB, adminB, admin2B] = await Promise.all([logInAs(app, buyer.owner), logInAs(app, a1), logInAs(app, a2)])
})

/** A deal made the way buyers make them: buying a fixed-price lot. */
const buyLot = (title: string, price = 420_000) => buyFixedPriceLot(db, buyerB, { sellerCompanyId: seller.companyId, title, price, now: clock() })

const today = () => clock().toISOString().slice(0, 10)
const record = (b: TestBrowser, dealId: string, fields: Partial<Record<'amount' | 'received_on' | 'bank_reference', string>>) =>
  b.post(`/admin/payments/${dealId}`, { amount: '4200', received_on: today(), bank_reference: 'BANK-X', ...fields })

const dealRow = (id: string) => db.selectFrom('deals').select(['status', 'amount', 'amount_received', 'version']).where('id', '=', id).executeTakeFirstOrThrow()
const payments = (id: string) => db.selectFrom('deal_payments').select(['gateway', 'amount', 'reference']).where('deal_id', '=', id).orderBy('id').execute()

/** Follows a recording's redirect to the queue and returns the confirmation shown there. */
async function confirmation(b: TestBrowser, res: Response) {
  expect(res.status, await res.clone().text()).toBe(303)
  const page = await (await b.get(res.headers.get('location')!)).text()
  return /<div class="alert success" role="status">([^<]*)<\/div>/.exec(page)?.[1] ?? ''
}

describe('the payments queue', () => {
  it('lists deals awaiting payment, the nearest deadline first, with what is due, the reference and overdue ones flagged; hides the rest', async () => {
    const later = await buyLot('Queue: later deadline')
    const overdue = await buyLot('Queue: overdue')
    const paid = await buyLot('Queue: paid already')
    await db.updateTable('deals').set({ pay_by: new Date(clock().getTime() + 9 * DAY) }).where('id', '=', later.id).execute()
    await db.updateTable('deals').set({ pay_by: new Date(clock().getTime() - DAY) }).where('id', '=', overdue.id).execute()
    await recordPayment(db, { dealId: paid.id, gateway: 'card', amount: paid.amount, currency: 'EUR', receivedAt: clock(), reference: 'pi_1' },
      { viewer: 'system', now: clock(), terms })
    const html = await (await adminB.get('/admin/payments')).text()
    expect(html.indexOf('Queue: overdue')).toBeGreaterThan(-1)
    expect(html.indexOf('Queue: overdue')).toBeLessThan(html.indexOf('Queue: later deadline'))
    expect(html).not.toContain('Queue: paid already')
    const card = html.slice(html.indexOf(`id="deal-${overdue.id}"`), html.indexOf('</article>', html.indexOf(`id="deal-${overdue.id}"`)))
    expect(card).toContain(`Deal ${overdue.number}`)
    expect(card).toContain('Köpare Wellpapp AB')
    expect(card).toContain('€4,200.00')
    expect(card).toContain(paymentReference(overdue.number))
    expect(card).toContain('overdue')
    const laterCard = html.slice(html.indexOf(`id="deal-${later.id}"`), html.indexOf('</article>', html.indexOf(`id="deal-${later.id}"`)))
    expect(laterCard).not.toContain('overdue')
  })

  it('finds a deal by the reference typed any way, and says clearly when a reference is mistyped or names no waiting deal', async () => {
    const deal = await buyLot('Search: by reference')
    const ref = paymentReference(deal.number)
    const typed = ref.replaceAll(' ', '').toLowerCase()
    const found = await adminB.get(`/admin/payments?reference=${encodeURIComponent(typed)}`)
    expect(found.status).toBe(200)
    const html = await found.text()
    expect(html.indexOf(`id="deal-${deal.id}"`)).toBeLessThan(html.indexOf('waiting, the nearest deadline first'))
    expect(html.match(new RegExp(`id="deal-${deal.id}"`, 'g'))).toHaveLength(1)

    // One digit off: the check digits catch it.
    const last = ref.at(-1)!
    const mistyped = ref.slice(0, -1) + (last === '9' ? '8' : String(Number(last) + 1))
    const bad = await adminB.get(`/admin/payments?reference=${encodeURIComponent(mistyped)}`)
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('is not a NordicLoop payment reference: a character is probably mistyped')

    const unknown = await adminB.get(`/admin/payments?reference=${encodeURIComponent(paymentReference(999_999))}`)
    expect(await unknown.text()).toContain('no deal has the number 999999')

    await recordPayment(db, { dealId: deal.id, gateway: 'card', amount: deal.amount, currency: 'EUR', receivedAt: clock(), reference: 'pi_s' },
      { viewer: 'system', now: clock(), terms })
    const paid = await (await adminB.get(`/admin/payments?reference=${encodeURIComponent(ref)}`)).text()
    expect(paid).toMatch(/is paid: it is not waiting for a payment, so there is nothing to record/)
  })
})

describe('recording a bank transfer', () => {
  it('in full: the deal is paid, the admin is told so, both sides are emailed, and the audit log has it', async () => {
    const deal = await buyLot('Record: in full')
    const res = await record(adminB, deal.id, { amount: '4 200,00', bank_reference: 'SEB 2026-12-01 0042' })
    expect(await confirmation(adminB, res)).toBe(`Recorded €4,200.00 received by bank transfer for deal ${deal.number} (bank reference SEB 2026-12-01 0042). The deal is paid in full.`)
    expect(await dealRow(deal.id)).toMatchObject({ status: 'paid', amount_received: 420_000 })
    expect(await payments(deal.id)).toEqual([{ gateway: 'bank_transfer', amount: 420_000, reference: 'SEB 2026-12-01 0042' }])
    const audit = await db.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', '=', deal.id).execute()
    expect(audit).toEqual([{ action: 'deal.payment_recorded', detail: expect.objectContaining({ amount: 420_000, reference: 'SEB 2026-12-01 0042', status: 'paid' }) }])
    const mails = await db.selectFrom('outbox').select('to_address').where('text_body', 'like', `%/deals/${deal.id}%`).where('subject', 'like', '%payment received%').execute()
    expect(mails.map((m) => m.to_address).sort()).toEqual([buyer.owner.email, seller.owner.email].sort())
  })

  it('short: recorded with its difference, the deal waits for the rest, and a second transfer completes it to the cent', async () => {
    const deal = await buyLot('Record: short', 420_050)
    const first = await record(adminB, deal.id, { amount: '3000', bank_reference: 'SHORT-1' })
    expect(await confirmation(adminB, first)).toBe(`Recorded €3,000.00 received by bank transfer for deal ${deal.number} (bank reference SHORT-1). `
      + 'That is €1,200.50 short of the price of €4,200.50: the deal waits for the rest, and both sides see €1,200.50 still to pay on the deal page.')
    const after = await dealRow(deal.id)
    expect(after).toMatchObject({ status: 'awaiting_payment', amount_received: 300_000 })
    expect(after.amount_received + 120_050).toBe(after.amount)
    expect(await (await adminB.get(`/deals/${deal.id}`)).text()).toContain('€1,200.50 still to pay')
    // Still in the queue, with what is left.
    const queue = await (await adminB.get('/admin/payments')).text()
    const card = queue.slice(queue.indexOf(`id="deal-${deal.id}"`))
    expect(card.slice(0, card.indexOf('</article>'))).toContain('<strong>€1,200.50</strong> — €3,000.00 of €4,200.50 received')

    const second = await record(adminB, deal.id, { amount: '1200.50', bank_reference: 'SHORT-2' })
    expect(await confirmation(adminB, second)).toBe(`Recorded €1,200.50 received by bank transfer for deal ${deal.number} (bank reference SHORT-2). In all €4,200.50 has been received. The deal is paid in full.`)
    expect(await dealRow(deal.id)).toMatchObject({ status: 'paid', amount_received: 420_050 })
    const rows = await payments(deal.id)
    expect(rows.reduce((sum, p) => sum + p.amount, 0)).toBe(420_050)
  })

  it('over: recorded with its difference, the deal is paid, and the over-payment is owed back to the buyer once settled', async () => {
    const deal = await buyLot('Record: over', 420_000)
    const res = await record(adminB, deal.id, { amount: '4250.01', bank_reference: 'OVER-1' })
    expect(await confirmation(adminB, res)).toBe(`Recorded €4,250.01 received by bank transfer for deal ${deal.number} (bank reference OVER-1). `
      + 'That is €50.01 more than the price of €4,200.00: the deal is paid, and the €50.01 over-payment is refunded to the buyer when the deal is settled.')
    const after = await dealRow(deal.id)
    expect(after).toMatchObject({ status: 'paid', amount_received: 425_001 })
    expect(after.amount_received).toBe(after.amount + 5_001)
    expect(await (await adminB.get(`/deals/${deal.id}`)).text()).toContain('€50.01 more than the price')
  })

  it('refuses an amount that is no amount, a date in the future and a missing bank reference, with messages, and records nothing', async () => {
    const deal = await buyLot('Record: refused input')
    const tomorrow = new Date(clock().getTime() + 2 * DAY).toISOString().slice(0, 10)
    const cases: [Parameters<typeof record>[2], string][] = [
      [{ amount: '12,34,5' }, 'Enter the amount received as an amount, like 1250 or 1 250,50.'],
      [{ amount: '0' }, 'Enter the amount received as an amount'],
      [{ amount: '' }, 'Enter the amount received.'],
      [{ received_on: tomorrow }, 'The date the money arrived cannot be in the future.'],
      [{ received_on: '2026-02-30' }, 'Enter the date the money arrived as a date, like 2026-12-03.'],
      [{ bank_reference: '  ' }, 'Enter the bank reference of the transfer.'],
    ]
    for (const [fields, message] of cases) {
      const res = await record(adminB, deal.id, fields)
      expect(res.status, JSON.stringify(fields)).toBe(422)
      const html = await res.text()
      expect(html, JSON.stringify(fields)).toContain(message)
      // The form comes back open, with what was typed.
      expect(html).toContain(`<details class="reason-form" open`)
    }
    expect(await dealRow(deal.id)).toMatchObject({ status: 'awaiting_payment', amount_received: 0, version: 1 })
    expect(await payments(deal.id)).toEqual([])
  })

  it('is no such deal for an id that names none', async () => {
    const res = await record(adminB, '3f2b8c1e-6d4a-4f7e-9b1c-2a5d8e9f0a1b', {})
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('There is no such deal.')
  })
})

describe('money reported twice at once', () => {
  it('two admins recording the same transfer together record it once; the other is told it is already recorded', async () => {
    for (const amount of ['1000', '4200']) {
      const deal = await buyLot(`Race: two admins, ${amount}`)
      const [a, b] = await Promise.all([
        record(adminB, deal.id, { amount, bank_reference: 'SAME-REF' }),
        record(admin2B, deal.id, { amount, bank_reference: 'SAME-REF' }),
      ])
      expect([a.status, b.status].sort()).toEqual([303, 409])
      const refused = await (a.status === 409 ? a : b).text()
      expect(refused).toMatch(amount === '1000' ? /Nothing was recorded\. The receipt with reference SAME-REF is already recorded for this deal\./ : /Nothing was recorded\. This deal is paid/)
      expect(await payments(deal.id)).toHaveLength(1)
      expect((await dealRow(deal.id)).amount_received).toBe(Number(amount) * 100)
      expect(await db.selectFrom('audit_log').select('id').where('subject_id', '=', deal.id).execute()).toHaveLength(1)
    }
  })

  it('a card payment reported by the webhook and an admin bank receipt for the same deal at once: the deal is paid once, the second refused because it is paid', async () => {
    for (let round = 0; round < 3; round++) {
      const deal = await buyLot(`Race: card and bank ${round}`)
      const webhook = recordPayment(db, { dealId: deal.id, gateway: 'card', amount: deal.amount, currency: 'EUR', receivedAt: clock(), reference: `pi_race_${round}` },
        { viewer: 'system', now: clock(), terms })
      const [card, bank] = await Promise.all([webhook, record(adminB, deal.id, { amount: '4200', bank_reference: `BANK-RACE-${round}` })])
      const paidOnce = await payments(deal.id)
      expect(paidOnce).toHaveLength(1)
      expect(await dealRow(deal.id)).toMatchObject({ status: 'paid', amount_received: 420_000 })
      if (card.ok) {
        expect(bank.status).toBe(409)
        const html = await bank.text()
        expect(html).toContain('Nothing was recorded. This deal is paid; that step is not possible now.')
        expect(html).toContain('If this transfer did arrive as well, it has to be refunded to the buyer.')
        expect(paidOnce[0]!.gateway).toBe('card')
      } else {
        expect(bank.status).toBe(303)
        expect(card.message).toBe('This deal is paid; that step is not possible now.')
        expect(paidOnce[0]!.gateway).toBe('bank_transfer')
      }
    }
  })
})
