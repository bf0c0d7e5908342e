// The invoices of a deal as plain InvoiceDocument values, built from what the deal, its lot and
// its companies say at the moment of issue. Pure: numbering and storing are in issue.ts.
import type { PlatformDetails } from '../config.js'
import { formatRate, type VatDecision } from '../vat/vat-rules.js'
import type { InvoiceDocument, InvoiceLine, InvoiceParty, VatBreakdown, VatCategoryCode } from './invoice-document.js'

export type CompanyFacts = {
  legal_name: string; org_number: string; vat_number: string | null; country: string
  address_line: string; postcode: string; city: string
  billing_address_line: string | null; billing_postcode: string | null; billing_city: string | null; billing_country: string | null
  contact_name: string; contact_email: string | null
}

export type LotFacts = { title: string; quantity: string; unit: string; category: string; ewc_code: string | null }

/** What of a deal an invoice needs. `net` and `vat` are of the whole price. */
export type DealFacts = {
  number: number; currency: string; net: number; vat: number
  vatCategory: VatCategoryCode; vatRateBp: number; vatNote: string; exemptionCode: string | null
  paymentReference: string; dueDate: string; paidOn: string
}

/** UN/ECE Recommendation 20 (and 21, X-prefixed) codes of the listing units. */
const UNIT_CODES: Record<string, { code: string; label: string }> = {
  kg: { code: 'KGM', label: 'kg' }, t: { code: 'TNE', label: 't' }, m3: { code: 'MTQ', label: 'm³' },
  l: { code: 'LTR', label: 'l' }, pcs: { code: 'H87', label: 'pcs' }, pallets: { code: 'XPX', label: 'pallets' },
}

export function partyOf(c: CompanyFacts): InvoiceParty {
  const billing = c.billing_address_line && c.billing_postcode && c.billing_city && c.billing_country
    ? { line: c.billing_address_line, postcode: c.billing_postcode, city: c.billing_city, country: c.billing_country }
    : { line: c.address_line, postcode: c.postcode, city: c.city, country: c.country }
  return { legalName: c.legal_name, vatNumber: c.vat_number, orgNumber: c.org_number, address: billing, contactName: c.contact_name || null, contactEmail: c.contact_email }
}

export function platformParty(p: PlatformDetails): InvoiceParty {
  return { legalName: p.legalName, vatNumber: p.vatNumber, orgNumber: p.orgNumber, address: p.address, contactName: null, contactEmail: p.email }
}

/** "12.000" → "12", "0.500" → "0.5": EN 16931 quantities without trailing zeros. */
export const plainQuantity = (q: string) => (q.includes('.') ? q.replace(/0+$/, '').replace(/\.$/, '') : q)

function breakdown(category: VatCategoryCode, rateBp: number, taxable: number, tax: number, reason: string | null, code: string | null): VatBreakdown {
  const exempt = category !== 'S'
  return { category, ratePercent: formatRate(rateBp), taxableMinor: taxable, taxMinor: tax, exemptionReason: exempt ? reason : null, exemptionCode: exempt ? code : null }
}

/** Prepaid in full: the buyer (or, for a fee, the payout) has settled it before it was issued. */
function paidTotals(net: number, vat: number): InvoiceDocument['totals'] {
  return { lineExtensionMinor: net, taxExclusiveMinor: net, taxMinor: vat, taxInclusiveMinor: net + vat, prepaidMinor: net + vat, payableMinor: 0 }
}

