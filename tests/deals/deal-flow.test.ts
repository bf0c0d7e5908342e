// A deal through the real app, as its two sides and an admin see it: the buyer is shown how
// to pay, steps are plain forms, each side sees only its own buttons, and an outsider sees no deal.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import { paymentReference } from '../../src/deals/payment-reference.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'

const { app, db, clock, config } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)

let seller: TestCompany
let buyer: TestCompany
let outsider: TestCompany
let sellerB: TestBrowser
let buyerB: TestBrowser
let outsiderB: TestBrowser
let colleagueB: TestBrowser
let adminId: string

const buyFixedPrice = (title: string, price = 420_000) => buyFixedPriceLot(db, buyerB, { sellerCompanyId: seller.companyId, title, price, now: clock() })

const step = (b: TestBrowser, dealId: string, name: string) => b.post(`/deals/${dealId}/steps`, { step: name })

beforeAll(async () => {
  ;[seller, buyer, outsider] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Metall AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Kartong AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Outside Oy', country: 'FI' }),
  ])
  const admin = await createTestAdmin(db)
  adminId = admin.userId
  const colleague = await addTestMember(db, outsider.companyId)
  ;[sellerB, buyerB, outsiderB, colleagueB] = await Promise.all([logInAs(app, seller.owner), logInAs(app, buyer.owner), logInAs(app, outsider.owner), logInAs(app, colleague)])
})

describe('the platform fee', () => {
  it('is shown to the seller before listing, from the configured terms', async () => {
    const html = await (await sellerB.get('/listings/new')).text()
    expect(html).toContain(`The NordicLoop fee is ${terms.fees.feeRateBp / 100} % (at least €25.00) of the sale price`)
    expect(html).toContain('a lot sold for €1,000.00 pays you €970.00')
  })
})

describe('a deal from purchase to payout', () => {
  it('shows the buyer how to pay, the seller the fee, and neither the other side contact before payment', async () => {
    const deal = await buyFixedPrice('Baled cardboard, 12 t')
    expect(deal.fee_amount).toBe(Math.max(Math.round(420_000 * terms.fees.feeRateBp / 10_000), terms.fees.feeMinimum))
    const buyerPage = await (await buyerB.get(`/deals/${deal.id}`)).text()
    expect(buyerPage).toContain(paymentReference(deal.number))
    expect(buyerPage).toContain('SE45 5000 0000 0583 9825 7466')
    expect(buyerPage).toMatch(/Pay €4,200\.00 by/)
    expect(buyerPage).not.toContain('NordicLoop fee')
    expect(buyerPage).not.toContain(seller.owner.email)
    const sellerPage = await (await sellerB.get(`/deals/${deal.id}`)).text()
    expect(sellerPage).toContain('NordicLoop fee')
    expect(sellerPage).not.toContain(paymentReference(deal.number))
    expect(sellerPage).not.toContain('Mark as handed over')
  })

  it('goes paid → handed over → completed through the pages, with history and emails to both sides', async () => {
    const deal = await buyFixedPrice('Steel offcuts')
    const paid = await recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: 'EUR', receivedAt: clock(), reference: 'BANK-1' },
      { viewer: { userId: adminId, companyId: null, isAdmin: true }, now: clock(), terms })
    expect(paid.ok).toBe(true)
    const afterPay = await (await buyerB.get(`/deals/${deal.id}`)).text()
    expect(afterPay).toContain(seller.owner.email)
    expect(await (await step(buyerB, deal.id, 'hand-over')).text()).toContain('Only the seller can do this.')
    const handed = await step(sellerB, deal.id, 'hand-over')
    expect(handed.status).toBe(303)
    expect(await (await buyerB.get(`/deals/${deal.id}`)).text()).toContain('Confirm I received the material')
    expect((await step(buyerB, deal.id, 'confirm-receipt')).status).toBe(303)
    const row = await db.selectFrom('deals').select(['status', 'version']).where('id', '=', deal.id).executeTakeFirstOrThrow()
    expect(row.status).toBe('completed')
    const events = await db.selectFrom('deal_events').select('kind').where('deal_id', '=', deal.id).orderBy('id').execute()
    expect(events.map((e) => e.kind)).toEqual(['opened', 'record_payment', 'hand_over', 'confirm_receipt'])
    const mails = await db.selectFrom('outbox').select(['to_address', 'text_body']).where('template', '=', 'deal-update').where('text_body', 'like', `%/deals/${deal.id}%`).execute()
    expect(mails.filter((m) => m.to_address === buyer.owner.email)).toHaveLength(3)
    expect(mails.filter((m) => m.to_address === seller.owner.email)).toHaveLength(3)
    const page = await (await sellerB.get(`/deals/${deal.id}`)).text()
    expect(page).toContain('confirmed receiving the material')
  })

  it('is no such deal for another company, its colleague and a visitor, and a step from them changes nothing', async () => {
    const deal = await buyFixedPrice('Pallets')
    for (const b of [outsiderB, colleagueB]) {
      expect((await b.get(`/deals/${deal.id}`)).status).toBe(404)
      expect((await step(b, deal.id, 'request-cancel')).status).toBe(404)
      expect((await b.post(`/deals/${deal.id}/dispute`, { reason: 'other', text: 'x' })).status).toBe(404)
    }
    const visitor = await app.request(`/deals/${deal.id}`)
    expect([302, 303]).toContain(visitor.status)
    const after = await db.selectFrom('deals').select(['version', 'cancel_requested_by']).where('id', '=', deal.id).executeTakeFirstOrThrow()
    expect(after).toEqual({ version: 1, cancel_requested_by: null })
  })

  it('after a cancellation for non-payment shows no money owed, fee or payout', async () => {
    const deal = await buyFixedPrice('Unpaid glass cullet')
    expect(await (await step(sellerB, deal.id, 'cancel-unpaid')).text()).toContain('The buyer still has time to pay')
    clock.advance(deal.pay_by.getTime() - clock().getTime() + 60_000)
    expect((await step(sellerB, deal.id, 'cancel-unpaid')).status).toBe(303)
    for (const b of [sellerB, buyerB]) {
      const html = await (await b.get(`/deals/${deal.id}`)).text()
      expect(html).toContain('cancelled')
      expect(html).not.toContain('still to pay')
      expect(html).not.toContain('NordicLoop fee')
      expect(html).not.toContain('Pay €')
    }
  })

  it('lists deals grouped by who must act', async () => {
    const html = await (await buyerB.get('/deals')).text()
    expect(html).toContain('Needs your action')
    expect(html).toContain('Pallets')
  })
})
