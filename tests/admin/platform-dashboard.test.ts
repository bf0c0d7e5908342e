// The admin dashboard's platform charts: their figures follow what happened, day by day and
// week by week, and only admins see them.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, tradingCompanies } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { loadPlatformStats } from '../../src/admin/platform-stats.js'

const { app, db, clock } = await createTestApp()
const DAY = 86_400_000

describe('platform stats', () => {
  it('counts bids a day, deals and volume a week, new companies a week and tonnes by category, with a point for every day and week', async () => {
    const now = clock()
    const before = await loadPlatformStats(db, now)
    const [seller, buyer] = await tradingCompanies(db)
    const auction = await createTestListing(db, seller.companyId, { now })
    const bidAt = (daysAgo: number, amount: number) => db.insertInto('bids').values({
      listing_id: auction, company_id: buyer.companyId, amount, kind: 'bid', created_at: new Date(now.getTime() - daysAgo * DAY),
    }).execute()
    await bidAt(0, 100_000)
    await bidAt(0, 105_000)
    await bidAt(3, 90_000)
    await bidAt(40, 80_000) // outside the 30 days
    const lot = (quantity: string, unit: 'kg' | 't' | 'pallets', category: string, weight: string | null = null) =>
      createTestListing(db, seller.companyId, { now, status: 'ended', sale_type: 'fixed_price', quantity, unit, category, actual_weight_kg: weight })
    const deal = async (listing: string, amount: number, status: 'completed' | 'cancelled' | 'paid', daysAgo: number, currency = 'EUR') => {
      const at = new Date(now.getTime() - daysAgo * DAY)
      await db.insertInto('deals').values({
        listing_id: listing, seller_company_id: seller.companyId, buyer_company_id: buyer.companyId, buyer_user_id: buyer.owner.userId,
        amount, currency, kind: 'fixed_price', created_at: at, updated_at: at, pay_by: new Date(at.getTime() + 7 * DAY),
        status, completed_at: status === 'completed' ? at : null, cancelled_at: status === 'cancelled' ? at : null,
      }).execute()
    }
    await deal(await lot('12', 't', 'ferrous-metals'), 150_000, 'completed', 0)
    await deal(await lot('500', 'kg', 'ferrous-metals'), 20_000, 'completed', 0)
    await deal(await lot('3', 'pallets', 'paper-cardboard', '750'), 30_000, 'completed', 0)
    await deal(await lot('1', 't', 'paper-cardboard'), 99_000, 'cancelled', 0)
    await deal(await lot('2', 't', 'paper-cardboard'), 50_000, 'paid', 0, 'SEK')
    await deal(await lot('4', 't', 'plastics'), 10_000, 'completed', 400) // completed over a year ago

    const after = await loadPlatformStats(db, now)
    expect(after.bidsPerDay).toHaveLength(30)
    expect(after.dealsPerWeek).toHaveLength(12)
    expect(after.bidsPerDay.at(-1)!.label).toBe(now.toISOString().slice(0, 10))
    const added = (a: { value: number }[], b: { value: number }[]) => a.map((p, i) => p.value - b[i]!.value)
    const bidDays = added(after.bidsPerDay, before.bidsPerDay)
    expect(bidDays.at(-1)).toBe(2)
    expect(bidDays.at(-4)).toBe(1)
    expect(bidDays.reduce((a, b) => a + b)).toBe(3)
    expect(added(after.dealsPerWeek, before.dealsPerWeek).at(-1)).toBe(5) // this week's, whatever their state or currency
    // Euros only, cancelled deals not counted: 1,500 + 200 + 300.
    expect(added(after.volumePerWeek, before.volumePerWeek).at(-1)).toBe(2_000)
    expect(added(after.newCompaniesPerWeek, before.newCompaniesPerWeek).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(0)
    const tonnes = (name: string, stats: typeof after) => stats.tonnesByCategory.find((p) => p.label.toLowerCase().includes(name))?.value ?? 0
    expect(tonnes('metal', after) - tonnes('metal', before)).toBeCloseTo(12.5, 3)
    expect(tonnes('paper', after) - tonnes('paper', before)).toBeCloseTo(0.75, 3) // the seller's weighed 750 kg, not 3 average pallets
    expect(tonnes('plastic', after) - tonnes('plastic', before)).toBe(0)
    expect(after.liveAuctions - before.liveAuctions).toBe(1)
  })

  it('a new company shows in this week', async () => {
    const before = await loadPlatformStats(db, clock())
    await createTestCompany(db, { createdAt: clock() })
    const after = await loadPlatformStats(db, clock())
    expect(after.newCompaniesPerWeek.at(-1)!.value - before.newCompaniesPerWeek.at(-1)!.value).toBe(1)
  })
})

describe('the admin dashboard', () => {
  it('shows the charts as SVG with their figures in tables, to admins only', async () => {
    const admin = await logInAs(app, await createTestAdmin(db))
    const res = await admin.get('/admin')
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const id of ['bids-per-day', 'deals-per-week', 'volume-per-week', 'companies-per-week']) {
      expect(html).toContain(`aria-labelledby="${id}-title"`)
    }
    expect(html).toMatch(/<svg[^>]+role="img"/)
    expect(html).toContain('<summary>The figures</summary>')
    expect(html).not.toMatch(/<script(?![^>]*src=)/)
    const member = await logInAs(app, (await createTestCompany(db, { status: 'approved' })).owner)
    expect((await member.get('/admin')).status).toBe(403)
  })
})

