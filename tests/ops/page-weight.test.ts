// Pages stay small for businesses on slow connections: no page a trader lives on may carry more
// than 30 KB of HTML, CSS and JS (gzip) — home, search results, an auction and a fixed-price
// listing (as a visitor and as a bidding member), the selling form and the dashboards, each
// filled with a working day's rows. bench/page-weight.ts prints the same figures for the demo.
import { describe, expect, test } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs, tradingCompanies } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'
import { formatKb, PAGE_CODE_BUDGET_BYTES, weighPage } from '../support/page-weight.js'
import type { TestBrowser } from '../support/browser.js'

const { app, db, clock } = await createTestApp()

describe('page weight', async () => {
  const [seller, buyer, rival] = await tradingCompanies(db)
  const other = await createTestCompany(db, { status: 'approved' })
  const now = clock()
  const buyerPage = await logInAs(app, buyer.owner)
  const sellerPage = await logInAs(app, seller.owner)
  const rivalPage = await logInAs(app, rival.owner)
  // A busy seller and a busy buyer: 20 live lots, bids back and forth on several, a watchlist, deals.
  const auctions: string[] = []
  for (let i = 0; i < 20; i++) {
    const id = await createTestListing(db, i % 2 ? seller.companyId : other.companyId, { now, title: `Baled cardboard, grade ${i}, about 12 tonnes ready for pickup`, start_price: 10_000 + i * 100 })
    auctions.push(id)
  }
  let keys = 0
  const bidKey = () => `pageweight${'a'.repeat(10)}${(keys++).toString(32).replace(/[01890]/g, 'z')}`
  const bid = (who: TestBrowser, id: string, amount: number) =>
    who.post(`/listings/${id}/bids`, { amount: String(amount), idempotency_key: bidKey() })
  for (const [i, id] of auctions.slice(0, 8).entries()) {
    for (let round = 0; round < 6; round++) {
      const res = await bid(round % 2 ? rivalPage : buyerPage, id, 200 + i * 10 + round * 100)
      expect(res.status, `a bid of the scenario: ${res.status < 400 ? '' : (await res.text()).match(/class="error"[^>]*>([^<]*)/)?.[1]}`).toBeLessThan(400)
    }
    await buyerPage.post(`/listings/${id}/watch`, { back: `/listings/${id}` })
  }
  for (let i = 0; i < 5; i++) await buyFixedPriceLot(db, buyerPage, { sellerCompanyId: seller.companyId, title: `Steel offcuts lot ${i}`, price: 90_000 + i * 100, now })
  const fixed = await createTestListing(db, seller.companyId, { now, title: 'Wooden pallets, 200 pieces', sale_type: 'fixed_price', fixed_price: 120_000, category: 'wood-pallets' })

  const visitor = null
  const pages: [string, TestBrowser | null, string][] = [
    ['home', visitor, '/'],
    ['search results', visitor, '/listings?q=cardboard'],
    ['auction listing', visitor, `/listings/${auctions[0]}`],
    ['auction listing, bidding member', buyerPage, `/listings/${auctions[0]}`],
    ['fixed-price listing, member', buyerPage, `/listings/${fixed}`],
    ['selling form', sellerPage, '/listings/new'],
    ['overview', sellerPage, '/my'],
    ['my listings', sellerPage, '/my/listings'],
    ['my bids', buyerPage, '/my/bids'],
    ['watching', buyerPage, '/watching'],
    ['deals', buyerPage, '/deals'],
  ]

  test.each(pages)('%s: HTML + CSS + JS within the budget', async (name, who, path) => {
    const weight = await weighPage((p, headers) => (who ?? { get: (q: string, h: Record<string, string>) => Promise.resolve(app.request(`http://localhost:3000${q}`, { headers: h })) }).get(p, headers), path)
    expect(weight.status, `${name} answers`).toBe(200)
    expect(weight.code, `${name}: ${formatKb(weight.html)} HTML + ${formatKb(weight.css)} CSS + ${formatKb(weight.js)} JS`).toBeLessThanOrEqual(PAGE_CODE_BUDGET_BYTES)
    // The counts are real: a page with no stylesheet or script would pass for the wrong reason.
    expect(weight.css).toBeGreaterThan(1000)
    expect(weight.js).toBeGreaterThan(1000)
  })
})
