// Reading a deal's invoices for the people allowed to: the sale's invoice and credit notes by
// both sides and admins, NordicLoop's fee papers by the seller and admins only.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import type { DealActor } from '../deals/deal-rules.js'
import type { InvoiceDocument } from './invoice-document.js'
import { formatDay } from './print-invoice.js'

export type InvoiceRow = { id: string; deal_id: string; flow: 'sale' | 'fee'; kind: 'invoice' | 'credit_note'; number: string; document: InvoiceDocument }

/** Whether a reader of the deal may read papers of this flow. */
export const mayRead = (actor: DealActor, flow: 'sale' | 'fee') => actor.role === 'admin' || actor.role === 'seller' || (actor.role === 'buyer' && flow === 'sale')

export async function dealInvoices(db: Kysely<DB>, dealId: string, actor: DealActor): Promise<InvoiceRow[]> {
  const rows = await db.selectFrom('invoices').select(['id', 'deal_id', 'flow', 'kind', 'number', 'document'])
    .where('deal_id', '=', dealId).orderBy('created_at').orderBy('flow', 'desc').orderBy('sequence_number').execute()
  return rows.filter((r) => mayRead(actor, r.flow)).map((r) => ({ ...r, document: r.document as InvoiceDocument }))
}

export async function dealInvoice(db: Kysely<DB>, dealId: string, invoiceId: string): Promise<InvoiceRow | undefined> {
  const row = await db.selectFrom('invoices').select(['id', 'deal_id', 'flow', 'kind', 'number', 'document'])
    .where('deal_id', '=', dealId).where('id', '=', invoiceId).executeTakeFirst()
  return row && { ...row, document: row.document as InvoiceDocument }
}

export type InvoiceSectionView = {
  dealId: string
  items: { id: string; title: string; what: string; issued: string; total: string; corrects: string | null }[]
}

/** The deal page's list of papers for this reader; null when there are none yet. */
export async function invoiceSection(db: Kysely<DB>, dealId: string, actor: DealActor): Promise<InvoiceSectionView | null> {
  if (actor.role === 'system') return null
  const rows = await dealInvoices(db, dealId, actor)
  if (rows.length === 0) return null
  return {
    dealId,
    items: rows.map((r) => {
      const d = r.document
      const noun = r.kind === 'credit_note' ? 'Credit note' : 'Invoice'
      return {
        id: r.id, title: `${noun} ${d.number}`,
        what: r.flow === 'sale' ? `${d.seller.legalName} to ${d.buyer.legalName}, issued by NordicLoop on the seller's behalf` : `NordicLoop's fee to ${d.buyer.legalName}`,
        issued: formatDay(d.issueDate), total: formatMoney(d.totals.taxInclusiveMinor, d.currency),
        corrects: d.precedingInvoice ? d.precedingInvoice.number : null,
      }
    }),
  }
}
