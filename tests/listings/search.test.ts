import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { NewListing } from '../../src/db/types.js'
import { parseSearchParams, searchListingsPublishedSince } from '../../src/listings/search.js'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)
const seller = await createTestCompany(db, { status: 'approved' })
const HOUR = 3600_000
const now = () => clock()

/** A live listing straight into the database, timed by the test clock. */
function live(overrides: Partial<NewListing> & { category?: string } = {}) {
  return createTestListing(db, seller.companyId, { now: now(), ...overrides })
}

function decode(s: string) {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
}

type Page = { status: number; html: string; ids: string[]; titles: string[]; next: string | null; res: Response }

/** What a visitor gets for a URL: the result cards in order and the "Next page" link. */
async function visit(path: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await app.request(`http://localhost:3000${path}`, { headers })
  const html = await res.text()
  const cards = [...html.matchAll(/<h3><a href="\/listings\/([0-9a-f-]{36})">([^<]*)<\/a><\/h3>/g)]
  const next = /<a class="button secondary" rel="next" href="([^"]+)"/.exec(html)?.[1]
  return { status: res.status, html, res, ids: cards.map((m) => m[1]), titles: cards.map((m) => decode(m[2])), next: next ? decode(next) : null }
}
const search = (qs: string, headers: Record<string, string> = {}) => visit(`/listings?${qs}`, headers)

describe('finding listings by words', () => {
  it('folds accents both ways and matches the word being typed as a prefix', async () => {
    await live({ title: 'Kartóng i balar', description: 'Wellpapp från lagret.' })
    // In a category no word of these searches names (category-synonyms.test.ts covers those).
    await live({ title: 'Skrot av järn och stål', description: 'Balkar och plåt.', category: 'other' })
    await live({ title: 'Gammalt jarn från rivning', description: 'Blandat.', category: 'other' })
    // "kartong" also names the paper & cardboard category: its other lots follow the title match.
    const kartong = (await search('q=kartong')).titles
    expect(kartong[0]).toBe('Kartóng i balar')
    expect(kartong).not.toContain('Skrot av järn och stål')
    expect((await search('q=kart')).titles).toEqual(['Kartóng i balar'])
    // "järn" also names the ferrous metals category, whose lot F3 follows.
    expect((await search('q=jarn')).titles.sort()).toEqual(['F3 ferrous auction DK', 'Gammalt jarn från rivning', 'Skrot av järn och stål'])
    expect((await search('q=J%C3%A4rn')).titles.sort()).toEqual(['F3 ferrous auction DK', 'Gammalt jarn från rivning', 'Skrot av järn och stål'])
    expect((await search('q=j%C3%A4rn+st%C3%A5l')).titles).toEqual(['Skrot av järn och stål', 'F3 ferrous auction DK'])
    // websearch syntax still works: a quoted phrase, and a minus to leave a word out.
    expect((await search('q=%22av+j%C3%A4rn%22')).titles).toEqual(['Skrot av järn och stål'])
    expect((await search('q=jarn+-rivning')).titles).toEqual(['Skrot av järn och stål', 'F3 ferrous auction DK'])
    // Punctuation alone is no search at all, not an error.
    expect((await search('q=%22%27%26%7C!:*')).status).toBe(200)
  })

  it('ranks a title match above a description-only match', async () => {
    const inDescription = await live({ title: 'Mixed offcuts', description: 'Includes some zylofonite sheets among other boards.' })
    const inTitle = await live({ title: 'Zylofonite sheets', description: 'Offcuts from production.' })
    expect((await search('q=zylofonite')).ids).toEqual([inTitle, inDescription])
    // Whatever order they were created in.
    const inDescription2 = await live({ title: 'Boards', description: 'A few qwandrel pieces.' })
    const inTitle2 = await live({ title: 'Qwandrel pieces', description: 'Boards.' })
    expect((await search('q=qwandrel')).ids).toEqual([inTitle2, inDescription2])
    expect((await search('q=qwandrel&sort=relevance')).ids).toEqual([inTitle2, inDescription2])
  })

  it('finds a listing made through the listing form by its category name and waste code, typed with or without spaces', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const browser = await logInAs(app, company.owner)
    const res = await browser.post('/listings', {
      title: 'Pressade balar', description: 'Torr vara, lagrad inomhus.', category: 'paper-cardboard', ewc_code: '15 01 01',
      quantity: '8', unit: 't', location_city: 'Umeå', location_postcode: '903 26', location_country: 'SE', logistics: 'pickup',
      logistics_note: '', recurrence: 'one_off', sale_type: 'fixed_price', fixed_price: '900', intent: 'submit',
    })
    expect(res.status).toBe(303)
    const id = res.headers.get('location')!.match(/\/listings\/([0-9a-f-]{36})/)![1]
    expect((await search('q=Pressade')).ids).toEqual([]) // awaiting review: not public yet
    await db.updateTable('listings').set({ status: 'live', published_at: now() }).where('id', '=', id).execute()
    expect((await search('q=Pressade')).ids).toEqual([id])
    for (const q of ['150101', '15+01+01', '1501', 'cardboard+packaging', 'Paper+%26+cardboard+pressade']) {
      expect((await search(`q=${q}&city=Ume%C3%A5`)).ids, q).toEqual([id])
    }
  })
})

