// Invoices as a deal makes them: VAT on the price (domestic standard rate, intra-EU supply),
// the seller's invoice issued on payment with everything an accountant checks, the fee invoice
// at settlement, credit notes for refunds, the emails that carry the PDFs, the money to the
// cent with VAT in it, and an issued invoice that cannot be changed.
import { describe, expect, it } from 'vitest'
import { settlement } from '../../src/deals/deal-rules.js'
import { factsOf } from '../../src/deals/act-on-deal.js'
import { feeOn } from '../../src/deals/fees.js'
import { paymentReference } from '../../src/deals/payment-reference.js'
import { formatMoney } from '../../src/lib/money.js'
import { issuePaperwork } from '../../src/invoices/issue.js'
import { attachmentsAfter, invoicesOf, invoiceWorld, lastMailId } from './invoice-world.js'

const w = await invoiceWorld()
const { db } = w
const eur = (minor: number) => formatMoney(minor, 'EUR')
const dealRow = (id: string) => db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const companyEmails = async (companyId: string) => (await db.selectFrom('users').select('email').where('company_id', '=', companyId).execute()).map((u) => u.email)
const code = 'VA' // "Vänerpack AB" has one word before its legal form: its first two letters

describe('VAT on a deal', () => {
  it('adds 25 % Swedish VAT to waste paper sold within Sweden: the buyer pays the total, the page shows price, VAT with its reason and total', async () => {
    const deal = await w.buy(w.browsers.buyerSe, 'Baled cardboard, 12 t', 150_000, 'paper-cardboard')
    expect(deal).toMatchObject({ amount: 187_500, vat_amount: 37_500, net_amount: 150_000, vat_category: 'S', vat_rate_bp: 2500, vat_rule: 'domestic_standard' })
    // The fee is on the price without VAT.
    expect(deal.fee_amount).toBe(feeOn(150_000, w.terms.fees))
    const page = await (await w.browsers.buyerSe.get(`/deals/${deal.id}`)).text()
    expect(page).toContain('Price excl. VAT')
    expect(page).toContain(eur(150_000))
    expect(page).toContain(eur(37_500))
    expect(page).toContain('25 % Sweden VAT')
    expect(page).toContain(eur(187_500))
    // The buyer's "you bought" and the seller's "sold" emails say the same, and the buyer is asked for the total.
    const mails = await db.selectFrom('outbox').select(['template', 'text_body']).where('template', 'in', ['purchase-confirmation', 'item-sold'])
      .where('text_body', 'like', '%Baled cardboard, 12 t%').execute()
    expect(mails.map((m) => m.template).sort()).toEqual(['item-sold', 'purchase-confirmation'])
    for (const m of mails) expect(m.text_body).toContain(`Price ${eur(150_000)} excl. VAT + VAT ${eur(37_500)} = ${eur(187_500)}. VAT: 25 % Sweden VAT`)
    expect(mails.find((m) => m.template === 'purchase-confirmation')!.text_body).toContain(`Please pay ${eur(187_500)} by`)
  })

  it('reverse charges scrap metal between two Swedish companies, and charges no VAT on an intra-EU supply to Germany', async () => {
    const metal = await w.buy(w.browsers.buyerSe, 'Steel offcuts', 80_000, 'ferrous-metals')
    expect(metal).toMatchObject({ amount: 80_000, vat_amount: 0, vat_category: 'AE', vat_rule: 'domestic_reverse_charge' })
    const paper = await w.buy(w.browsers.buyerDe, 'Office paper', 90_000, 'paper-cardboard')
    expect(paper).toMatchObject({ amount: 90_000, vat_amount: 0, vat_category: 'K', vat_rule: 'intra_eu_supply' })
    expect(paper.vat_note).toContain('Article 138')
  })

  it('charges Swedish VAT on a sale to Germany when the buyer has no VAT number', async () => {
    await db.updateTable('companies').set({ vat_number: null }).where('id', '=', w.buyerDe.companyId).execute()
    try {
      const deal = await w.buy(w.browsers.buyerDe, 'Plastic crates', 40_000, 'plastics')
      expect(deal).toMatchObject({ amount: 50_000, vat_amount: 10_000, vat_category: 'S', vat_rule: 'cross_border_standard' })
    } finally {
      await db.updateTable('companies').set({ vat_number: w.buyerDe.vatNumber }).where('id', '=', w.buyerDe.companyId).execute()
    }
  })
})

