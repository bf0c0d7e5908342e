import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL, testConfig } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createLogger } from '../../src/lib/logger.js'
import { createPhotoStorage } from '../../src/images/storage.js'
import { variantWidths } from '../../src/images/process.js'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { searchExtraFor } from '../../src/listings/search-extra.js'
import { CATEGORIES } from '../../src/seed/categories.js'
import { DEMO_LISTINGS } from '../../src/seed/listings.js'
import { DEMO_DEAL_LISTINGS } from '../../src/seed/deal-listings.js'
import { RATED_LOTS } from '../../src/seed/ratings.js'
import { IMPACT_LOTS } from '../../src/seed/impact-deals.js'
import { marketPrices } from '../../src/pricing/price-guidance.js'
import { DEMO_ADMIN, DEMO_COMPANIES, DEMO_PASSWORD, seedDemoData, seedIfEmpty, type SeedDeps } from '../../src/seed/seed.js'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { dealTerms } from '../../src/deals/terms.js'

const log = createLogger('silent')

// The slugs the CO2e factor table is keyed by; a renamed slug would orphan its factors.
const FACTOR_SLUGS = [
  'paper-cardboard', 'plastics', 'ferrous-metals', 'non-ferrous-metals', 'wood-pallets', 'glass', 'textiles',
  'organic-food', 'electronics-weee', 'construction-demolition', 'chemicals-hazardous', 'other',
]

/** Everything the seed writes, in a stable order, to compare before and after. */
async function snapshot(db: Kysely<DB>) {
  return {
    categories: await db.selectFrom('categories').selectAll().orderBy('slug').execute(),
    companies: await db.selectFrom('companies').selectAll().orderBy('org_number').execute(),
    users: await db.selectFrom('users').selectAll().orderBy('email').execute(),
    audit: await db.selectFrom('audit_log').select(['action', 'subject_id']).orderBy('id').execute(),
    outbox: await db.selectFrom('outbox').select('id').execute(),
    listings: await db.selectFrom('listings').selectAll().orderBy('title').execute(),
    photos: await db.selectFrom('listing_photos').selectAll().orderBy('id').execute(),
    bids: await db.selectFrom('bids').selectAll().orderBy('id').execute(),
    watchlist: await db.selectFrom('watchlist').selectAll().orderBy('listing_id').orderBy('user_id').execute(),
  }
}

/** Photos go to a folder of this test file's own, read back by the app through the same config. */
async function photoFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'nordicloop-seed-'))
  afterAll(() => rm(dir, { recursive: true, force: true }))
  return dir
}

const NOTHING_NEW = { categories: 0, admin: false, companies: 0, users: 0, listings: 0, photos: 0, bids: 0, watching: 0, deals: 0 }

