// An issued invoice or credit note as the files people get: the PDF (drawn by src/documents/pdf.ts
// from the same PrintDocument as the print page), named after its number.
import { renderPdf } from '../documents/pdf.js'
import type { EmailAttachment } from '../notifications/email.js'
import type { Party } from '../deals/deal-rules.js'
import type { InvoiceDocument } from './invoice-document.js'
import type { IssuedDocument } from './issue.js'
import { invoicePrintDocument } from './print-invoice.js'

/** "invoice-VA-2026-0001", "credit-note-VA-2026-0002": the file name without its extension. */
export function invoiceFileName(doc: Pick<InvoiceDocument, 'kind' | 'number'>): string {
  const safe = doc.number.replace(/[^A-Za-z0-9-]/g, '_')
  return `${doc.kind === 'credit_note' ? 'credit-note' : 'invoice'}-${safe}`
}

export async function invoicePdfAttachment(doc: InvoiceDocument): Promise<EmailAttachment> {
  const bytes = await renderPdf(invoicePrintDocument(doc))
  return { name: `${invoiceFileName(doc)}.pdf`, contentType: 'application/pdf', content: Buffer.from(bytes) }
}

/**
 * Who gets which file with the step's email: the sale's invoice and credit notes go to the buyer
 * and a copy to the seller; NordicLoop's fee invoice to the seller only.
 */
export async function paperworkAttachments(issued: IssuedDocument[]): Promise<(role: Party) => EmailAttachment[]> {
  const files = await Promise.all(issued.map(async (d) => ({ flow: d.flow, file: await invoicePdfAttachment(d.doc) })))
  return (role) => files.filter((f) => f.flow === 'sale' || role === 'seller').map((f) => f.file)
}
