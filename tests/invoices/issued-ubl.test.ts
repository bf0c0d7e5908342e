// The invoices deals really issue, written as e-invoices and read back by the EN 16931 /
// Peppol checks (tests/invoices/ubl-checks.ts): every VAT outcome of the rules (standard rate,
// domestic reverse charge, intra-EU supply, export from the EU and from Norway), NordicLoop's
// fee invoices to sellers in Sweden, Germany and Norway, and a credit note.
import { describe, expect, it } from 'vitest'
import { createTestCompany, logInAs } from '../support/factories.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'
import type { DealRow } from '../../src/deals/act-on-deal.js'
import { failures } from './ubl-checks.js'
import { invoicesOf, invoiceWorld } from './invoice-world.js'

const w = await invoiceWorld()
const [sellerDe, sellerNo, buyerNo] = await Promise.all([
  createTestCompany(w.db, { status: 'approved', legalName: 'Rhein Schrott GmbH', country: 'DE' }),
  createTestCompany(w.db, { status: 'approved', legalName: 'Fjordplast Gjenvinning AS', country: 'NO' }),
  createTestCompany(w.db, { status: 'approved', legalName: 'Bergen Fiber AS', country: 'NO' }),
])
const buyerNoB = await logInAs(w.app, buyerNo.owner)

async function ownerOf(companyId: string) {
  const u = await w.db.selectFrom('users').select('id').where('company_id', '=', companyId).where('company_role', '=', 'owner').executeTakeFirstOrThrow()
  return { userId: u.id, companyId, isAdmin: false }
}

/** Bought, paid, handed over and confirmed: the deal has its sale invoice and its fee invoice. */
async function settledDeal(deal: DealRow) {
  await w.pay(deal)
  await w.act(deal, await ownerOf(deal.seller_company_id), { type: 'hand_over' })
  await w.act(deal, await ownerOf(deal.buyer_company_id), { type: 'confirm_receipt' })
  return invoicesOf(w.db, deal.id)
}

const lot = (sellerCompanyId: string, title: string, category: string, browser = w.browsers.buyerSe) =>
  buyFixedPriceLot(w.db, browser, { sellerCompanyId, title, price: 123_457, now: w.clock(), category })

describe('issued invoices as e-invoices', () => {
  const cases: Array<[string, () => Promise<DealRow>, string, string]> = [
    ['Swedish waste paper within Sweden', () => w.buy(w.browsers.buyerSe, 'Paper S', 123_457, 'paper-cardboard'), 'S', 'S'],
    ['Swedish scrap metal within Sweden', () => w.buy(w.browsers.buyerSe, 'Metal AE', 123_457, 'ferrous-metals'), 'AE', 'S'],
    ['Swedish paper to Germany', () => w.buy(w.browsers.buyerDe, 'Paper K', 123_457, 'paper-cardboard'), 'K', 'S'],
    ['Swedish paper to Norway', () => w.buy(buyerNoB, 'Paper G', 123_457, 'paper-cardboard'), 'G', 'S'],
    ['German plastics to Sweden', () => lot(sellerDe.companyId, 'Plastics K', 'plastics'), 'K', 'AE'],
    ['Norwegian plastics to Sweden', () => lot(sellerNo.companyId, 'Plastics export', 'plastics'), 'G', 'O'],
    ['Norwegian plastics within Norway', () => lot(sellerNo.companyId, 'Plastics NO', 'plastics', buyerNoB), 'S', 'O'],
  ]
  it.each(cases.map(([name, make, sale, fee]) => ({ name, make, sale, fee })))('$name: the sale invoice ($sale) and the fee invoice ($fee) pass every check', async ({ make, sale: saleCategory, fee: feeCategory }) => {
    const papers = await settledDeal(await make())
    const sale = papers.find((p) => p.flow === 'sale')!
    const fee = papers.find((p) => p.flow === 'fee')!
    expect(sale.document.vat[0].category).toBe(saleCategory)
    expect(fee.document.vat[0].category).toBe(feeCategory)
    expect(failures(sale.document), sale.number).toEqual([])
    expect(failures(fee.document), fee.number).toEqual([])
  })

  it('a credit note for a partial refund passes every check', async () => {
    const deal = await w.buy(w.browsers.buyerSe, 'Paper refunded', 123_457, 'paper-cardboard')
    await w.pay(deal)
    await w.act(deal, w.viewers.buyerSe, { type: 'open_dispute', reason: 'quantity_short', text: 'Short.' })
    await w.act(deal, w.viewers.admin, { type: 'resolve_dispute', resolution: 'refund_partial', refundAmount: 10_001, note: 'Short.' })
    const credit = (await invoicesOf(w.db, deal.id)).find((p) => p.kind === 'credit_note')!
    expect(credit.total_minor).toBe(10_001)
    expect(failures(credit.document), credit.number).toEqual([])
  })
})