describe('the seller’s invoice, issued when the buyer has paid', () => {
  it('is issued in the payment’s transaction, with both parties, the line, the VAT, the totals, the reference and the due date, shown as paid', async () => {
    const deal = await w.buy(w.browsers.buyerSe, 'Corrugated board offcuts', 150_000, 'paper-cardboard')
    await w.pay(deal, 100_000)
    expect(await invoicesOf(db, deal.id), 'no invoice while part of the price is missing').toEqual([])
    const mailsBefore = await lastMailId(db)
    await w.pay(deal, 87_500)
    const [invoice, ...more] = await invoicesOf(db, deal.id)
    expect(more).toEqual([])
    expect(invoice).toMatchObject({ kind: 'invoice', flow: 'sale', issuer_company_id: w.seller.companyId, recipient_company_id: w.buyerSe.companyId, net_minor: 150_000, vat_minor: 37_500, total_minor: 187_500 })
    const doc = invoice.document
    expect(doc.number).toMatch(new RegExp(`^${code}-\\d{4}-\\d{4}$`))
    expect(doc.seller).toMatchObject({ legalName: 'Vänerpack AB', vatNumber: w.seller.vatNumber, orgNumber: w.seller.orgNumber, address: { line: 'Hamngatan 1', city: 'Stockholm', country: 'SE' } })
    expect(doc.buyer).toMatchObject({ legalName: 'Köpare Kartong AB', vatNumber: w.buyerSe.vatNumber, orgNumber: w.buyerSe.orgNumber })
    expect(doc.lines).toEqual([expect.objectContaining({ name: 'Corrugated board offcuts', quantity: '12', unitCode: 'TNE', unitLabel: 't', priceMinor: 150_000, baseQuantity: '12', lineExtensionMinor: 150_000, vatCategory: 'S', vatRatePercent: '25' })])
    expect(doc.vat).toEqual([{ category: 'S', ratePercent: '25', taxableMinor: 150_000, taxMinor: 37_500, exemptionReason: null, exemptionCode: null }])
    expect(doc.totals).toEqual({ lineExtensionMinor: 150_000, taxExclusiveMinor: 150_000, taxMinor: 37_500, taxInclusiveMinor: 187_500, prepaidMinor: 187_500, payableMinor: 0 })
    const row = await dealRow(deal.id)
    expect(doc.payment).toMatchObject({ meansCode: '58', reference: paymentReference(row.number).replace(/\s/g, ''), iban: w.terms.bank.iban })
    expect(doc.dueDate).toBe(row.pay_by.toISOString().slice(0, 10))
    expect(doc.buyerReference).toBe(`Deal ${row.number}`)
    expect(doc.notes[0]).toBe('Issued by NordicLoop AB on behalf of Vänerpack AB (invoice drawn up by a third party in the name and on behalf of the supplier, Article 220 of Directive 2006/112/EC).')
    expect(doc.notes.join(' ')).toContain('nothing is payable')

    // The payment's email carries the PDF to the buyer, and a copy to the seller.
    const files = await attachmentsAfter(db, mailsBefore)
    const pdfs = files.filter((f) => f.name === `invoice-${doc.number}.pdf`)
    expect(pdfs.every((f) => f.contentType === 'application/pdf' && f.content.subarray(0, 5).toString() === '%PDF-')).toBe(true)
    const to = new Set(pdfs.map((f) => f.to))
    expect((await companyEmails(w.buyerSe.companyId)).some((e) => to.has(e)), 'the buyer gets it').toBe(true)
    expect((await companyEmails(w.seller.companyId)).some((e) => to.has(e)), 'the seller gets a copy').toBe(true)
  })

  it('numbers the seller’s invoices one after the other and puts the invoice on the deal page for both sides', async () => {
    const deals = [await w.buy(w.browsers.buyerDe, 'Glass cullet', 30_000, 'glass'), await w.buy(w.browsers.buyerSe, 'Copper cable', 60_000, 'non-ferrous-metals')]
    for (const d of deals) await w.pay(d)
    const rows = await db.selectFrom('invoices').select(['sequence_number', 'number']).where('series', '=', `seller:${w.seller.companyId}`).orderBy('sequence_number').execute()
    expect(rows.map((r) => r.sequence_number)).toEqual(rows.map((_, i) => i + 1))
    const [glass] = await invoicesOf(db, deals[0].id)
    expect(glass.document.vat[0]).toMatchObject({ category: 'K', exemptionCode: 'VATEX-EU-IC' })
    for (const b of [w.browsers.buyerDe, w.browsers.seller, w.browsers.admin]) {
      const page = await (await b.get(`/deals/${deals[0].id}`)).text()
      expect(page).toContain(`Invoice ${glass.number}`)
      expect(page).toContain(`/deals/${deals[0].id}/invoices/${glass.id}.pdf`)
    }
  })
})