describe('demo seed', async () => {
  const uploads = await photoFolder()
  const { app, db, clock, config } = await createTestApp({ config: { UPLOAD_DIR: uploads } })
  const deps = (): SeedDeps => ({ storage: createPhotoStorage(config), terms: dealTerms(config), clock })
  const first = await seedIfEmpty(db, log, deps())
  const KARTONG = DEMO_LISTINGS[0].title

  it('has the waste categories (a migration inserts them) with the slugs of the CO2e factors', async () => {
    expect(first?.categories).toBe(0) // already there: the seed only fills in missing ones
    const rows = await db.selectFrom('categories').select(['slug', 'name', 'description']).execute()
    expect(rows.map((r) => r.slug).sort()).toEqual([...FACTOR_SLUGS].sort())
    for (const row of rows) {
      expect(row.name.length).toBeGreaterThan(2)
      expect(row.description).toMatch(/\.$/)
    }
    expect(rows.find((r) => r.slug === 'electronics-weee')?.name).toBe('Electronics (WEEE)')
  })

  it('creates a verified platform admin', async () => {
    const admin = await db.selectFrom('users').selectAll().where('email', '=', DEMO_ADMIN.email).executeTakeFirstOrThrow()
    expect(admin.is_admin).toBe(true)
    expect(admin.company_id).toBeNull()
    expect(admin.email_verified_at).not.toBeNull()
  })

  it('creates four approved companies in different countries and one pending, each with a verified owner', async () => {
    const companies = await db.selectFrom('companies')
      .innerJoin('users', 'users.company_id', 'companies.id')
      .select(['companies.legal_name', 'companies.country', 'companies.status', 'users.email', 'users.company_role', 'users.email_verified_at'])
      .execute()
    const approved = companies.filter((c) => c.status === 'approved')
    expect(approved).toHaveLength(4)
    expect(new Set(approved.map((c) => c.country)).size).toBe(4)
    expect(companies.filter((c) => c.status === 'pending')).toHaveLength(1)
    for (const c of companies) {
      expect(c.company_role).toBe('owner')
      expect(c.email_verified_at).not.toBeNull()
    }
  })

  it('lets every demo login log in with the demo password', async () => {
    const logins = [DEMO_ADMIN.email, ...DEMO_COMPANIES.map((c) => c.owner.email)]
    for (const email of logins) {
      const browser = new TestBrowser(app)
      const res = await browser.post('/login', { email, password: DEMO_PASSWORD })
      expect(res.status, email).toBe(303)
      // Company people land on their overview; the admin, who has no company, on the home page.
      expect(res.headers.get('location')).toBe(email === DEMO_ADMIN.email ? '/' : '/my')
      const account = await browser.get('/account')
      expect(account.status).toBe(200)
      expect(await account.text()).toContain(email)
    }
    // And the shared password is the only way in: a wrong one is refused.
    const res = await new TestBrowser(app).post('/login', { email: DEMO_ADMIN.email, password: 'not-the-demo-password' })
    expect(res.status).toBe(401)
  })

  it('shows the seeded categories on the home page', async () => {
    const html = await (await app.request('/')).text()
    for (const c of CATEGORIES) expect(html).toContain(c.name.replace('&', '&amp;'))
  })

  it('puts a dozen live listings from the four approved demo companies on the market, across the categories', async () => {
    expect(first).toMatchObject({ listings: DEMO_LISTINGS.length })
    expect(DEMO_LISTINGS.length).toBeGreaterThanOrEqual(12)
    const rows = await db.selectFrom('listings')
      .innerJoin('companies', 'companies.id', 'listings.company_id')
      .innerJoin('categories', 'categories.id', 'listings.category_id')
      .leftJoin('ewc_codes', 'ewc_codes.code', 'listings.ewc_code')
      .select(['listings.title', 'listings.status', 'listings.sale_type', 'listings.search_extra', 'listings.location_city', 'listings.created_by',
        'listings.published_at', 'companies.city', 'companies.status as company_status', 'companies.legal_name', 'categories.name as category',
        'ewc_codes.display_code', 'ewc_codes.description as ewc_description', 'ewc_codes.hazardous'])
      .where('listings.title', 'in', DEMO_LISTINGS.map((d) => d.title))
      .execute()
    expect(rows).toHaveLength(DEMO_LISTINGS.length)
    for (const r of rows) {
      expect(r.status, r.title).toBe('live')
      expect(r.published_at!.getTime()).toBeLessThanOrEqual(clock().getTime())
      expect(r.company_status).toBe('approved')
      expect(r.location_city).toBe(r.city)
      expect(r.created_by).not.toBeNull()
      // The search text a seller's own save would write: category name, waste code and its description.
      expect(r.search_extra).toBe(searchExtraFor(r.category, r.display_code ? { display_code: r.display_code, description: r.ewc_description! } : null))
    }
    expect(new Set(rows.map((r) => r.legal_name)).size).toBe(4)
    expect(new Set(rows.map((r) => r.category)).size).toBeGreaterThanOrEqual(8)
    expect(new Set(rows.map((r) => r.sale_type))).toEqual(new Set(['auction', 'fixed_price']))
    expect(rows.filter((r) => r.hazardous).map((r) => r.display_code)).toEqual(['13 02 05*'])
  })

  it('shows the demo listings on the home page and on /listings', async () => {
    const home = await (await app.request('/')).text()
    const browse = await (await app.request('/listings')).text()
    // The home page has a shelf of the newest and one of the auctions ending soonest.
    expect(home).toContain(KARTONG)
    expect(home).toContain('Wellpappe: cardboard packaging from deliveries, 3 t')
    for (const demo of DEMO_LISTINGS) expect(browse, demo.title).toContain(demo.title)
    expect(home).toMatch(/\/media\/photos\/[0-9a-f-]{36}\/\d+\.webp/)
  })

  it('finds the accented demo words by their plain spelling', async () => {
    const cases: [string, string][] = [
      ['kartong', KARTONG],
      ['jarn', 'Steel strapping scrap (järn) from our bale presses, 4 t'],
      ['sahanpuru', 'Sahanpuru: dry spruce sawdust, 60 m³'],
      ['wellpappe', 'Wellpappe: cardboard packaging from deliveries, 3 t'],
      ['13 02 05', 'Used gear and hydraulic oil, 2 000 l'],
    ]
    for (const [q, title] of cases) {
      const html = await (await app.request(`/listings?q=${encodeURIComponent(q)}`)).text()
      expect(html, q).toContain(title)
      expect(html, q).not.toContain('Clear glass jars 370 ml')
    }
  })

  it('has three auctions with bids ending within 15 minutes, and the rest later', async () => {
    const now = clock().getTime()
    const auctions = await db.selectFrom('listings').select(['title', 'ends_at', 'bid_count', 'reserve_price', 'buy_now_price'])
      .where('sale_type', '=', 'auction').orderBy('ends_at').execute()
    const minutesLeft = auctions.map((a) => (a.ends_at!.getTime() - now) / 60_000)
    expect(minutesLeft.slice(0, 3)).toEqual([5, 10, 14])
    expect(minutesLeft.slice(3).every((m) => m >= 60)).toBe(true)
    expect(auctions.slice(0, 3).every((a) => a.bid_count > 0)).toBe(true)
    expect(auctions.some((a) => a.reserve_price !== null)).toBe(true)
    expect(auctions.some((a) => a.buy_now_price !== null)).toBe(true)
    // The home page's ending-soon shelf leads with the first to close.
    const home = await (await app.request('/')).text()
    expect(home).toContain(auctions[0].title)
  })

  it('placed the demo bids through the bidding rules: counts, prices and leaders add up', async () => {
    expect(first!.bids).toBe(DEMO_LISTINGS.reduce((n, d) => n + (d.sale.type === 'auction' ? d.sale.bids?.length ?? 0 : 0), 0))
    const auctions = await db.selectFrom('listings').selectAll().where('sale_type', '=', 'auction').where('bid_count', '>', 0).execute()
    expect(auctions.length).toBeGreaterThanOrEqual(5)
    for (const a of auctions) {
      const bids = await db.selectFrom('bids').selectAll().where('listing_id', '=', a.id).orderBy('id').execute()
      expect(bids).toHaveLength(a.bid_count)
      expect(a.current_price).toBe(Math.max(...bids.map((b) => b.amount)))
      expect(a.leading_company_id).toBe(bids[bids.length - 1].company_id)
      expect(bids.every((b) => b.company_id !== a.company_id)).toBe(true)
      // Every bid a person placed names them; only proxy bids made by the system do not.
      for (const b of bids) expect(b.user_id === null).toBe(b.kind === 'auto')
    }
    // The proxy bid on the apple pomace answered the later, lower bid automatically.
    const pomace = await db.selectFrom('listings').select('id').where('title', 'like', 'Apple pomace%').executeTakeFirstOrThrow()
    const kinds = await db.selectFrom('bids').select('kind').where('listing_id', '=', pomace.id).orderBy('id').execute()
    expect(kinds.map((k) => k.kind)).toEqual(['bid', 'bid', 'auto'])
  })

  it('has one demo deal in each state, made and carried on through the real steps', async () => {
    // One demo deal in each state, the completed lots the demo ratings are given on (src/seed/ratings.ts)
    // and those that give the impact reports their months (src/seed/impact-deals.ts).
    expect(first).toMatchObject({ deals: DEMO_DEAL_LISTINGS.length + RATED_LOTS.length + IMPACT_LOTS.length })
    const deals = await db.selectFrom('deals').innerJoin('listings', 'listings.id', 'deals.listing_id')
      .select(['deals.id', 'deals.status', 'listings.title', 'listings.outcome']).execute()
    expect(deals.map((d) => d.status).sort()).toEqual([...DEMO_DEAL_LISTINGS.map((d) => d.deal.state), ...RATED_LOTS.map(() => 'completed'), ...IMPACT_LOTS.map(() => 'completed')].sort())
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['awaiting_payment', 'paid', 'handed_over', 'completed', 'cancelled', 'disputed', 'resolved']))
    for (const d of deals) expect(d.outcome, d.title).toBe('sold')
    const steps = await db.selectFrom('deal_events').select(['deal_id', 'kind']).orderBy('id').execute()
    const resolved = deals.find((d) => d.status === 'resolved')!
    expect(steps.filter((s) => s.deal_id === resolved.id).map((s) => s.kind)).toEqual(['opened', 'record_payment', 'hand_over', 'open_dispute', 'resolve_dispute'])
  })

  it('gives the Market prices page and the listing form real guidance for cardboard and steel scrap by the tonne', async () => {
    const guides = await marketPrices(db, clock())
    expect(guides.map((g) => `${g.categorySlug}/${g.unit}`)).toEqual(expect.arrayContaining(['paper-cardboard/t', 'ferrous-metals/t']))
    for (const g of guides) {
      expect(g.enough).toBe(true)
      expect(g.months.length).toBeGreaterThanOrEqual(2)
    }
    expect(await (await app.request('/market-prices')).text()).toMatch(/sold for €[\d,.]+ per tonne/)
  })

  it('serves every demo photo from /media', async () => {
    const photos = await db.selectFrom('listing_photos').select(['id', 'variants', 'listing_id', 'width']).execute()
    expect(photos.length).toBe(first!.photos)
    expect(new Set(photos.map((p) => p.listing_id)).size).toBe(DEMO_LISTINGS.length + DEMO_DEAL_LISTINGS.length + RATED_LOTS.length + IMPACT_LOTS.length)
    for (const p of photos) {
      expect(p.variants).toEqual(variantWidths(p.width))
      expect(p.variants.length).toBeGreaterThanOrEqual(2)
      for (const width of p.variants) {
        const res = await app.request(`/media/photos/${p.id}/${width}.webp`)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('image/webp')
        const bytes = (await res.arrayBuffer()).byteLength
        expect(bytes).toBeGreaterThan(1000)
        expect(bytes).toBeLessThan(300_000)
      }
    }
    const listing = await db.selectFrom('listings').select('id').where('title', '=', KARTONG).executeTakeFirstOrThrow()
    const page = await (await app.request(`/listings/${listing.id}`)).text()
    expect(page.match(/\/media\/photos\/[0-9a-f-]{36}\//g)?.length).toBeGreaterThanOrEqual(3)
  })

  it('puts a few listings on demo watchlists', async () => {
    expect(first!.watching).toBeGreaterThanOrEqual(2)
    const browser = new TestBrowser(app)
    await browser.post('/login', { email: DEMO_COMPANIES[1].owner.email, password: DEMO_PASSWORD })
    const watching = await (await browser.get('/watching')).text()
    expect(watching).toContain(KARTONG)
  })

  it('changes nothing when run again, whether through seedIfEmpty or directly', async () => {
    const before = await snapshot(db)
    expect(await seedIfEmpty(db, log, deps())).toBeNull()
    expect(await seedDemoData(db, log, deps())).toEqual(NOTHING_NEW)
    expect(await snapshot(db)).toEqual(before)
  })

  it('completes a half-seeded database without touching what is there', async () => {
    const removed = DEMO_COMPANIES.find((c) => c.status === 'pending')!
    await db.deleteFrom('companies').where('org_number', '=', removed.orgNumber).execute()
    await db.updateTable('categories').set({ name: 'Timber and pallets' }).where('slug', '=', 'wood-pallets').execute()
    const gone = await db.deleteFrom('listings').where('title', 'in', [KARTONG, 'Clear glass jars 370 ml, surplus stock, 24 pallets']).returning('id').execute()
    expect(gone).toHaveLength(2)
    const kept = await db.selectFrom('listings').select(['id', 'title', 'ends_at', 'current_price', 'created_at']).orderBy('id').execute()

    // A clock that moves on a minute every time it is read, like a slow seed on a real clock.
    const reads: Date[] = []
    const slowClock = () => {
      reads.push(clock())
      clock.advance(60_000)
      return reads[reads.length - 1]
    }
    const summary = await seedDemoData(db, log, { ...deps(), clock: slowClock })
    expect(summary).toEqual({ ...NOTHING_NEW, companies: 1, users: 1, listings: 2, photos: 5, bids: 3, watching: 2 })
    const wood = await db.selectFrom('categories').select('name').where('slug', '=', 'wood-pallets').executeTakeFirstOrThrow()
    expect(wood.name).toBe('Timber and pallets')
    const owner = await db.selectFrom('users').select('email').where('email', '=', removed.owner.email).executeTakeFirst()
    expect(owner).toBeDefined()
    const after = await db.selectFrom('listings').select(['id', 'title', 'ends_at', 'current_price', 'created_at']).execute()
    expect(after).toHaveLength(DEMO_LISTINGS.length + DEMO_DEAL_LISTINGS.length + RATED_LOTS.length + IMPACT_LOTS.length)
    expect(after.filter((l) => kept.some((k) => k.id === l.id)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(kept)
    // The auction's five minutes count from when it went live, after its photos were made.
    const kartong = after.find((l) => l.title === KARTONG)!
    expect(gone.map((g) => g.id)).not.toContain(kartong.id)
    expect(kartong.ends_at).toEqual(new Date(reads[reads.length - 1].getTime() + 5 * 60_000))
    // Its draft was written 3 days and 2 hours before the clock reading it was drafted at, and
    // that reading came before the one it went live at.
    const draftedAt = kartong.created_at.getTime() + (3 * 24 + 2) * 3600_000
    expect(kartong.ends_at!.getTime() - 5 * 60_000).toBeGreaterThan(draftedAt)
    expect(kartong.current_price).toBe(220_000)
  })

  it('lets a newcomer watch the first auctions close within a quarter of an hour', async () => {
    clock.advance(15 * 60_000)
    const closed = await closeExpiredAuctions(db, { now: clock(), terms: dealTerms(testConfig()) })
    expect(closed).toBe(3)
    const ended = await db.selectFrom('listings').select(['title', 'status', 'outcome']).where('status', '=', 'ended')
      .where('title', 'in', DEMO_LISTINGS.map((d) => d.title)).orderBy('ends_at').execute()
    expect(ended.map((l) => l.title)).toEqual([KARTONG, 'Sahanpuru: dry spruce sawdust, 60 m³', 'Apple pomace and peel, 25 t, for feed or biogas'])
    expect(ended.every((l) => l.outcome === 'sold')).toBe(true)
    const sales = await db.selectFrom('deals').select('listing_id').execute()
    expect(sales).toHaveLength(3 + DEMO_DEAL_LISTINGS.length + RATED_LOTS.length + IMPACT_LOTS.length)
  })
})

describe('seedIfEmpty on a database in use', async () => {
  const uploads = await photoFolder()
  const { db, config } = await createTestApp({ config: { UPLOAD_DIR: uploads } })

  it('leaves a database with a user in it alone', async () => {
    await db.insertInto('users').values({ email: 'someone@example.com', name: 'Someone', password_hash: 'x', is_admin: true }).execute()
    expect(await seedIfEmpty(db, log, { storage: createPhotoStorage(config), terms: dealTerms(config) })).toBeNull()
    const companies = await db.selectFrom('companies').select('id').execute()
    expect(companies).toHaveLength(0)
    expect(await db.selectFrom('listings').select('id').execute()).toHaveLength(0)
  })
})
