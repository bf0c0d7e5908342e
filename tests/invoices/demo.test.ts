// The demo data shows the paperwork: the demo deals went through the real steps, so the paid
// ones have the seller's invoice, the settled ones NordicLoop's fee invoice, and the resolved
// one with a refund its credit note; the completed deal's buyer reads its invoice.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createLogger } from '../../src/lib/logger.js'
import { createPhotoStorage } from '../../src/images/storage.js'
import { DEMO_COMPANIES, DEMO_PASSWORD, seedIfEmpty } from '../../src/seed/seed.js'
import { dealTerms } from '../../src/deals/terms.js'

const uploads = await mkdtemp(join(tmpdir(), 'nordicloop-invoices-demo-'))
afterAll(() => rm(uploads, { recursive: true, force: true }))
const { app, db, clock, config } = await createTestApp({ config: { UPLOAD_DIR: uploads } })
await seedIfEmpty(db, createLogger('silent'), { storage: createPhotoStorage(config), terms: dealTerms(config), clock })

const papersByStatus = async () => {
  const rows = await db.selectFrom('deals').leftJoin('invoices', 'invoices.deal_id', 'deals.id')
    .select(['deals.id', 'deals.status', 'deals.amount', 'deals.refund_amount', 'invoices.flow', 'invoices.kind', 'invoices.number']).execute()
  return rows
}

describe('the demo deals’ paperwork', () => {
  it('has the seller’s invoice on every paid deal, the fee invoice on every settled one and a credit note for a refund', async () => {
    const rows = await papersByStatus()
    const deals = new Map<string, { status: string; amount: number; refund: number; papers: string[] }>()
    for (const r of rows) {
      const d = deals.get(r.id) ?? { status: r.status, amount: r.amount, refund: r.refund_amount, papers: [] }
      if (r.flow) d.papers.push(`${r.flow} ${r.kind}`)
      deals.set(r.id, d)
    }
    const statuses = new Set([...deals.values()].map((d) => d.status))
    for (const s of ['awaiting_payment', 'paid', 'handed_over', 'completed', 'cancelled', 'disputed', 'resolved']) expect(statuses.has(s), s).toBe(true)
    for (const [id, d] of deals) {
      const expected = d.status === 'awaiting_payment' || d.status === 'cancelled' ? []
        : d.status === 'completed' ? ['fee invoice', 'sale invoice']
        : d.status === 'resolved' ? [...(d.refund > 0 ? ['sale credit_note'] : []), ...(d.refund < d.amount ? ['fee invoice'] : []) /* a full refund leaves no fee */, 'sale invoice']
        : ['sale invoice']
      expect(d.papers.sort(), `${d.status} deal ${id}`).toEqual(expected.sort())
    }
  })

  it('lets the completed deal’s buyer open and download its invoice', async () => {
    const completed = (await papersByStatus()).find((r) => r.status === 'completed' && r.flow === 'sale')!
    const deal = await db.selectFrom('deals').innerJoin('companies', 'companies.id', 'deals.buyer_company_id')
      .select(['companies.legal_name']).where('deals.id', '=', completed.id).executeTakeFirstOrThrow()
    const buyer = DEMO_COMPANIES.find((c) => c.legalName === deal.legal_name)!
    const browser = new TestBrowser(app)
    expect((await browser.post('/login', { email: buyer.owner.email, password: DEMO_PASSWORD })).status).toBe(303)
    const page = await (await browser.get(`/deals/${completed.id}`)).text()
    expect(page).toContain(`Invoice ${completed.number}`)
    const invoice = await db.selectFrom('invoices').select('id').where('number', '=', completed.number!).where('deal_id', '=', completed.id).executeTakeFirstOrThrow()
    const pdf = await browser.get(`/deals/${completed.id}/invoices/${invoice.id}.pdf`)
    expect(pdf.status).toBe(200)
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
  })
})