/** The seller's invoice to the buyer, issued by NordicLoop on the seller's behalf once the buyer has paid. */
export function saleInvoice(i: { number: string; issueDate: string; deal: DealFacts; seller: CompanyFacts; buyer: CompanyFacts; lot: LotFacts; platform: PlatformDetails; bank: { iban: string; bic: string; accountName: string } }): InvoiceDocument {
  const unit = Object.hasOwn(UNIT_CODES, i.lot.unit) ? UNIT_CODES[i.lot.unit] : { code: 'H87', label: i.lot.unit }
  const quantity = plainQuantity(i.lot.quantity)
  const line: InvoiceLine = {
    id: '1', name: i.lot.title, description: [i.lot.category, i.lot.ewc_code ? `EWC ${i.lot.ewc_code}` : null].filter(Boolean).join(', ') || null,
    // The price is for the whole lot: stating it per `quantity` units keeps quantity × price ÷ base exact.
    quantity, unitCode: unit.code, unitLabel: unit.label, priceMinor: i.deal.net, baseQuantity: quantity,
    lineExtensionMinor: i.deal.net, vatCategory: i.deal.vatCategory, vatRatePercent: formatRate(i.deal.vatRateBp),
  }
  return {
    kind: 'invoice', number: i.number, issueDate: i.issueDate, dueDate: i.deal.dueDate, currency: i.deal.currency,
    buyerReference: `Deal ${i.deal.number}`, precedingInvoice: null,
    notes: [
      `Issued by ${i.platform.legalName} on behalf of ${i.seller.legal_name} (invoice drawn up by a third party in the name and on behalf of the supplier, Article 220 of Directive 2006/112/EC).`,
      `VAT: ${i.deal.vatNote}`,
      `Paid in full to ${i.bank.accountName} on ${i.deal.paidOn}, reference ${i.deal.paymentReference}: nothing is payable.`,
    ],
    seller: partyOf(i.seller), buyer: partyOf(i.buyer),
    payment: { meansCode: '58', reference: i.deal.paymentReference, iban: i.bank.iban, bic: i.bank.bic, accountName: i.bank.accountName },
    lines: [line],
    vat: [breakdown(i.deal.vatCategory, i.deal.vatRateBp, i.deal.net, i.deal.vat, i.deal.vatNote, i.deal.exemptionCode)],
    totals: paidTotals(i.deal.net, i.deal.vat),
  }
}

/** NordicLoop's invoice to the seller for its fee on a deal; the fee is deducted from the payout. */
export function feeInvoice(i: { number: string; issueDate: string; dealNumber: number; title: string; currency: string; net: number; vat: number; decision: VatDecision; seller: CompanyFacts; platform: PlatformDetails }): InvoiceDocument {
  return {
    kind: 'invoice', number: i.number, issueDate: i.issueDate, dueDate: i.issueDate, currency: i.currency,
    buyerReference: `Deal ${i.dealNumber}`, precedingInvoice: null,
    notes: [
      `VAT: ${i.decision.note}`,
      `Deducted from the payout of deal ${i.dealNumber}: nothing is payable.`,
    ],
    seller: platformParty(i.platform), buyer: partyOf(i.seller), payment: null,
    lines: [{
      id: '1', name: `NordicLoop fee, deal ${i.dealNumber}`, description: i.title, quantity: '1', unitCode: 'C62', unitLabel: 'fee',
      priceMinor: i.net, baseQuantity: '1', lineExtensionMinor: i.net, vatCategory: i.decision.category, vatRatePercent: formatRate(i.decision.rateBp),
    }],
    vat: [breakdown(i.decision.category, i.decision.rateBp, i.net, i.vat, i.decision.exemptionReason, i.decision.exemptionCode)],
    totals: paidTotals(i.net, i.vat),
  }
}

/**
 * A credit note for part or all of an invoice: same parties and VAT, one line for what is
 * credited, referencing the invoice it corrects. It is settled: the money goes back (a refund
 * to the buyer, a smaller deduction from the seller's payout).
 */
export function creditNote(original: InvoiceDocument, i: { number: string; issueDate: string; net: number; vat: number; reason: string }): InvoiceDocument {
  const first = original.lines[0]
  const vat = original.vat[0]
  return {
    ...original, kind: 'credit_note', number: i.number, issueDate: i.issueDate, dueDate: null,
    precedingInvoice: { number: original.number, issueDate: original.issueDate },
    notes: [`Credit note for invoice ${original.number}: ${i.reason}`, ...original.notes.filter((n) => n.startsWith('Issued by') || n.startsWith('VAT:'))],
    payment: null,
    lines: [{ ...first, id: '1', name: `Credit: ${first.name}`, quantity: '1', unitCode: 'C62', unitLabel: 'credit', priceMinor: i.net, baseQuantity: '1', lineExtensionMinor: i.net }],
    vat: [{ ...vat, taxableMinor: i.net, taxMinor: i.vat }],
    totals: paidTotals(i.net, i.vat),
  }
}