describe('filters and sorting', async () => {
  // A town of their own keeps these listings apart from the other tests' ones.
  const city = 'city=odeshog' // stored as Ödeshög: the city filter ignores case and accents
  const at = (h: number) => new Date(now().getTime() + h * HOUR)
  const base = { location_city: 'Ödeshög' }
  const f1 = await live({ ...base, title: 'F1 paper auction SE', category: 'paper-cardboard', location_country: 'SE', start_price: 100_000, ends_at: at(72), published_at: at(-4) })
  const f2 = await live({ ...base, title: 'F2 plastics fixed SE', category: 'plastics', location_country: 'SE', sale_type: 'fixed_price', fixed_price: 50_000, published_at: at(-3) })
  const f3 = await live({ ...base, title: 'F3 ferrous auction DK', category: 'ferrous-metals', location_country: 'DK', start_price: 300_000, current_price: 450_000, bid_count: 3, ends_at: at(10), published_at: at(-2) })
  const f4 = await live({ ...base, title: 'F4 paper fixed DK', category: 'paper-cardboard', location_country: 'DK', sale_type: 'fixed_price', fixed_price: 200_000, published_at: at(-1) })
  const sorted = (ids: string[]) => [...ids].sort()

  it('filters by category, country, city, sale type, price on the shown price and ending within 24 h', async () => {
    expect((await search(city)).ids).toEqual([f4, f3, f2, f1]) // newest first when there are no words
    expect(sorted((await search(`${city}&category=paper-cardboard`)).ids)).toEqual(sorted([f1, f4]))
    expect(sorted((await search(`${city}&country=dk`)).ids)).toEqual(sorted([f3, f4]))
    expect(sorted((await search(`${city}&sale=auction`)).ids)).toEqual(sorted([f1, f3]))
    expect(sorted((await search(`${city}&sale=fixed_price`)).ids)).toEqual(sorted([f2, f4]))
    // F3's current bid (4,500) counts, not its starting price (3,000).
    expect(sorted((await search(`${city}&min=4000`)).ids)).toEqual(sorted([f3]))
    expect(sorted((await search(`${city}&min=600`)).ids)).toEqual(sorted([f1, f3, f4]))
    expect(sorted((await search(`${city}&max=1+000,00`)).ids)).toEqual(sorted([f1, f2]))
    expect(sorted((await search(`${city}&min=500&max=2000`)).ids)).toEqual(sorted([f1, f2, f4]))
    expect((await search(`${city}&ending=24h`)).ids).toEqual([f3])
    expect((await search('city=Nowhere')).ids).toEqual([])
  })

  it('combines filters with AND, and with words', async () => {
    expect((await search(`${city}&country=DK&sale=auction&min=4000`)).ids).toEqual([f3])
    expect((await search(`${city}&country=SE&category=plastics&max=500`)).ids).toEqual([f2])
    expect((await search(`${city}&country=SE&category=paper-cardboard&sale=fixed_price`)).ids).toEqual([])
    expect((await search(`q=paper&${city}&country=DK`)).ids).toEqual([f4])
    expect((await search(`q=paper&${city}&country=DK&sale=auction`)).ids).toEqual([])
    // Empty fields, as a submitted form sends them, mean "any".
    expect(sorted((await search(`q=&${city}&category=&country=&sale=auction&min=&max=&ending=&sort=`)).ids)).toEqual(sorted([f1, f3]))
  })

  it('sorts by ending soonest (fixed prices last), newest, price both ways and best match', async () => {
    const ending = (await search(`${city}&sort=ending`)).ids
    expect(ending.slice(0, 2)).toEqual([f3, f1])
    expect(sorted(ending.slice(2))).toEqual(sorted([f2, f4]))
    expect((await search(`${city}&sort=newest`)).ids).toEqual([f4, f3, f2, f1])
    expect((await search(`${city}&sort=price_asc`)).ids).toEqual([f2, f1, f4, f3])
    expect((await search(`${city}&sort=price_desc`)).ids).toEqual([f3, f4, f1, f2])
    // "Best match" without words to match has nothing to rank by: newest first.
    expect((await search(`${city}&sort=relevance`)).ids).toEqual([f4, f3, f2, f1])
  })

  it('shows price, bids, time left in the viewer’s zone and location on each card', async () => {
    const page = await search(`${city}&country=DK&sale=auction`, { cookie: 'tz=Europe/Helsinki' })
    expect(page.html).toContain('€4,500.00')
    expect(page.html).toContain('3 bids')
    expect(page.html).toContain('Ends in <strong>10 h 0 min</strong>')
    // 10:00 UTC + 10 h = 20:00 UTC = 22:00 in Helsinki.
    expect(page.html).toMatch(/<time datetime="2026-11-22T20:00:00.000Z">Sun,? 22 Nov 2026, 22:00 EET<\/time>/)
    expect(page.html).toContain('Ödeshög, Denmark')
  })
})

