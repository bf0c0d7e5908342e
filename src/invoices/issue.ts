// Issues a deal's invoices and credit notes inside the transaction of the deal step that calls
// for them (src/deals/act-on-deal.ts): the seller's invoice once the buyer has paid, NordicLoop's
// fee invoice once the deal settles, and a credit note whenever less is due than was invoiced
// (a refund decided in a dispute, a lower fee). Nothing issued is ever changed.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealRow } from '../deals/act-on-deal.js'
import { factsOf } from '../deals/act-on-deal.js'
import { netPart, settlement } from '../deals/deal-rules.js'
import { paymentReference } from '../deals/payment-reference.js'
import type { DealTerms } from '../deals/terms.js'
import { zoneForCountry, dateFormat } from '../lib/time.js'
import { vatParty } from '../vat/party-vat.js'
import { decideFeeVat, netOfGross } from '../vat/vat-rules.js'
import { creditNote, feeInvoice, saleInvoice, type CompanyFacts } from './build-invoice.js'
import type { InvoiceDocument, VatCategoryCode } from './invoice-document.js'

export type IssuedDocument = { id: string; flow: 'sale' | 'fee'; doc: InvoiceDocument }

/**
 * The next number of a series. The counter row is incremented in the caller's transaction and
 * stays locked until it ends: a concurrent issuer waits, and a rollback gives the number back.
 */
export async function nextInInvoiceSeries(trx: Kysely<DB>, series: string): Promise<number> {
  const row = await trx.insertInto('invoice_counters').values({ series, last_number: 1 })
    .onConflict((oc) => oc.column('series').doUpdateSet({ last_number: sql`invoice_counters.last_number + 1` }))
    .returning('last_number').executeTakeFirstOrThrow()
  return row.last_number
}

