// Who reads a deal's invoices, in each format: the sale's invoice and credit notes by the buyer,
// the seller and admins; NordicLoop's fee invoice by the seller and admins. Another company's
// owner or member gets a 404 that shows nothing; a visitor is sent to log in; an invoice id
// under another deal is a 404 too.
import { describe, expect, it } from 'vitest'
import type { TestBrowser } from '../support/browser.js'
import { invoicesOf, invoiceWorld } from './invoice-world.js'

const w = await invoiceWorld()
const deal = await w.buy(w.browsers.buyerSe, 'Baled cardboard', 150_000, 'paper-cardboard')
await w.pay(deal)
await w.act(deal, w.viewers.seller, { type: 'hand_over' })
await w.act(deal, w.viewers.buyerSe, { type: 'confirm_receipt' })
const papers = await invoicesOf(w.db, deal.id)
const sale = papers.find((p) => p.flow === 'sale')!
const fee = papers.find((p) => p.flow === 'fee')!
const other = await w.buy(w.browsers.buyerDe, 'Another deal', 20_000, 'plastics')
await w.pay(other)

const FORMATS = [
  { name: 'page', suffix: '', type: 'text/html' },
  { name: 'PDF', suffix: '.pdf', type: 'application/pdf' },
  { name: 'UBL XML', suffix: '.xml', type: 'application/xml' },
] as const
const url = (paper: { id: string }, suffix: string, dealId = deal.id) => `/deals/${dealId}/invoices/${paper.id}${suffix}`

async function expectRefused(b: TestBrowser, path: string, number: string) {
  const res = await b.get(path)
  expect(res.status, path).toBe(404)
  const body = await res.text()
  expect(body).not.toContain(number)
  expect(body).not.toContain('%PDF')
}

describe('the sale’s invoice', () => {
  for (const who of ['buyerSe', 'seller', 'admin'] as const) {
    it.each(FORMATS)(`${who} gets the $name`, async ({ suffix, type }) => {
      const res = await w.browsers[who].get(url(sale, suffix))
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain(type)
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      const bytes = Buffer.from(await res.arrayBuffer())
      if (suffix === '.pdf') {
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${sale.number}.pdf"`)
      } else {
        expect(bytes.toString('utf8')).toContain(sale.number)
      }
    })
  }
})

describe('the fee invoice', () => {
  for (const who of ['seller', 'admin'] as const) {
    it.each(FORMATS)(`${who} gets the $name`, async ({ suffix }) => {
      expect((await w.browsers[who].get(url(fee, suffix))).status).toBe(200)
    })
  }
  it.each(FORMATS)('the buyer gets a 404 for the $name, and the deal page does not list it', async ({ suffix }) => {
    await expectRefused(w.browsers.buyerSe, url(fee, suffix), fee.number)
    const page = await (await w.browsers.buyerSe.get(`/deals/${deal.id}`)).text()
    expect(page).toContain(sale.number)
    expect(page).not.toContain(fee.number)
  })
})

describe('anyone else', () => {
  for (const who of ['thirdOwner', 'thirdMember', 'buyerDe'] as const) {
    for (const paper of [sale, fee]) {
      it.each(FORMATS)(`${who}: the ${paper.flow} invoice’s $name is a 404 that shows nothing`, async ({ suffix }) => {
        await expectRefused(w.browsers[who], url(paper, suffix), paper.number)
      })
    }
  }

  it.each(FORMATS)('a visitor is sent to log in for the $name', async ({ suffix }) => {
    const res = await w.browsers.visitor.get(url(sale, suffix))
    expect([302, 303, 401]).toContain(res.status)
    expect(await res.text()).not.toContain(sale.number)
  })

  it.each(FORMATS)('an invoice under another deal’s address is a 404 ($name), even for a side of both deals', async ({ suffix }) => {
    const [otherInvoice] = await invoicesOf(w.db, other.id)
    await expectRefused(w.browsers.seller, url(otherInvoice, suffix, deal.id), otherInvoice.number)
    await expectRefused(w.browsers.admin, url(sale, suffix, other.id), sale.number)
  })

  it.each(['00000000-0000-0000-0000-000000000000', 'not-a-uuid', `${'a'.repeat(36)}`, '..%2f..%2fetc'])('an unknown or malformed invoice id (%s) is a 404', async (id) => {
    for (const { suffix } of FORMATS) expect((await w.browsers.seller.get(`/deals/${deal.id}/invoices/${id}${suffix}`)).status).toBe(404)
  })
})