describe('keyset pages', () => {
  // Walks every page by following the "Next page" links, inserting listings between fetches.
  async function walk(first: string, between: (pageNo: number) => Promise<void>) {
    const seen: string[] = []
    let path: string | null = first
    let pageNo = 0
    while (path) {
      const page: Page = await visit(path)
      expect(page.status, path).toBe(200)
      seen.push(...page.ids)
      path = page.next
      pageNo += 1
      expect(pageNo).toBeLessThan(20)
      await between(pageNo)
    }
    return { seen, pages: pageNo }
  }

  async function town(name: string, count: number, extra: (i: number) => Partial<NewListing>) {
    const ids: string[] = []
    for (let i = 0; i < count; i++) ids.push(await live({ location_city: name, ...extra(i) }))
    return ids
  }

  it('neither repeats nor skips rows in any order while new listings arrive; new ones appear on page 1 of newest', async () => {
    // Many equal keys (same time, same price) so the id tie-breaker matters; some times carry microseconds.
    const original = await town('Pageby', 45, (i) => ({
      title: i % 3 === 0 ? `Pagewordx lot ${i}` : `Lot ${i}`,
      description: i % 2 ? 'Contains pagewordx in the description.' : 'Pagewordx pagewordx twice.',
      sale_type: i % 4 === 0 ? 'fixed_price' : 'auction',
      fixed_price: i % 4 === 0 ? 100_000 + (i % 3) * 10_000 : null,
      start_price: i % 4 === 0 ? null : 100_000,
      bid_increment: i % 4 === 0 ? null : 5_000,
      starts_at: i % 4 === 0 ? null : new Date(now().getTime() - HOUR),
      ends_at: i % 4 === 0 ? null : new Date(now().getTime() + (1 + (i % 5)) * HOUR),
      published_at: new Date(now().getTime() - (i % 6) * HOUR),
    }))
    await sql`update listings set published_at = published_at + interval '0.000123 seconds' where location_city = 'Pageby' and title like '%5'`.execute(db)
    let added = 0
    const arrive = async () => {
      added += 1
      await live({ location_city: 'Pageby', title: `Pagewordx newcomer ${added}`, published_at: new Date(now().getTime() + added * 1000),
        start_price: 100_000 + added, ends_at: new Date(now().getTime() + (added % 7) * HOUR + 1000) })
    }
    for (const sort of ['newest', 'ending', 'price_asc', 'price_desc']) {
      const { seen, pages } = await walk(`/listings?city=Pageby&sort=${sort}`, arrive)
      expect(pages, sort).toBeGreaterThanOrEqual(3)
      expect(new Set(seen).size, `${sort}: no repeats`).toBe(seen.length)
      expect(original.filter((id) => !seen.includes(id)), `${sort}: no skips`).toEqual([])
      if (sort === 'newest') expect(seen.length, 'newcomers arrive on page 1, not later pages').toBe(original.length)
    }
    const { seen } = await walk('/listings?q=pagewordx&city=Pageby', arrive)
    expect(new Set(seen).size, 'relevance: no repeats').toBe(seen.length)
    expect(original.filter((id) => !seen.includes(id)), 'relevance: no skips').toEqual([])
    const newest = await search('city=Pageby&sort=newest')
    expect(newest.titles[0]).toBe(`Pagewordx newcomer ${added}`)
  })

  it('pagination links are shareable GET URLs without empty fields', async () => {
    const page = await search('q=&city=Pageby&country=&sort=price_asc')
    expect(page.next).toMatch(/^\/listings\?city=Pageby&sort=price_asc&after=[A-Za-z0-9_-]+$/)
    const second = await visit(page.next!)
    expect(second.status).toBe(200)
    expect(second.html).toContain('href="/listings?city=Pageby&amp;sort=price_asc">First page</a>')
  })
})