/** A seller's short code for its invoice numbers: the initials of its name ("Vänerpack AB" → "VA", "Brenner Metallbau GmbH" → "BM"). */
export function sellerCode(legalName: string): string {
  const forms = new Set(['AB', 'OY', 'OYJ', 'APS', 'AS', 'ASA', 'A/S', 'GMBH', 'AG', 'KG', 'LTD', 'BV', 'SA', 'SRL', 'SPA', 'HB', 'KB'])
  const words = legalName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().split(/[^A-Z0-9/]+/)
    .filter((w) => w && !forms.has(w))
  const code = words.length >= 2 ? words[0][0] + words[1][0] : (words[0] ?? 'NL').slice(0, 2)
  return code.length === 2 ? code : 'NL'
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** The calendar date of an instant where the platform is (invoices are dated in its country). */
function dateIn(d: Date, country: string): string {
  return dateFormat('en-CA', { timeZone: zoneForCountry(country), year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}

const COMPANY_COLUMNS = ['id', 'legal_name', 'org_number', 'vat_number', 'country', 'address_line', 'postcode', 'city', 'billing_address_line',
  'billing_postcode', 'billing_city', 'billing_country', 'contact_name', 'contact_email'] as const

type Ctx = { now: Date; terms: DealTerms }

/** Brings the deal's paperwork up to what its new state calls for; returns what it issued. */
export async function issuePaperwork(trx: Kysely<DB>, deal: DealRow, ctx: Ctx): Promise<IssuedDocument[]> {
  if (deal.paid_at === null) return []
  const existing = await trx.selectFrom('invoices').select(['id', 'flow', 'kind', 'total_minor', 'document'])
    .where('deal_id', '=', deal.id).orderBy('created_at').orderBy('sequence_number').execute()
  const issued: IssuedDocument[] = []
  const sale = saleState(existing.filter((r) => r.flow === 'sale'))
  const keptGross = deal.status === 'resolved' ? deal.amount - deal.refund_amount : deal.amount
  if (!sale.invoice) issued.push(await issueSaleInvoice(trx, deal, ctx))
  else if (sale.total > keptGross) issued.push(await issueCredit(trx, deal, 'sale', sale.invoice, sale.total - keptGross, 'refund to the buyer decided in a dispute', ctx))

  const settled = settlement(factsOf(deal))
  if (settled.settled && deal.status !== 'cancelled') {
    const fee = saleState(existing.filter((r) => r.flow === 'fee'))
    if (!fee.invoice && settled.fee > 0) issued.push(await issueFeeInvoice(trx, deal, settled.fee, ctx))
    else if (fee.invoice && fee.total > settled.fee) issued.push(await issueCredit(trx, deal, 'fee', fee.invoice, fee.total - settled.fee, 'the fee charged on the deal is lower', ctx))
  }
  return issued
}

type Row = { id: string; kind: 'invoice' | 'credit_note'; total_minor: number; document: unknown }
function saleState(rows: Row[]) {
  const invoice = rows.find((r) => r.kind === 'invoice')
  const total = rows.reduce((sum, r) => sum + (r.kind === 'invoice' ? r.total_minor : -r.total_minor), 0)
  return { invoice: invoice ? { id: invoice.id, doc: invoice.document as InvoiceDocument } : null, total }
}

async function companies(trx: Kysely<DB>, deal: DealRow) {
  const rows = await trx.selectFrom('companies').select([...COMPANY_COLUMNS]).where('id', 'in', [deal.seller_company_id, deal.buyer_company_id]).execute()
  const pick = (id: string): CompanyFacts & { id: string } => rows.find((r) => r.id === id)!
  return { seller: pick(deal.seller_company_id), buyer: pick(deal.buyer_company_id) }
}

async function issueSaleInvoice(trx: Kysely<DB>, deal: DealRow, ctx: Ctx): Promise<IssuedDocument> {
  const platform = ctx.terms.platform
  const [{ seller, buyer }, lot] = await Promise.all([
    companies(trx, deal),
    trx.selectFrom('listings').innerJoin('categories', 'categories.id', 'listings.category_id')
      .select(['listings.title', 'listings.quantity', 'listings.unit', 'listings.ewc_code', 'categories.name as category'])
      .where('listings.id', '=', deal.listing_id).executeTakeFirstOrThrow(),
  ])
  const series = `seller:${deal.seller_company_id}`
  const seq = await nextInInvoiceSeries(trx, series)
  const issueDate = dateIn(ctx.now, platform.address.country)
  // Deals from before VAT was decided carry none; they are invoiced as outside the scope rather than guessed.
  const category: VatCategoryCode = deal.vat_category ?? 'O'
  const doc = saleInvoice({
    number: `${sellerCode(seller.legal_name)}-${issueDate.slice(0, 4)}-${pad(seq, 4)}`, issueDate,
    deal: {
      number: deal.number, currency: deal.currency, net: deal.amount - deal.vat_amount, vat: deal.vat_amount,
      vatCategory: category, vatRateBp: deal.vat_rate_bp ?? 0, vatNote: deal.vat_note ?? 'No VAT was decided for this deal.',
      exemptionCode: EXEMPTION_CODES[category], paymentReference: paymentReference(deal.number).replace(/\s+/g, ''),
      dueDate: dateIn(deal.pay_by, platform.address.country), paidOn: dateIn(deal.paid_at ?? ctx.now, platform.address.country),
    },
    seller, buyer, lot: { ...lot, quantity: String(lot.quantity) }, platform, bank: ctx.terms.bank,
  })
  return store(trx, deal, { flow: 'sale', series, seq, doc, issuer: deal.seller_company_id, recipient: deal.buyer_company_id, preceding: null, now: ctx.now })
}

const EXEMPTION_CODES: Record<VatCategoryCode, string | null> = { S: null, AE: 'VATEX-EU-AE', K: 'VATEX-EU-IC', G: 'VATEX-EU-G', Z: null, O: 'VATEX-EU-O' }

async function issueFeeInvoice(trx: Kysely<DB>, deal: DealRow, fee: number, ctx: Ctx): Promise<IssuedDocument> {
  const platform = ctx.terms.platform
  const [{ seller }, listing] = await Promise.all([
    companies(trx, deal), trx.selectFrom('listings').select('title').where('id', '=', deal.listing_id).executeTakeFirstOrThrow(),
  ])
  const decision = decideFeeVat({ country: platform.address.country }, vatParty(seller))
  // The fee deducted is the whole of what NordicLoop takes: where VAT applies it is included in it.
  const net = netOfGross(fee, decision.rateBp)
  const seq = await nextInInvoiceSeries(trx, 'fee')
  const issueDate = dateIn(ctx.now, platform.address.country)
  const doc = feeInvoice({
    number: `NL-${issueDate.slice(0, 4)}-${pad(seq, 6)}`, issueDate, dealNumber: deal.number, title: listing.title, currency: deal.currency,
    net, vat: fee - net, decision, seller, platform,
  })
  return store(trx, deal, { flow: 'fee', series: 'fee', seq, doc, issuer: null, recipient: deal.seller_company_id, preceding: null, now: ctx.now })
}

async function issueCredit(trx: Kysely<DB>, deal: DealRow, flow: 'sale' | 'fee', original: { id: string; doc: InvoiceDocument }, gross: number, reason: string, ctx: Ctx): Promise<IssuedDocument> {
  const o = original.doc
  const net = gross >= o.totals.taxInclusiveMinor ? o.totals.taxExclusiveMinor
    : netPart(gross, { amount: o.totals.taxInclusiveMinor, vatAmount: o.totals.taxMinor })
  const series = flow === 'sale' ? `seller:${deal.seller_company_id}` : 'fee'
  const seq = await nextInInvoiceSeries(trx, series)
  const issueDate = dateIn(ctx.now, ctx.terms.platform.address.country)
  // The series' prefix as the invoice has it ("VA" of "VA-2026-0001"), even if the seller was renamed since.
  const prefix = o.number.split('-').slice(0, -2).join('-')
  const number = `${prefix}-${issueDate.slice(0, 4)}-${pad(seq, flow === 'sale' ? 4 : 6)}`
  const doc = creditNote(o, { number, issueDate, net, vat: gross - net, reason })
  return store(trx, deal, {
    flow, series, seq, doc, issuer: flow === 'sale' ? deal.seller_company_id : null,
    recipient: flow === 'sale' ? deal.buyer_company_id : deal.seller_company_id, preceding: original.id, now: ctx.now,
  })
}

async function store(trx: Kysely<DB>, deal: DealRow, i: { flow: 'sale' | 'fee'; series: string; seq: number; doc: InvoiceDocument; issuer: string | null; recipient: string; preceding: string | null; now: Date }): Promise<IssuedDocument> {
  const row = await trx.insertInto('invoices').values({
    deal_id: deal.id, kind: i.doc.kind, flow: i.flow, series: i.series, sequence_number: i.seq, number: i.doc.number,
    issuer_company_id: i.issuer, recipient_company_id: i.recipient, issue_date: i.doc.issueDate, currency: i.doc.currency,
    net_minor: i.doc.totals.taxExclusiveMinor, vat_minor: i.doc.totals.taxMinor, total_minor: i.doc.totals.taxInclusiveMinor,
    preceding_invoice_id: i.preceding, document: JSON.stringify(i.doc), created_at: i.now,
  }).returning('id').executeTakeFirstOrThrow()
  return { id: row.id, flow: i.flow, doc: i.doc }
}
