// The business terms of EN 16931 / Peppol BIS Billing 3.0 as a table: for each, where UBL
// keeps it and what must hold of it (presence, value, the calculation rules BR-CO-*, the rules
// of each VAT category BR-S/AE/IC/G/O-*, the Peppol rules R0xx), and `failures`, which reads an
// e-invoice back and names every term that does not hold.
import type { Element } from '@xmldom/xmldom'
import type { InvoiceDocument } from '../../src/invoices/invoice-document.js'
import { invoiceUbl, PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID } from '../../src/invoices/ubl.js'
import { isValidIban } from '../../src/lib/iban.js'
import { allElements, elementsAt, parseXml, valuesAt } from './xml-lookup.js'

/** The Peppol EAS code list (PEPPOL-EN16931-CL008, BR-CL-25), as in the BIS 3 rules. */
const EAS = new Set(('0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0177 0183 0184 0188 0190 0191 0192 0193 0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 0218 0221 0230 0235 '
  + '9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 0147 0154 0158 0170 0194 0203 0205 0217 0225 0240').split(' '))
const EXEMPTION_CODES: Record<string, string> = { AE: 'VATEX-EU-AE', K: 'VATEX-EU-IC', G: 'VATEX-EU-G', O: 'VATEX-EU-O' }

/** "1234.56" → 123456; anything but a plain two-decimal amount → NaN (UBL-DT-01, BR-DEC-*). */
const cents = (s: string | undefined) => (s !== undefined && /^-?\d+\.\d{2}$/.test(s) ? Math.round(Number(s) * 100) : NaN)
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
/** quantity × price ÷ base, rounded half up to cents, computed exactly on the decimal strings. */
export function lineNet(quantity: string, priceCents: number, base: string): number {
  const scale = (s: string) => { const [w, f = ''] = s.split('.'); return { n: BigInt(w + f), d: 10n ** BigInt(f.length) } }
  const q = scale(quantity), b = scale(base)
  const num = q.n * BigInt(priceCents) * b.d
  const den = q.d * b.n
  return Number((2n * num + den) / (2n * den))
}

type Ctx = { doc: InvoiceDocument; root: Element; credit: boolean; at: (path: string, from?: Element) => string[] }
type Check = { bt: string; path: string; rule: (values: string[], x: Ctx) => boolean }