describe('what never shows', () => {
  it('lists only live listings whose auction has not ended', async () => {
    const shown = await live({ title: 'Hiddenword live' })
    for (const status of ['draft', 'pending_review', 'withdrawn', 'ended', 'rejected'] as const) {
      await live({ title: `Hiddenword ${status}`, status })
    }
    await live({ title: 'Hiddenword past its end', ends_at: new Date(now().getTime() - 60_000), starts_at: new Date(now().getTime() - 2 * HOUR) })
    expect((await search('q=hiddenword')).ids).toEqual([shown])
    for (const sort of ['ending', 'newest', 'price_asc', 'price_desc']) {
      expect((await search(`q=hiddenword&sort=${sort}`)).ids).toEqual([shown])
    }
    const category = await visit('/categories/paper-cardboard?q=hiddenword')
    expect(category.ids).toEqual([shown])
  })
})

describe('bad search input', () => {
  const cases: [string, string, RegExp][] = [
    ['bad cursor', 'after=not-a-cursor', /page link is damaged/],
    ['cursor of valid base64 but nonsense', `after=${Buffer.from('{"s":"newest","k":"x","id":"1"}').toString('base64url')}`, /page link is damaged/],
    ['cursor of another sort', `sort=price_asc&after=${Buffer.from(JSON.stringify({ s: 'newest', k: '2026-11-22T10:00:00.000000Z', id: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`, /another sort order/],
    ['price that is not a number', 'min=abc', /lowest price should be an amount/],
    ['highest below lowest', 'min=500&max=100', /highest price is below the lowest/],
    ['unknown sort', 'sort=evil', /Sort by/],
    ['unknown sale type', 'sale=barter', /Sale type/],
    ['unknown country', 'country=XX', /country from the list/],
    ['ending other than 24h', 'ending=1y', /24 hours/],
    ['category slug with odd characters', "category=x'--", /no such category/],
    ['too long words', `q=${'a'.repeat(201)}`, /at most 200 characters/],
  ]
  for (const [name, qs, message] of cases) {
    it(`answers 400 with a message for ${name}`, async () => {
      const page = await search(qs)
      expect(page.status).toBe(400)
      expect(decode(page.html)).toMatch(message)
      expect(page.html).toContain('<form') // the search form is there to fix it
      const fragment = await search(qs, { 'hx-request': 'true' })
      expect(fragment.status).toBe(400)
      expect(fragment.html).not.toContain('<html')
      expect(decode(fragment.html)).toMatch(message)
    })
  }
})

