// What an invoice or credit note says, as plain data: built once from a deal (src/invoices/),
// then drawn as the print page and the PDF (through documents/print-document.ts) and written
// as the EN 16931 / Peppol BIS Billing 3.0 UBL e-invoice (src/invoices/ubl.ts). Business term
// numbers (BT-n, BG-n) are those of EN 16931-1.
//
// Money is integer minor units of `currency`; quantities and rates are decimal strings, so
// nothing is rounded on the way to the XML.

/** UNCL 5305 VAT category codes used here: standard rate, reverse charge, intra-EU supply, export, zero, outside scope. */
export type VatCategoryCode = 'S' | 'AE' | 'K' | 'G' | 'Z' | 'O'

export type InvoiceParty = {
  /** BT-27 / BT-44 */
  legalName: string
  /** BT-31 / BT-48: the VAT identifier with its country prefix, when the party has one. */
  vatNumber: string | null
  /** BT-30 / BT-47: the legal registration (organisation) number. */
  orgNumber: string
  /** BG-5 / BG-8 */
  address: { line: string; postcode: string; city: string; country: string }
  contactName: string | null
  contactEmail: string | null
  /** BT-42 / BT-57. Optional; between two German companies the seller's is required (Peppol DE-R-006). */
  contactPhone?: string | null
}

export type InvoiceLine = {
  /** BT-126 */
  id: string
  /** BT-153: the item name, e.g. the lot's title. */
  name: string
  /** BT-154: more about the item (category, EWC code). */
  description: string | null
  /** BT-129, e.g. "12.5" */
  quantity: string
  /** BT-130: UN/ECE Recommendation 20 code (TNE, KGM, MTQ, LTR, H87, ...). */
  unitCode: string
  /** The unit as people read it ("t", "pallets"). */
  unitLabel: string
  /** BT-146 price in minor units for `baseQuantity` units (BT-149), so that quantity × price ÷ base is exact. */
  priceMinor: number
  baseQuantity: string
  /** BT-131 */
  lineExtensionMinor: number
  /** BT-151 / BT-152 */
  vatCategory: VatCategoryCode
  vatRatePercent: string
}

export type VatBreakdown = {
  /** BT-118 / BT-119 */
  category: VatCategoryCode
  ratePercent: string
  /** BT-116 / BT-117 */
  taxableMinor: number
  taxMinor: number
  /** BT-120 / BT-121: why no VAT is charged (reverse charge, intra-EU, export). */
  exemptionReason: string | null
  exemptionCode: string | null
}

export type InvoiceDocument = {
  kind: 'invoice' | 'credit_note'
  /** BT-1 */
  number: string
  /** BT-2, YYYY-MM-DD */
  issueDate: string
  /** BT-9, YYYY-MM-DD */
  dueDate: string | null
  /** BT-5 */
  currency: string
  /** BT-10: the deal's number, which both sides quote. */
  buyerReference: string
  /** BG-3: the invoice a credit note corrects (BT-25, BT-26). */
  precedingInvoice: { number: string; issueDate: string } | null
  /**
   * BG-13: when the goods were handed over (BT-72, YYYY-MM-DD) and the country they go to
   * (BT-80). Optional; an intra-EU supply (category K) needs both (BR-IC-11, BR-IC-12): without
   * them the e-invoice takes the buyer's country and an invoicing period of the issue date.
   */
  delivery?: { date: string | null; country: string | null }
  /** BT-22: notes printed on the invoice (e.g. "Issued by NordicLoop on behalf of the seller"). */
  notes: string[]
  seller: InvoiceParty
  buyer: InvoiceParty
  /** BG-16: how to pay. BT-81 means code 58 is a SEPA credit transfer. */
  payment: { meansCode: string; reference: string; iban: string; bic: string | null; accountName: string } | null
  lines: InvoiceLine[]
  vat: VatBreakdown[]
  /** BG-22 */
  totals: { lineExtensionMinor: number; taxExclusiveMinor: number; taxMinor: number; taxInclusiveMinor: number; prepaidMinor: number; payableMinor: number }
}
