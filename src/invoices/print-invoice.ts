// An invoice or credit note as a printable paper, with what a buyer's accountant looks for:
// who issued it and for whom, both parties' VAT and organisation numbers and addresses, the
// dates (and the invoice a credit note corrects), the lines with quantity, unit price and VAT
// rate, the VAT per category with the legal reason where none is charged, the totals, and
// how to pay. The print page and the PDF both draw what this returns.
import type { PrintDocument, PrintSection } from '../documents/print-document.js'
import { COUNTRIES } from '../lib/countries.js'
import { groupByFour } from '../lib/iban.js'
import { formatMoney } from '../lib/money.js'
import type { InvoiceDocument, InvoiceLine, InvoiceParty, VatCategoryCode } from './invoice-document.js'
import { dateFormat } from '../lib/time.js'

/** The VAT categories (UNCL 5305) as an invoice names them. */
export const VAT_CATEGORY_LABELS: Record<VatCategoryCode, string> = {
  S: 'Standard rate', AE: 'Reverse charge', K: 'Intra-EU supply, exempt', G: 'Export outside the EU, exempt', Z: 'Zero rated', O: 'Not subject to VAT',
}

const DAY = dateFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })

/** "2026-12-02" → "2 Dec 2026": a calendar day, the same in every time zone. */
export function formatDay(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? isoDay : DAY.format(date)
}

const isIssuerNote = (note: string) => /^Issued by /.test(note)

export function invoicePrintDocument(doc: InvoiceDocument): PrintDocument {
  const credit = doc.kind === 'credit_note'
  const noun = credit ? 'Credit note' : 'Invoice'
  const money = (minor: number) => formatMoney(minor, doc.currency)
  const meta: Array<[string, string]> = [[`${noun} number`, doc.number], ['Issue date', formatDay(doc.issueDate)]]
  if (doc.dueDate) meta.push(['Due date', formatDay(doc.dueDate)])
  if (doc.delivery?.date) meta.push(['Delivery date', formatDay(doc.delivery.date)])
  if (doc.precedingInvoice) meta.push(['Corrects invoice', `${doc.precedingInvoice.number} of ${formatDay(doc.precedingInvoice.issueDate)}`])
  meta.push(['Buyer reference', doc.buyerReference], ['Currency', doc.currency])

  const sections: PrintSection[] = [
    {
      kind: 'table',
      heading: credit ? 'Credited' : 'Lines',
      columns: [{ label: 'Description' }, { label: 'Quantity', align: 'right' }, { label: 'Unit price', align: 'right' }, { label: 'VAT', align: 'right' }, { label: 'Net amount', align: 'right' }],
      rows: doc.lines.map((line) => [
        line.description ? `${line.name} (${line.description})` : line.name,
        `${line.quantity} ${line.unitLabel}`,
        unitPrice(line, money),
        vatLabel(line.vatCategory, line.vatRatePercent),
        money(line.lineExtensionMinor),
      ]),
      totals: [
        ['Total net', money(doc.totals.taxExclusiveMinor)],
        ['VAT', money(doc.totals.taxMinor)],
        [credit ? 'Total credited incl. VAT' : 'Total incl. VAT', money(doc.totals.taxInclusiveMinor)],
        ...(doc.totals.prepaidMinor ? [[credit ? 'Already settled' : 'Paid', money(-doc.totals.prepaidMinor)] as [string, string]] : []),
        [credit ? 'Amount still to settle' : 'Amount due', money(doc.totals.payableMinor)],
      ],
    },
    {
      kind: 'table',
      heading: 'VAT breakdown',
      columns: [{ label: 'VAT category' }, { label: 'Rate', align: 'right' }, { label: 'Taxable amount', align: 'right' }, { label: 'VAT', align: 'right' }],
      rows: doc.vat.map((v) => [VAT_CATEGORY_LABELS[v.category], v.category === 'O' ? '–' : `${v.ratePercent}%`, money(v.taxableMinor), money(v.taxMinor)]),
    },
  ]
  const reasons = doc.vat.filter((v) => v.exemptionReason || v.exemptionCode).map((v) => `${VAT_CATEGORY_LABELS[v.category]}${v.exemptionCode ? ` (${v.exemptionCode})` : ''}: ${v.exemptionReason ?? ''}`.trim())
  if (reasons.length) sections.push({ kind: 'text', heading: 'Why no VAT is charged', paragraphs: reasons })
  if (doc.payment) {
    const p = doc.payment
    const rows: Array<[string, string]> = [
      ['Amount due', money(doc.totals.payableMinor)],
      ['Payment reference', p.reference],
      ['IBAN', groupByFour(p.iban)],
    ]
    if (p.bic) rows.push(['BIC', p.bic])
    rows.push(['Account holder', p.accountName])
    if (doc.dueDate && doc.totals.payableMinor > 0) rows.push(['Pay by', formatDay(doc.dueDate)])
    sections.push({ kind: 'facts', heading: 'Payment', rows })
  }
  const notes = doc.notes.filter((n) => !isIssuerNote(n))
  if (notes.length) sections.push({ kind: 'text', heading: 'Notes', paragraphs: notes })

  return {
    title: `${noun} ${doc.number}`,
    subtitle: doc.notes.find(isIssuerNote),
    date: doc.issueDate,
    meta,
    parties: [partyBlock('Seller', doc.seller), partyBlock('Buyer', doc.buyer)],
    sections,
    footer: [[doc.seller.legalName, addressLine(doc.seller), doc.seller.vatNumber && `VAT ${doc.seller.vatNumber}`, `Org. no. ${doc.seller.orgNumber}`].filter(Boolean).join(' · ')],
  }
}