describe('pages', () => {
  it('returns only the results fragment to htmx, with the tidy URL to show, and the full page otherwise', async () => {
    const id = await live({ title: 'Fragmentword bales' })
    const fragment = await search('q=fragmentword&country=&sort=', { 'hx-request': 'true' })
    expect(fragment.status).toBe(200)
    expect(fragment.html.startsWith('<section id="results"')).toBe(true)
    expect(fragment.html).not.toContain('<form method="get"')
    expect(fragment.ids).toEqual([id])
    expect(fragment.res.headers.get('hx-push-url')).toBe('/listings?q=fragmentword')
    expect(fragment.res.headers.get('vary')).toMatch(/HX-Request/i)

    const full = await search('q=fragmentword')
    expect(full.html).toMatch(/^<!doctype html>/)
    expect(full.html).toContain('hx-get="/listings"')
    expect(full.html).toContain('hx-trigger="input changed delay:400ms, submit"')
    expect(full.html).toContain('<section id="results"')
    expect(full.ids).toEqual([id])
    // The back button restoring a page asks for all of it.
    const restore = await search('q=fragmentword', { 'hx-request': 'true', 'hx-history-restore-request': 'true' })
    expect(restore.html).toMatch(/^<!doctype html>/)
  })

  it('shows the first photo of each result, lazily and small', async () => {
    const id = await live({ title: 'Photoword pallets' })
    const [second, first] = await db.insertInto('listing_photos').values([
      { listing_id: id, position: 1, width: 1600, height: 1200, variants: [320, 640, 1280] },
      { listing_id: id, position: 0, width: 1200, height: 1600, variants: [320, 640, 1280] },
    ]).returning('id').execute()
    const page = await search('q=photoword')
    expect(page.html).toContain(`src="/media/photos/${first.id}/640.webp"`)
    expect(page.html).not.toContain(second.id)
    expect(page.html).toContain('sizes="(min-width: 40rem) 20rem, 7rem"')
    expect(page.html).toContain('loading="lazy"')
    expect(page.html).toContain('width="640" height="853"')
  })

  it('lists a category’s live listings on its page and 404s an unknown or retired category', async () => {
    const glass = await live({ title: 'Categoryword cullet', category: 'glass' })
    await live({ title: 'Categoryword film', category: 'plastics' })
    const page = await visit('/categories/glass?q=categoryword')
    expect(page.status).toBe(200)
    expect(page.html).toContain('<h1>Glass</h1>')
    expect(page.ids).toEqual([glass])
    // A category parameter cannot widen the category's own page.
    expect((await visit('/categories/glass?q=categoryword&category=plastics')).ids).toEqual([glass])
    expect((await visit('/categories/no-such-thing')).status).toBe(404)
    await db.insertInto('categories').values({ slug: 'retired-stuff', name: 'Retired stuff', description: 'Gone.', retired_at: now() }).execute()
    expect((await visit('/categories/retired-stuff')).status).toBe(404)
  })

  it('the home page has a search box, the categories, the newest listings and the auctions ending soonest', async () => {
    const soon = await live({ title: 'Homeword ends in minutes', ends_at: new Date(now().getTime() + 5 * 60_000) })
    const newest = await live({ title: 'Homeword newest', sale_type: 'fixed_price', published_at: new Date(now().getTime() + 60_000) })
    const html = await (await app.request('http://localhost:3000/')).text()
    expect(html).toContain('<form method="get" action="/listings" role="search"')
    expect(html).toContain('href="/categories/paper-cardboard"')
    const ending = html.slice(html.indexOf('id="ending-soon"'), html.indexOf('id="newest"'))
    const latest = html.slice(html.indexOf('id="newest"'), html.indexOf('id="categories"'))
    expect(ending).toContain(`/listings/${soon}`)
    expect(ending).not.toContain(`/listings/${newest}`)
    expect(latest.indexOf(`/listings/${newest}`)).toBeGreaterThan(0)
  })
})

describe('listings published since (saved-search digests)', () => {
  it('returns live matches published after a time, newest first', async () => {
    const before = await live({ title: 'Digestword old', published_at: new Date(now().getTime() - 2 * HOUR) })
    const after1 = await live({ title: 'Digestword new one', published_at: new Date(now().getTime() - 30 * 60_000) })
    const after2 = await live({ title: 'Digestword new two', published_at: new Date(now().getTime() - 10 * 60_000) })
    await live({ title: 'Digestword draft', status: 'draft', published_at: new Date(now().getTime() - 5 * 60_000) })
    const parsed = parseSearchParams(new URLSearchParams('q=digestword'))
    if (!parsed.ok) throw new Error('valid query')
    const rows = await searchListingsPublishedSince(db, parsed.query, new Date(now().getTime() - HOUR), now(), 10)
    expect(rows.map((r) => r.id)).toEqual([after2, after1])
    expect(rows.map((r) => r.id)).not.toContain(before)
  })
})