const one = (values: string[]) => values.length === 1
export const SELLER = 'cac:AccountingSupplierParty/cac:Party'
export const BUYER = 'cac:AccountingCustomerParty/cac:Party'
const lineName = (x: Ctx) => (x.credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine')
const lines = (x: Ctx) => elementsAt(x.root, lineName(x))
const subtotals = (x: Ctx) => elementsAt(x.root, 'cac:TaxTotal/cac:TaxSubtotal')
const noVat = (x: Ctx) => x.doc.vat.some((v) => v.category === 'O')
const intraEu = (x: Ctx) => x.doc.vat.some((v) => v.category === 'K')
const germanDomestic = (x: Ctx) => x.doc.seller.address.country === 'DE' && x.doc.buyer.address.country === 'DE'

/** The business terms, each with where UBL keeps it and what must hold of it. */
const CHECKS: Check[] = [
  { bt: 'BT-24 specification identifier (BR-01, R004)', path: 'cbc:CustomizationID', rule: (v) => one(v) && v[0] === PEPPOL_CUSTOMIZATION_ID },
  { bt: 'BT-23 business process (R001, R007)', path: 'cbc:ProfileID', rule: (v) => one(v) && v[0] === PEPPOL_PROFILE_ID },
  { bt: 'BT-1 invoice number (BR-02)', path: 'cbc:ID', rule: (v, x) => one(v) && v[0] === x.doc.number },
  { bt: 'BT-2 issue date (BR-03, F001)', path: 'cbc:IssueDate', rule: (v, x) => one(v) && /^\d{4}-\d{2}-\d{2}$/.test(v[0]) && v[0] === x.doc.issueDate },
  { bt: 'BT-3 invoice type code 380 (BR-04, P0100)', path: 'cbc:InvoiceTypeCode', rule: (v, x) => (x.credit ? v.length === 0 : one(v) && v[0] === '380') },
  { bt: 'BT-3 credit note type code 381 (BR-04, P0101)', path: 'cbc:CreditNoteTypeCode', rule: (v, x) => (x.credit ? one(v) && v[0] === '381' : v.length === 0) },
  { bt: 'BT-5 currency (BR-05)', path: 'cbc:DocumentCurrencyCode', rule: (v, x) => one(v) && v[0] === x.doc.currency },
  { bt: 'BT-9 due date (BR-CO-25)', path: 'cbc:DueDate', rule: (v, x) => (x.credit ? v.length === 0 : v.length === (x.doc.dueDate ? 1 : 0) && (v[0] ?? null) === x.doc.dueDate) && (x.doc.totals.payableMinor <= 0 || x.credit || v.length === 1) },
  { bt: 'BT-10 buyer reference (R003)', path: 'cbc:BuyerReference', rule: (v, x) => one(v) && v[0] === x.doc.buyerReference },
  { bt: 'BT-22 at most one note (R002)', path: 'cbc:Note', rule: (v, x) => v.length <= 1 && x.doc.notes.every((n) => v[0]?.includes(n)) },
  { bt: 'BT-25 preceding invoice (BR-55)', path: 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID', rule: (v, x) => (x.doc.precedingInvoice ? one(v) && v[0] === x.doc.precedingInvoice.number : v.length === 0) },
  { bt: 'BT-26 preceding invoice date', path: 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate', rule: (v, x) => (x.doc.precedingInvoice ? one(v) && v[0] === x.doc.precedingInvoice.issueDate : v.length === 0) },
  { bt: 'BT-72 delivery date, or BG-14 invoicing period, of an intra-EU supply (BR-IC-11, BR-29)', path: 'cac:Delivery/cbc:ActualDeliveryDate', rule: (v, x) => !intraEu(x) || one(v) || (x.at('cac:InvoicePeriod/cbc:StartDate').length === 1 && x.at('cac:InvoicePeriod/cbc:EndDate')[0] >= x.at('cac:InvoicePeriod/cbc:StartDate')[0]) },
  { bt: 'BT-80 deliver-to country of an intra-EU supply (BR-IC-12)', path: 'cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode', rule: (v, x) => !intraEu(x) || (one(v) && /^[A-Z]{2}$/.test(v[0]) && v[0] !== x.doc.seller.address.country) },
  { bt: 'BT-27 seller name (BR-06)', path: `${SELLER}/cac:PartyLegalEntity/cbc:RegistrationName`, rule: (v, x) => one(v) && v[0] === x.doc.seller.legalName },
  { bt: 'BT-30 seller legal registration', path: `${SELLER}/cac:PartyLegalEntity/cbc:CompanyID`, rule: (v, x) => v.length <= 1 && (x.doc.seller.address.country !== 'SE' || v.every((id) => /^\d{10}$/.test(id))) },
  { bt: 'BT-31 seller VAT identifier (BR-CO-09, BR-S/AE/IC/G-02, BR-O-02)', path: `${SELLER}/cac:PartyTaxScheme[VAT]`, rule: (v, x) => (noVat(x) ? v.length === 0 : one(v) && v[0] === x.doc.seller.vatNumber && v[0].startsWith(x.doc.seller.address.country)) },
  { bt: 'BT-34 seller electronic address (R020, BR-62)', path: `${SELLER}/cbc:EndpointID`, rule: one },
  { bt: 'BT-34-1 seller address scheme (CL008)', path: `${SELLER}/cbc:EndpointID/@schemeID`, rule: (v) => one(v) && EAS.has(v[0]) },
  { bt: 'BT-35 seller street', path: `${SELLER}/cac:PostalAddress/cbc:StreetName`, rule: (v, x) => one(v) && v[0] === x.doc.seller.address.line },
  { bt: 'BT-37 seller city', path: `${SELLER}/cac:PostalAddress/cbc:CityName`, rule: (v, x) => one(v) && v[0] === x.doc.seller.address.city },
  { bt: 'BT-38 seller post code', path: `${SELLER}/cac:PostalAddress/cbc:PostalZone`, rule: (v, x) => one(v) && v[0] === x.doc.seller.address.postcode },
  { bt: 'BT-40 seller country (BR-09)', path: `${SELLER}/cac:PostalAddress/cac:Country/cbc:IdentificationCode`, rule: (v, x) => one(v) && v[0] === x.doc.seller.address.country },
  { bt: 'BT-44 buyer name (BR-07)', path: `${BUYER}/cac:PartyLegalEntity/cbc:RegistrationName`, rule: (v, x) => one(v) && v[0] === x.doc.buyer.legalName },
  { bt: 'BT-48 buyer VAT identifier (BR-AE-02, BR-IC-02, BR-O-02)', path: `${BUYER}/cac:PartyTaxScheme[VAT]`, rule: (v, x) => (noVat(x) ? v.length === 0 : v.length === (x.doc.buyer.vatNumber ? 1 : 0) && (v[0] ?? null) === x.doc.buyer.vatNumber) },
  { bt: 'BT-49 buyer electronic address (R010, BR-63)', path: `${BUYER}/cbc:EndpointID`, rule: one },
  { bt: 'BT-49-1 buyer address scheme (CL008)', path: `${BUYER}/cbc:EndpointID/@schemeID`, rule: (v) => one(v) && EAS.has(v[0]) },
  { bt: 'BT-50 buyer street', path: `${BUYER}/cac:PostalAddress/cbc:StreetName`, rule: (v, x) => one(v) && v[0] === x.doc.buyer.address.line },
  { bt: 'BT-52 buyer city', path: `${BUYER}/cac:PostalAddress/cbc:CityName`, rule: (v, x) => one(v) && v[0] === x.doc.buyer.address.city },
  { bt: 'BT-53 buyer post code', path: `${BUYER}/cac:PostalAddress/cbc:PostalZone`, rule: (v, x) => one(v) && v[0] === x.doc.buyer.address.postcode },
  { bt: 'BT-55 buyer country (BR-11)', path: `${BUYER}/cac:PostalAddress/cac:Country/cbc:IdentificationCode`, rule: (v, x) => one(v) && v[0] === x.doc.buyer.address.country },
  { bt: 'BT-81 payment means code 58 (BR-49)', path: 'cac:PaymentMeans/cbc:PaymentMeansCode', rule: (v, x) => (x.doc.payment ? one(v) && v[0] === '58' : v.length === 0) },
  { bt: 'BT-83 remittance information', path: 'cac:PaymentMeans/cbc:PaymentID', rule: (v, x) => (x.doc.payment ? one(v) && v[0] === x.doc.payment.reference : v.length === 0) },
  { bt: 'BT-84 payment account IBAN (BR-50, BR-61)', path: 'cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID', rule: (v, x) => (x.doc.payment ? one(v) && isValidIban(v[0]) : v.length === 0) },
  { bt: 'BT-86 payment service provider (BIC)', path: 'cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID', rule: (v, x) => (x.doc.payment?.bic ? one(v) && v[0] === x.doc.payment.bic : v.length === 0) },
  { bt: 'BG-6 seller contact with name, telephone and email between German companies (DE-R-002, 005, 006, 007)', path: `${SELLER}/cac:Contact/cbc:Telephone`, rule: (v, x) => !germanDomestic(x) || ['cbc:Name', 'cbc:Telephone', 'cbc:ElectronicMail'].every((n) => x.at(`${SELLER}/cac:Contact/${n}`).length === 1) },
  { bt: 'BG-16 payment instructions between German companies (DE-R-001)', path: 'cac:PaymentMeans', rule: (v, x) => !germanDomestic(x) || v.length >= 1 },
  { bt: 'BT-106 sum of line net amounts (BR-12, BR-CO-10)', path: 'cac:LegalMonetaryTotal/cbc:LineExtensionAmount', rule: (v, x) => one(v) && cents(v[0]) === sum(lines(x).map((l) => cents(x.at('cbc:LineExtensionAmount', l)[0]))) },
  { bt: 'BT-109 total without VAT (BR-13, BR-CO-13)', path: 'cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount', rule: (v, x) => one(v) && cents(v[0]) === cents(x.at('cac:LegalMonetaryTotal/cbc:LineExtensionAmount')[0]) },
  { bt: 'BT-110 total VAT (BR-CO-14, R053)', path: 'cac:TaxTotal/cbc:TaxAmount', rule: (v, x) => one(v) && cents(v[0]) === sum(subtotals(x).map((s) => cents(x.at('cbc:TaxAmount', s)[0]))) && cents(v[0]) === x.doc.totals.taxMinor },
  { bt: 'BT-112 total with VAT (BR-14, BR-CO-15)', path: 'cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount', rule: (v, x) => one(v) && cents(v[0]) === cents(x.at('cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount')[0]) + cents(x.at('cac:TaxTotal/cbc:TaxAmount')[0]) },
  { bt: 'BT-113 paid amount', path: 'cac:LegalMonetaryTotal/cbc:PrepaidAmount', rule: (v, x) => (x.doc.totals.prepaidMinor ? one(v) && cents(v[0]) === x.doc.totals.prepaidMinor : v.length === 0) },
  { bt: 'BT-115 amount due (BR-15, BR-CO-16)', path: 'cac:LegalMonetaryTotal/cbc:PayableAmount', rule: (v, x) => one(v) && cents(v[0]) === cents(x.at('cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount')[0]) - (cents(x.at('cac:LegalMonetaryTotal/cbc:PrepaidAmount')[0] ?? '0.00')) },
  { bt: 'BG-23 at least one VAT breakdown (BR-CO-18)', path: 'cac:TaxTotal/cac:TaxSubtotal', rule: (v, x) => v.length === x.doc.vat.length && v.length >= 1 },
  { bt: 'BG-25 at least one line (BR-16)', path: '{line}', rule: (v, x) => v.length === x.doc.lines.length && v.length >= 1 },
]

/** Checks made for each VAT breakdown (BG-23). */
const SUBTOTAL_CHECKS: Array<{ bt: string; rule: (s: Element, x: Ctx) => boolean }> = [
  { bt: 'BT-116 taxable amount = Σ lines of the category and rate (BR-45, BR-S-08, BR-AE-08, BR-IC-08, BR-G-08, BR-O-08)', rule: (s, x) => {
    const category = x.at('cac:TaxCategory/cbc:ID', s)[0]
    const rate = x.at('cac:TaxCategory/cbc:Percent', s)[0]
    const own = lines(x).filter((l) => x.at('cac:Item/cac:ClassifiedTaxCategory/cbc:ID', l)[0] === category && x.at('cac:Item/cac:ClassifiedTaxCategory/cbc:Percent', l)[0] === rate)
    return cents(x.at('cbc:TaxableAmount', s)[0]) === sum(own.map((l) => cents(x.at('cbc:LineExtensionAmount', l)[0])))
  } },
  { bt: 'BT-117 VAT = taxable × rate, rounded (BR-46, BR-CO-17, BR-S-09); zero where exempt (BR-AE-09, BR-IC-09, BR-G-09, BR-O-09)', rule: (s, x) => {
    const taxable = cents(x.at('cbc:TaxableAmount', s)[0])
    const rate = Number(x.at('cac:TaxCategory/cbc:Percent', s)[0] ?? '0')
    const tax = cents(x.at('cbc:TaxAmount', s)[0])
    const category = x.at('cac:TaxCategory/cbc:ID', s)[0]
    return tax === Math.round((taxable * rate) / 100) && (category === 'S' || tax === 0)
  } },
  { bt: 'BT-118 category code (BR-47, BR-CL-18)', rule: (s, x) => ['S', 'AE', 'K', 'G', 'Z', 'O'].includes(x.at('cac:TaxCategory/cbc:ID', s)[0]) && x.at('cac:TaxCategory/cac:TaxScheme/cbc:ID', s)[0] === 'VAT' },
  { bt: 'BT-119 rate, none when not subject to VAT (BR-48, BR-S-05, BR-AE-06..)', rule: (s, x) => {
    const category = x.at('cac:TaxCategory/cbc:ID', s)[0]
    const rate = x.at('cac:TaxCategory/cbc:Percent', s)
    if (category === 'O') return rate.length === 0
    return rate.length === 1 && (category === 'S' ? Number(rate[0]) > 0 : Number(rate[0]) === 0)
  } },
  { bt: 'BT-120/121 exemption reason where no VAT is charged, none on standard rate (BR-AE-10, BR-IC-10, BR-G-10, BR-O-10, BR-S-10, P0104..P0107)', rule: (s, x) => {
    const category = x.at('cac:TaxCategory/cbc:ID', s)[0]
    const code = x.at('cac:TaxCategory/cbc:TaxExemptionReasonCode', s)
    const reason = x.at('cac:TaxCategory/cbc:TaxExemptionReason', s)
    if (category === 'S' || category === 'Z') return code.length === 0 && reason.length === 0
    return code.length === 1 && code[0] === EXEMPTION_CODES[category] && reason.length === 1 && reason[0].length > 0
  } },
]

/** Checks made for each line (BG-25). */
const LINE_CHECKS: Array<{ bt: string; rule: (l: Element, x: Ctx, i: number) => boolean }> = [
  { bt: 'BT-126 line identifier (BR-21)', rule: (l, x, i) => x.at('cbc:ID', l)[0] === x.doc.lines[i].id },
  { bt: 'BT-129 quantity (BR-22)', rule: (l, x, i) => x.at(x.credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l)[0] === x.doc.lines[i].quantity },
  { bt: 'BT-130 unit of measure (BR-23)', rule: (l, x, i) => x.at(`${x.credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity'}/@unitCode`, l)[0] === x.doc.lines[i].unitCode },
  { bt: 'BT-131 line net = quantity × price ÷ base (BR-24, R120)', rule: (l, x) => cents(x.at('cbc:LineExtensionAmount', l)[0]) === lineNet(x.at(x.credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l)[0], cents(x.at('cac:Price/cbc:PriceAmount', l)[0]), x.at('cac:Price/cbc:BaseQuantity', l)[0] ?? '1') },
  { bt: 'BT-146 net price, not negative (BR-26, BR-27)', rule: (l, x, i) => cents(x.at('cac:Price/cbc:PriceAmount', l)[0]) === x.doc.lines[i].priceMinor && x.doc.lines[i].priceMinor >= 0 },
  { bt: 'BT-149/150 base quantity above zero in the line unit (R121, R130)', rule: (l, x, i) => Number(x.at('cac:Price/cbc:BaseQuantity', l)[0]) > 0 && x.at('cac:Price/cbc:BaseQuantity/@unitCode', l)[0] === x.doc.lines[i].unitCode },
  { bt: 'BT-151 item VAT category (BR-CO-04)', rule: (l, x, i) => x.at('cac:Item/cac:ClassifiedTaxCategory/cbc:ID', l)[0] === x.doc.lines[i].vatCategory },
  { bt: 'BT-152 item VAT rate, none when not subject to VAT (BR-O-05, BR-AE-05, BR-IC-05, BR-G-05)', rule: (l, x, i) => {
    const rate = x.at('cac:Item/cac:ClassifiedTaxCategory/cbc:Percent', l)
    const line = x.doc.lines[i]
    return line.vatCategory === 'O' ? rate.length === 0 : rate.length === 1 && rate[0] === line.vatRatePercent && (line.vatCategory === 'S' || Number(rate[0]) === 0)
  } },
  { bt: 'BT-153 item name (BR-25)', rule: (l, x, i) => x.at('cac:Item/cbc:Name', l)[0] === x.doc.lines[i].name },
]

export function read(doc: InvoiceDocument) {
  const xml = invoiceUbl(doc)
  const root = parseXml(xml)
  const credit = doc.kind === 'credit_note'
  const at = (path: string, from: Element = root) => {
    // "[VAT]" picks the PartyTaxScheme of the VAT scheme: a Norwegian seller has a second one.
    const vat = path.endsWith('cac:PartyTaxScheme[VAT]')
    const real = path.replace('{line}', credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine').replace('[VAT]', '')
    if (!vat) return valuesAt(from, real)
    return elementsAt(from, real).filter((s) => valuesAt(s, 'cac:TaxScheme/cbc:ID')[0] === 'VAT').map((s) => valuesAt(s, 'cbc:CompanyID')[0])
  }
  return { xml, root, x: { doc, root, credit, at } satisfies Ctx }
}

/** Every failed check, by its business term, so a failure names what an accounting system would reject. */
export function failures(doc: InvoiceDocument): string[] {
  const { root, x } = read(doc)
  const failed: string[] = []
  for (const c of CHECKS) if (!c.rule(x.at(c.path), x)) failed.push(`${c.bt} at ${c.path}: ${JSON.stringify(x.at(c.path))}`)
  subtotals(x).forEach((s, n) => { for (const c of SUBTOTAL_CHECKS) if (!c.rule(s, x)) failed.push(`VAT breakdown ${n + 1}: ${c.bt}`) })
  lines(x).forEach((l, i) => { for (const c of LINE_CHECKS) if (!c.rule(l, x, i)) failed.push(`line ${i + 1}: ${c.bt}`) })
  for (const el of allElements(root)) {
    const name = el.tagName
    if (!el.firstChild && !el.attributes.length) failed.push(`R008: empty element ${name}`)
    if (el.hasAttribute('currencyID')) {
      if (el.getAttribute('currencyID') !== doc.currency) failed.push(`R051: ${name} in ${el.getAttribute('currencyID')}`)
      if (Number.isNaN(cents(el.textContent ?? ''))) failed.push(`UBL-DT-01: ${name} is "${el.textContent}", not an amount with two decimals`)
    }
  }
  const amounts = ['cbc:TaxAmount', 'cbc:TaxableAmount', 'cbc:LineExtensionAmount', 'cbc:TaxExclusiveAmount', 'cbc:TaxInclusiveAmount', 'cbc:PayableAmount', 'cbc:PrepaidAmount', 'cbc:PriceAmount']
  for (const el of allElements(root)) if (amounts.includes(el.tagName) && !el.hasAttribute('currencyID')) failed.push(`${el.tagName} without currencyID`)
  return failed
}