function addressLine(p: InvoiceParty): string {
  return `${p.address.line}, ${p.address.postcode} ${p.address.city}, ${countryName(p.address.country)}`
}

const countryName = (code: string) => (Object.hasOwn(COUNTRIES, code) ? COUNTRIES[code] : code)

function partyBlock(heading: string, p: InvoiceParty): { heading: string; lines: string[] } {
  const lines = [p.legalName, p.address.line, `${p.address.postcode} ${p.address.city}`, countryName(p.address.country)]
  lines.push(p.vatNumber ? `VAT number ${p.vatNumber}` : 'No VAT number')
  lines.push(`Org. number ${p.orgNumber}`)
  const contact = [p.contactName, p.contactPhone, p.contactEmail].filter(Boolean).join(', ')
  if (contact) lines.push(`Contact: ${contact}`)
  return { heading, lines }
}

const SHORT_LABELS: Record<VatCategoryCode, string> = { S: '', AE: 'reverse charge', K: 'intra-EU, exempt', G: 'export, exempt', Z: 'zero rated', O: '' }

/** The VAT column of a line: "25%", "0% reverse charge", "Not subject to VAT". */
function vatLabel(category: VatCategoryCode, rate: string): string {
  if (category === 'O') return VAT_CATEGORY_LABELS.O
  return `${rate}% ${SHORT_LABELS[category]}`.trim()
}

/**
 * The price of one unit when it comes out exact in cents ("€100.00 / t"); otherwise the price
 * as invoiced, for its base quantity ("€1,000.00 / 3 t"), rather than a rounded figure that
 * would not multiply back to the line.
 */
function unitPrice(line: InvoiceLine, money: (minor: number) => string): string {
  if (!/^\d+(\.\d+)?$/.test(line.baseQuantity)) return money(line.priceMinor)
  const [whole, fraction = ''] = line.baseQuantity.split('.')
  const numerator = BigInt(line.priceMinor) * 10n ** BigInt(fraction.length)
  const denominator = BigInt(`${whole}${fraction}`)
  if (denominator > 0n && numerator % denominator === 0n) return `${money(Number(numerator / denominator))} / ${line.unitLabel}`
  return `${money(line.priceMinor)} / ${line.baseQuantity} ${line.unitLabel}`
}