describe('settlement: the fee invoice, credit notes and the money to the cent', () => {
  it('issues NordicLoop’s fee invoice to the seller when the deal completes, for the fee on the net price, VAT included, attached to the seller’s email only', async () => {
    const deal = await w.buy(w.browsers.buyerSe, 'Mixed paper', 150_000, 'paper-cardboard')
    await w.pay(deal)
    await w.act(deal, w.viewers.seller, { type: 'hand_over' })
    const before = await lastMailId(db)
    const done = (await w.act(deal, w.viewers.buyerSe, { type: 'confirm_receipt' }))!
    const fee = settlement(factsOf(done)).fee
    expect(fee).toBe(feeOn(150_000, w.terms.fees))
    const feeInvoice = (await invoicesOf(db, deal.id)).find((i) => i.flow === 'fee')!
    expect(feeInvoice).toMatchObject({ kind: 'invoice', series: 'fee', issuer_company_id: null, recipient_company_id: w.seller.companyId, total_minor: fee })
    // A Swedish seller: 25 % Swedish VAT, within the fee deducted.
    expect(feeInvoice.net_minor + feeInvoice.vat_minor).toBe(fee)
    expect(feeInvoice.vat_minor).toBe(Math.round(fee - fee / 1.25))
    expect(feeInvoice.document.number).toMatch(/^NL-\d{4}-\d{6}$/)
    expect(feeInvoice.document.seller).toMatchObject({ legalName: 'NordicLoop AB', vatNumber: 'SE559301234601', address: { city: 'Stockholm', country: 'SE' } })
    expect(feeInvoice.document.totals).toMatchObject({ prepaidMinor: fee, payableMinor: 0 })
    const files = (await attachmentsAfter(db, before)).filter((f) => f.name === `invoice-${feeInvoice.number}.pdf`)
    const sellers = await companyEmails(w.seller.companyId)
    expect(files.length).toBeGreaterThan(0)
    expect(files.every((f) => sellers.includes(f.to))).toBe(true)
  })

  it('a partial refund decided in a dispute issues a credit note in the seller’s sequence for the refunded part with its VAT; payout + refund + fee = received', async () => {
    const deal = await w.buy(w.browsers.buyerSe, 'Disputed board', 150_000, 'paper-cardboard')
    await w.pay(deal)
    const [invoice] = await invoicesOf(db, deal.id)
    await w.act(deal, w.viewers.buyerSe, { type: 'open_dispute', reason: 'quantity_short', text: 'Two bales short.' })
    const before = await lastMailId(db)
    const resolved = (await w.act(deal, w.viewers.admin, { type: 'resolve_dispute', resolution: 'refund_partial', refundAmount: 25_000, note: 'Two bales short.' }))!
    const papers = await invoicesOf(db, deal.id)
    const credit = papers.find((p) => p.kind === 'credit_note')!
    const feeInvoice = papers.find((p) => p.flow === 'fee')!
    expect(papers).toHaveLength(3)
    expect(credit).toMatchObject({ kind: 'credit_note', flow: 'sale', preceding_invoice_id: invoice.id, series: invoice.series, sequence_number: invoice.sequence_number + 1, total_minor: 25_000, net_minor: 20_000, vat_minor: 5_000 })
    expect(credit.document.precedingInvoice).toEqual({ number: invoice.number, issueDate: invoice.document.issueDate })
    expect(credit.number).toBe(`${code}-${credit.document.issueDate.slice(0, 4)}-${String(credit.sequence_number).padStart(4, '0')}`)
    expect(credit.document.kind).toBe('credit_note')
    const s = settlement(factsOf(resolved))
    expect(s.fee).toBe(feeOn(130_000, w.terms.fees))
    expect(s.owed.seller + s.owed.buyer + s.fee).toBe(187_500)
    expect(s.owed.buyer).toBe(25_000)
    expect(feeInvoice).toMatchObject({ flow: 'fee', total_minor: s.fee })
    const files = await attachmentsAfter(db, before)
    expect(new Set(files.map((f) => f.name))).toEqual(new Set([`credit-note-${credit.number}.pdf`, `invoice-${feeInvoice.number}.pdf`]))
    const buyers = await companyEmails(w.buyerSe.companyId)
    expect(files.filter((f) => buyers.includes(f.to)).map((f) => f.name), 'the buyer gets the credit note, not the fee invoice').not.toContain(`invoice-${feeInvoice.number}.pdf`)
  })

  it('a full refund credits the whole invoice and charges no fee, so no fee invoice', async () => {
    const deal = await w.buy(w.browsers.buyerDe, 'Refunded plastics', 50_000, 'plastics')
    await w.pay(deal)
    await w.act(deal, w.viewers.buyerDe, { type: 'open_dispute', reason: 'not_as_described', text: 'Wet.' })
    await w.act(deal, w.viewers.admin, { type: 'resolve_dispute', resolution: 'refund_full', refundAmount: 0, note: 'Wet bales.' })
    const papers = await invoicesOf(db, deal.id)
    expect(papers.map((p) => [p.kind, p.flow, p.total_minor])).toEqual([['invoice', 'sale', 50_000], ['credit_note', 'sale', 50_000]])
  })

  it('keeps payout + refund + fee = received to the cent for VAT-bearing deals with refunds of every size', async () => {
    const amount = 187_500
    for (let refund = 1; refund < amount; refund += 3_331) {
      const facts = { status: 'resolved' as const, amount, amountReceived: amount, feeRateBp: 300, feeMinimum: 2_500, refundAmount: refund, vatAmount: 37_500 }
      const s = settlement(facts)
      expect(s.owed.seller + s.owed.buyer + s.fee, `refund ${refund}`).toBe(amount)
      expect(Math.min(s.owed.seller, s.owed.buyer, s.fee)).toBeGreaterThanOrEqual(0)
    }
  })

  it('credits the fee invoice when the fee charged turns out lower than invoiced', async () => {
    const deal = await w.buy(w.browsers.buyerDe, 'Fee corrected', 200_000, 'paper-cardboard')
    await w.pay(deal)
    await w.act(deal, w.viewers.seller, { type: 'hand_over' })
    await w.act(deal, w.viewers.buyerDe, { type: 'confirm_receipt' })
    const feeInvoice = (await invoicesOf(db, deal.id)).find((i) => i.flow === 'fee')!
    // No deal step lowers a settled fee today; an admin's correction would, and would come here.
    const issued = await db.transaction().execute(async (trx) => {
      const lowered = await trx.updateTable('deals').set({ fee_rate_bp: 100, fee_minimum: 0 }).where('id', '=', deal.id).returningAll().executeTakeFirstOrThrow()
      return issuePaperwork(trx, lowered, { now: w.clock(), terms: w.terms })
    })
    expect(issued.map((d) => [d.flow, d.doc.kind, d.doc.totals.taxInclusiveMinor])).toEqual([['fee', 'credit_note', feeInvoice.total_minor - 2_000]])
    expect(issued[0].doc.precedingInvoice?.number).toBe(feeInvoice.number)
  })
})

describe('an issued invoice', () => {
  it('is never changed or deleted: the database refuses both', async () => {
    const [any] = await db.selectFrom('invoices').select(['id', 'total_minor']).limit(1).execute()
    await expect(db.updateTable('invoices').set({ total_minor: 1 }).where('id', '=', any.id).execute()).rejects.toThrow(/never changed/)
    await expect(db.deleteFrom('invoices').where('id', '=', any.id).execute()).rejects.toThrow(/never changed/)
    expect((await db.selectFrom('invoices').select('total_minor').where('id', '=', any.id).executeTakeFirstOrThrow()).total_minor).toBe(any.total_minor)
  })
})
