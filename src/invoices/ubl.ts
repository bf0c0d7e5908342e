// The e-invoice: an invoice or credit note as UBL 2.1 XML under the Peppol BIS Billing 3.0
// profile of EN 16931, for the buyer's accounting system. Elements follow the UBL schema's
// order; every amount carries two decimals and the invoice currency; a term with no value is
// left out rather than written empty. The business terms (BT-n) are those of EN 16931-1.
import type { InvoiceDocument, InvoiceLine, VatBreakdown, VatCategoryCode } from './invoice-document.js'
import { partyXml } from './ubl-parties.js'
import { el, leaf, xmlDocument, type XmlNode } from './ubl-xml.js'

export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'

const NS = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
}

/** Minor units as a decimal amount with exactly two decimals: 123456 → "1234.56", -5 → "-0.05". */
export function ublAmount(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`an amount in minor units must be a whole number, not ${minor}`)
  const abs = Math.abs(minor)
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

export function invoiceUbl(doc: InvoiceDocument): string {
  const credit = doc.kind === 'credit_note'
  const money = (name: string, minor: number) => leaf(name, ublAmount(minor), { currencyID: doc.currency })
  // BR-O-02: an invoice not subject to VAT names no VAT identifier of either party.
  const withVat = !doc.lines.some((l) => l.vatCategory === 'O') && !doc.vat.some((v) => v.category === 'O')
  // BR-IC-11/12: an intra-EU supply states when (BT-72, or else an invoicing period) and where to (BT-80) the goods went.
  const intraEu = doc.vat.some((v) => v.category === 'K')
  const deliveryDate = doc.delivery?.date ?? null
  const deliveryCountry = doc.delivery?.country ?? (intraEu ? doc.buyer.address.country : null)

  const root = el(credit ? 'CreditNote' : 'Invoice', [
    leaf('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID),
    leaf('cbc:ProfileID', PEPPOL_PROFILE_ID),
    leaf('cbc:ID', doc.number),
    leaf('cbc:IssueDate', doc.issueDate),
    !credit && leaf('cbc:DueDate', doc.dueDate),
    leaf(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', credit ? '381' : '380'),
    // Peppol allows one note (R002): the notes are kept as its lines.
    leaf('cbc:Note', doc.notes.join('\n')),
    leaf('cbc:DocumentCurrencyCode', doc.currency),
    leaf('cbc:BuyerReference', doc.buyerReference),
    intraEu && !deliveryDate && el('cac:InvoicePeriod', [leaf('cbc:StartDate', doc.issueDate), leaf('cbc:EndDate', doc.issueDate)]),
    doc.precedingInvoice && el('cac:BillingReference', [
      el('cac:InvoiceDocumentReference', [leaf('cbc:ID', doc.precedingInvoice.number), leaf('cbc:IssueDate', doc.precedingInvoice.issueDate)]),
    ]),
    el('cac:AccountingSupplierParty', [partyXml(doc.seller, { withVat, seller: true })]),
    el('cac:AccountingCustomerParty', [partyXml(doc.buyer, { withVat, seller: false })]),
    el('cac:Delivery', [
      leaf('cbc:ActualDeliveryDate', deliveryDate),
      el('cac:DeliveryLocation', [el('cac:Address', [el('cac:Country', [leaf('cbc:IdentificationCode', deliveryCountry)])])]),
    ]),
    doc.payment && el('cac:PaymentMeans', [
      leaf('cbc:PaymentMeansCode', doc.payment.meansCode),
      // A credit note has no document due date in UBL: BT-9 sits with the payment means.
      credit && leaf('cbc:PaymentDueDate', doc.dueDate),
      leaf('cbc:PaymentID', doc.payment.reference),
      el('cac:PayeeFinancialAccount', [
        leaf('cbc:ID', doc.payment.iban.replace(/\s/g, '')),
        leaf('cbc:Name', doc.payment.accountName),
        el('cac:FinancialInstitutionBranch', [leaf('cbc:ID', doc.payment.bic)]),
      ]),
    ]),
    el('cac:TaxTotal', [money('cbc:TaxAmount', doc.totals.taxMinor), ...doc.vat.map((v) => taxSubtotal(v, money))]),
    el('cac:LegalMonetaryTotal', [
      money('cbc:LineExtensionAmount', doc.totals.lineExtensionMinor),
      money('cbc:TaxExclusiveAmount', doc.totals.taxExclusiveMinor),
      money('cbc:TaxInclusiveAmount', doc.totals.taxInclusiveMinor),
      doc.totals.prepaidMinor !== 0 && money('cbc:PrepaidAmount', doc.totals.prepaidMinor),
      money('cbc:PayableAmount', doc.totals.payableMinor),
    ]),
    ...doc.lines.map((line) => lineXml(line, credit, money)),
  ], { xmlns: credit ? NS.creditNote : NS.invoice, 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc })
  return xmlDocument(root!)
}

type Money = (name: string, minor: number) => XmlNode | null

/** cac:TaxCategory / cac:ClassifiedTaxCategory: no rate for "not subject to VAT" (BR-O-05, BR-48), the exemption only where one applies. */
function taxCategory(name: string, category: VatCategoryCode, rate: string, exemption?: Pick<VatBreakdown, 'exemptionCode' | 'exemptionReason'>): XmlNode | null {
  const exempt = exemption && category !== 'S' && category !== 'Z'
  return el(name, [
    leaf('cbc:ID', category),
    category !== 'O' && leaf('cbc:Percent', rate),
    exempt && leaf('cbc:TaxExemptionReasonCode', exemption.exemptionCode),
    exempt && leaf('cbc:TaxExemptionReason', exemption.exemptionReason),
    el('cac:TaxScheme', [leaf('cbc:ID', 'VAT')]),
  ])
}

/** BG-23: one VAT breakdown per category and rate. */
function taxSubtotal(v: VatBreakdown, money: Money): XmlNode | null {
  return el('cac:TaxSubtotal', [money('cbc:TaxableAmount', v.taxableMinor), money('cbc:TaxAmount', v.taxMinor), taxCategory('cac:TaxCategory', v.category, v.ratePercent, v)])
}

/** BG-25: a line, with its price for a base quantity (BT-149) so that quantity × price ÷ base = net (PEPPOL-EN16931-R120). */
function lineXml(line: InvoiceLine, credit: boolean, money: Money): XmlNode | null {
  return el(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine', [
    leaf('cbc:ID', line.id),
    leaf(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', line.quantity, { unitCode: line.unitCode }),
    money('cbc:LineExtensionAmount', line.lineExtensionMinor),
    el('cac:Item', [
      leaf('cbc:Description', line.description),
      leaf('cbc:Name', line.name),
      taxCategory('cac:ClassifiedTaxCategory', line.vatCategory, line.vatRatePercent),
    ]),
    el('cac:Price', [
      money('cbc:PriceAmount', line.priceMinor),
      leaf('cbc:BaseQuantity', line.baseQuantity, { unitCode: line.unitCode }),
    ]),
  ])
}
