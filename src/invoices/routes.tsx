// A deal's invoices and credit notes: the printable page, the PDF and the EN 16931 e-invoice
// (UBL 2.1, Peppol BIS Billing 3.0). Mounted in the deals app, whose login guard covers all of
// /deals. The sale's papers are read by both sides of the deal and admins; NordicLoop's fee
// papers by the seller and admins. To anyone else the paper does not exist (404).
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { ID, UUID_PATTERN } from '../lib/ids.js'
import { renderPdf } from '../documents/pdf.js'
import { PrintPage } from '../../views/documents/print-page.js'
import { NOT_YOURS, roleIn } from '../deals/act-on-deal.js'
import { dealViewer } from '../deals/routes.js'
import { invoiceFileName } from './invoice-files.js'
import { invoicePrintDocument } from './print-invoice.js'
import { dealInvoice, mayRead } from './queries.js'
import { invoiceUbl } from './ubl.js'

const NO_INVOICE = 'There is no such invoice.'

/** The invoice for a reader allowed to see it, or 404 (not their deal, not their paper, no such paper). */
async function readableInvoice(c: Context<AppEnv>, invoiceId: string) {
  const dealId = c.req.param('id')?.toLowerCase() ?? ''
  const deal = await c.var.db.selectFrom('deals').select(['id', 'buyer_company_id', 'seller_company_id']).where('id', '=', dealId).executeTakeFirst()
  const actor = deal && roleIn(deal, dealViewer(c))
  if (!deal || !actor || actor.role === 'system') throw new HTTPException(404, { message: NOT_YOURS })
  const invoice = await dealInvoice(c.var.db, deal.id, invoiceId.toLowerCase())
  if (!invoice || !mayRead(actor, invoice.flow)) throw new HTTPException(404, { message: NO_INVOICE })
  // A private paper: never kept by a shared cache.
  c.header('Cache-Control', 'private, no-store')
  return invoice
}

const withoutSuffix = (file: string | undefined) => (file ?? '').replace(/\.(pdf|xml)$/, '')

export const invoiceRoutes = new Hono<AppEnv>()
  .get(`/${ID}/invoices/:invoice{${UUID_PATTERN}}`, async (c) => {
    const invoice = await readableInvoice(c, c.req.param('invoice'))
    const base = `/deals/${invoice.deal_id}/invoices/${invoice.id}`
    const actions = (
      <p><a href={`/deals/${invoice.deal_id}#invoices`}>← Back to the deal</a> · <a href={`${base}.pdf`}>Download PDF</a> · <a href={`${base}.xml`}>E-invoice (UBL XML)</a></p>
    )
    return c.html(<PrintPage doc={invoicePrintDocument(invoice.document)} actions={actions} />)
  })
  .get(`/${ID}/invoices/:file{${UUID_PATTERN}\\.pdf}`, async (c) => {
    const invoice = await readableInvoice(c, withoutSuffix(c.req.param('file')))
    const pdf = await renderPdf(invoicePrintDocument(invoice.document))
    return c.body(Buffer.from(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${invoiceFileName(invoice.document)}.pdf"`,
    })
  })
  .get(`/${ID}/invoices/:file{${UUID_PATTERN}\\.xml}`, async (c) => {
    const invoice = await readableInvoice(c, withoutSuffix(c.req.param('file')))
    return c.body(invoiceUbl(invoice.document), 200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${invoiceFileName(invoice.document)}.xml"`,
    })
  })