describe("a company's activity, for an admin", () => {
  it('shows its listings, bids, deals (either side), strikes and ratings, and nothing of another company', async () => {
    const now = clock()
    const [seller, buyer, other] = await tradingCompanies(db)
    const lot = await createTestListing(db, seller.companyId, { now, title: 'Copper cable offcuts' })
    await createTestListing(db, other.companyId, { now, title: 'Someone else’s glass cullet' })
    await db.insertInto('bids').values({ listing_id: lot, company_id: buyer.companyId, amount: 123_400, kind: 'bid', created_at: now }).execute()
    const sold = await createTestListing(db, seller.companyId, { now, status: 'ended', sale_type: 'fixed_price', title: 'Pallet wrap film' })
    const unpaid = await createTestListing(db, seller.companyId, { now, status: 'ended', sale_type: 'fixed_price', title: 'Unpaid lot' })
    const deal = (listing: string, status: 'completed' | 'cancelled') => db.insertInto('deals').values({
      listing_id: listing, seller_company_id: seller.companyId, buyer_company_id: buyer.companyId, buyer_user_id: buyer.owner.userId,
      amount: 77_700, currency: 'EUR', kind: 'fixed_price', created_at: now, updated_at: now, pay_by: new Date(now.getTime() + 7 * DAY), status,
      completed_at: status === 'completed' ? now : null, cancelled_at: status === 'cancelled' ? now : null, cancel_reason: status === 'cancelled' ? 'non_payment' : null,
    }).returning(['id', 'number']).executeTakeFirstOrThrow()
    const completed = await deal(sold, 'completed')
    await deal(unpaid, 'cancelled')
    await db.insertInto('ratings').values({ deal_id: completed.id, rater_company_id: seller.companyId, rated_company_id: buyer.companyId, score: 4, comment: 'Collected on time.', created_at: now }).execute()

    const admin = await logInAs(app, await createTestAdmin(db))
    const page = await (await admin.get(`/admin/companies/${buyer.companyId}`)).text()
    expect(page).toContain('Copper cable offcuts')
    expect(page).toMatch(/€\s?1,234\.00|1,234\.00/)
    expect(page).toContain(`Deal ${completed.number}`)
    expect(page).toContain(seller.legalName)
    expect(page).toMatch(/<strong>1<\/strong> strike /)
    expect(page).toContain('Collected on time.')
    expect(page).not.toContain('Someone else’s glass cullet')
    const sellerPage = await (await admin.get(`/admin/companies/${seller.companyId}`)).text()
    expect(sellerPage).toContain('Pallet wrap film')
    expect(sellerPage).toMatch(/<strong>0<\/strong> strikes/)
    expect(sellerPage).toContain('Collected on time.')
  })
})
