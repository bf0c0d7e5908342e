// Price guidance: the median and middle half of the price per unit in completed deals of the
// last 12 months, for one category and unit; shown only from 5 deals by 3 different sellers.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs, tradingCompanies, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { priceGuide } from '../../src/pricing/price-guidance.js'

const { app, db, clock } = await createTestApp()
const DAY = 86_400_000
const buyer = await createTestCompany(db, { status: 'approved' })
const sellers: TestCompany[] = await Promise.all(Array.from({ length: 4 }, () => createTestCompany(db, { status: 'approved' })))

type Sale = { seller?: number; category: string; unit: 'kg' | 't' | 'm3' | 'l' | 'pcs' | 'pallets'; quantity: string; amount: number; daysAgo?: number; status?: 'completed' | 'paid' | 'cancelled'; currency?: string }
async function sell(sale: Sale) {
  const now = clock()
  const seller = sellers[sale.seller ?? 0]!
  const listing = await createTestListing(db, seller.companyId, { now, status: 'ended', sale_type: 'fixed_price', category: sale.category, unit: sale.unit, quantity: sale.quantity, fixed_price: sale.amount, currency: sale.currency ?? 'EUR' })
  const at = new Date(now.getTime() - (sale.daysAgo ?? 10) * DAY)
  const status = sale.status ?? 'completed'
  await db.insertInto('deals').values({
    listing_id: listing, seller_company_id: seller.companyId, buyer_company_id: buyer.companyId, buyer_user_id: buyer.owner.userId,
    amount: sale.amount, currency: sale.currency ?? 'EUR', kind: 'fixed_price', created_at: at, updated_at: at, pay_by: new Date(at.getTime() + 7 * DAY),
    status, completed_at: status === 'completed' ? at : null, cancelled_at: status === 'cancelled' ? at : null,
  }).execute()
}

/** PostgreSQL's percentile_cont: linear between the two nearest ranks. */
function percentile(sorted: number[], p: number) {
  const rank = p * (sorted.length - 1)
  const lo = Math.floor(rank)
  return sorted[lo]! + (rank - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!)
}

describe('the guide for a category and unit', () => {
  it('is the median and quartiles of price per unit over completed deals of 12 months, by hand', async () => {
    // Glass by the tonne, from three sellers; prices per tonne 50, 60, 75, 80, 100, 120 (€).
    const sales: Sale[] = [
      { seller: 0, category: 'glass', unit: 't', quantity: '10', amount: 50_000 },
      { seller: 1, category: 'glass', unit: 't', quantity: '2', amount: 12_000 },
      { seller: 2, category: 'glass', unit: 't', quantity: '4', amount: 30_000 },
      { seller: 0, category: 'glass', unit: 't', quantity: '0.5', amount: 4_000 },
      { seller: 1, category: 'glass', unit: 't', quantity: '3', amount: 30_000 },
      { seller: 2, category: 'glass', unit: 't', quantity: '1', amount: 12_000, daysAgo: 40 },
    ]
    // Not counted: too old, not completed, another unit, another currency.
    const ignored: Sale[] = [
      { seller: 0, category: 'glass', unit: 't', quantity: '1', amount: 999_900, daysAgo: 400 },
      { seller: 1, category: 'glass', unit: 't', quantity: '1', amount: 999_900, status: 'paid' },
      { seller: 2, category: 'glass', unit: 't', quantity: '1', amount: 999_900, status: 'cancelled' },
      { seller: 0, category: 'glass', unit: 'kg', quantity: '1', amount: 999_900 },
      { seller: 1, category: 'glass', unit: 't', quantity: '1', amount: 999_900, currency: 'SEK' },
    ]
    for (const sale of [...sales, ...ignored]) await sell(sale)
    const guide = (await priceGuide(db, { categorySlug: 'glass', unit: 't', now: clock() }))!
    const perTonne = [5_000, 6_000, 7_500, 8_000, 10_000, 12_000]
    expect(guide).toMatchObject({ deals: 6, enough: true, currency: 'EUR' })
    expect(guide.median).toBe(Math.round(percentile(perTonne, 0.5))) // 7,750 cents
    expect(guide.median).toBe(7_750)
    expect(guide.q1).toBe(Math.round(percentile(perTonne, 0.25))) // 6,375
    expect(guide.q3).toBe(Math.round(percentile(perTonne, 0.75))) // 9,500
    // By month: only months with deals from 3 sellers have a median of their own.
    expect(guide.months.map((m) => m.deals)).toEqual([5])
  })

  it.each([
    ['4 deals from 3 sellers', [0, 1, 2, 0]],
    ['5 deals from 2 sellers', [0, 1, 0, 1, 0]],
    ['6 deals from one seller', [3, 3, 3, 3, 3, 3]],
  ])('is "not enough data" with %s, and never a figure', async (_, by) => {
    const category = ['textiles', 'organic-food', 'electronics-weee'][by.length - 4]!
    for (const seller of by) await sell({ seller, category, unit: 'pallets', quantity: '2', amount: 20_000 + seller * 100 })
    const guide = (await priceGuide(db, { categorySlug: category, unit: 'pallets', now: clock() }))!
    expect(guide).toMatchObject({ deals: by.length, enough: false, median: null, q1: null, q3: null, months: [] })
    const html = await (await app.request(`/market-prices/guide?category=${category}&unit=pallets`)).text()
    expect(html).toContain('not enough data yet')
    expect(html).not.toContain('€')
  })
})

describe('pages', () => {
  it('the public Market prices page shows only what has enough deals, and the guide comes as an htmx fragment', async () => {
    const page = await (await app.request('/market-prices')).text()
    expect(page).toContain('Glass')
    expect(page).toContain('€77.50 per tonne')
    for (const name of ['Textiles', 'Electronics']) expect(page).not.toMatch(new RegExp(`<h2>${name}`))
    const fragment = await app.request('/market-prices/guide?category=glass&unit=t', { headers: { 'hx-request': 'true' } })
    const html = await fragment.text()
    expect(html).toContain('€77.50 per tonne')
    expect(html).toContain('€63.75')
    expect(html).toContain('€95.00')
    expect(html).not.toContain('<html')
  })

  it.each([
    'category=GLASS&unit=t', 'category=glass&unit=tonnes', 'category=../etc&unit=t', `category=${'a'.repeat(61)}&unit=t`, 'category=glass&unit=%00',
  ])('a bad guide query (%s) is a 400 with a message', async (query) => {
    const res = await app.request(`/market-prices/guide?${query}`)
    expect(res.status).toBe(400)
  })

  it('the listing form shows the guide after a refused submit, without JavaScript, and asks again as category or unit change', async () => {
    const [seller] = await tradingCompanies(db)
    const browser = await logInAs(app, seller.owner)
    const res = await browser.post('/listings', { category: 'glass', unit: 't', quantity: '5', sale_type: 'fixed_price' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('€77.50 per tonne')
    expect(html).toMatch(/hx-get="\/market-prices\/guide"[^>]*hx-trigger="change from:#f-category, change from:#f-unit"/)
    expect(await (await browser.get('/listings/new')).text()).toContain('Choose a category and a unit')
  })

  it("the seller's own listing page shows the guide beside its price; nobody else's does", async () => {
    const owner = sellers[1]!
    const listing = await createTestListing(db, owner.companyId, { now: clock(), sale_type: 'fixed_price', category: 'glass', unit: 't', quantity: '10', fixed_price: 60_000 })
    const mine = await (await (await logInAs(app, owner.owner)).get(`/listings/${listing}`)).text()
    expect(mine).toContain('Your price: <strong>€60.00 per tonne</strong>, below most.')
    const other = await (await (await logInAs(app, buyer.owner)).get(`/listings/${listing}`)).text()
    expect(other).not.toContain('Your price')
    expect(other).not.toContain('per tonne</strong> (median)')
  })
})
