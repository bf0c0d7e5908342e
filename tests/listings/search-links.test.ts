// Every link into a search carries its own search and nothing else: generated searches (every
// filter, empty fields, stray parameters like page= or utm_source=) on /listings and on a
// category's page; each link on the result page (pagination, chips, "Clear all", the login
// link's way back, the address htmx shows) is tidy and parses back to what it says.
import { describe, expect, it } from 'vitest'
import { effectiveSort, parseSearchParams, SORTS, type SearchQuery } from '../../src/listings/search.js'
import { canonicalSearchParams, savedSearchHref, searchHref } from '../../src/listings/search-url.js'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)
const seller = await createTestCompany(db, { status: 'approved' })

const KEYS = ['q', 'category', 'country', 'city', 'sale', 'min', 'max', 'ending', 'sort'] as const
const VALUES: Record<(typeof KEYS)[number], string[]> = {
  q: ['kartong', 'Göteborg steel', 'a&b=c #1', '"baled film"'],
  category: ['glass', 'plastics'],
  country: ['SE', 'dk'],
  city: ['Malmö', 'Den Haag'],
  sale: ['auction', 'fixed_price'],
  min: ['100', '1 250,50'],
  max: ['5000', '9 999'],
  ending: ['24h'],
  sort: [...SORTS],
}
const STRAYS = ['page=3', 'utm_source=mail', 'notice=saved', 'q=', 'country=', 'min=', 'ending=', 'category=']

// A small seeded generator: the same cases every run, many members of the class.
let seed = 20261203
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!

/** A search as someone might arrive at it: a few filters, maybe empty fields and strays. */
function generatedSearch(): string {
  const parts: string[] = []
  for (const key of KEYS) if (random() < 0.4) parts.push(`${key}=${encodeURIComponent(pick(VALUES[key]))}`)
  for (const stray of STRAYS) if (random() < 0.2 && !parts.some((p) => p.startsWith(stray.split('=')[0] + '='))) parts.push(stray)
  return parts.sort(() => random() - 0.5).join('&')
}
const CASES = Array.from({ length: 80 }, generatedSearch)

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")

function parsedQuery(input: URLSearchParams): SearchQuery {
  const parsed = parseSearchParams(input)
  if (!parsed.ok) throw new Error(`does not parse: ${input} ${JSON.stringify(parsed.errors)}`)
  return parsed.query
}

/** A link's search: its path's category and its parameters; checks it is tidy on the way. */
function searchOf(href: string, label: string): { query: SearchQuery; params: URLSearchParams } {
  const url = new URL(href, 'http://localhost')
  const params = url.searchParams
  const keys = [...params.keys()]
  expect(new Set(keys).size, `${label}: a parameter twice in ${href}`).toBe(keys.length)
  for (const [key, value] of params) {
    expect([...KEYS, 'after'], `${label}: stray ${key} in ${href}`).toContain(key)
    expect(value.trim(), `${label}: empty ${key} in ${href}`).not.toBe('')
  }
  const category = /^\/categories\/([a-z0-9-]+)$/.exec(url.pathname)?.[1]
  if (category) expect(params.has('category'), `${label}: category twice in ${href}`).toBe(false)
  else expect(url.pathname, label).toBe('/listings')
  const input = new URLSearchParams(params)
  if (category) input.set('category', category)
  const query = parsedQuery(input)
  // A fixed point: the link is exactly what the one builder makes of the search it describes.
  expect(searchHref(query, { categoryPage: Boolean(category) }), `${label}: not canonical`).toBe(href)
  return { query, params }
}

describe('the one builder of search links', () => {
  it('gives back the same search from its link, with only non-empty, known parameters, in a fixed order', () => {
    for (const input of CASES) {
      const parsed = parseSearchParams(new URLSearchParams(input))
      if (!parsed.ok) continue // min above max: a 400 page, tested elsewhere
      for (const categoryPage of [false, true]) {
        const href = searchHref(parsed.query, { categoryPage })
        const { query, params } = searchOf(href, input)
        // The default order is left out of the link; the search reads the same.
        expect({ ...query, sort: effectiveSort(query) }, input).toEqual({ ...parsed.query, sort: effectiveSort(parsed.query) })
        expect(params.has('after'), input).toBe(false)
        expect([...params.keys()], input).toEqual(KEYS.filter((k) => params.has(k)))
      }
    }
  })

  it('a saved search’s link is tidy whatever was stored', () => {
    expect(savedSearchHref('q=&country=se&utm_source=x&after=&sort=newest')).toBe('/listings?country=SE')
    expect(savedSearchHref('')).toBe('/listings')
  })
})

// A few lots, so pages have cards and links around them.
for (let i = 0; i < 3; i++) await createTestListing(db, seller.companyId, { now: clock(), title: `Kartong lot ${i}`, category: 'glass' })

describe('links on a results page', () => {
  const pages = CASES.flatMap((input) => [`/listings?${input}`, `/categories/glass?${input}`])
  it.each(pages)('%s', async (path) => {
    const res = await app.request(`http://localhost:3000${path}`)
    const html = await res.text()
    if (res.status === 400) return // a search that cannot be run shows no links to results
    expect(res.status).toBe(200)
    const onCategory = path.startsWith('/categories/')
    const input = new URL(path, 'http://localhost').searchParams
    if (onCategory) input.set('category', 'glass')
    const here = parsedQuery(input)
    const hereParams = new URLSearchParams(canonicalSearchParams(here))

    const links = [...html.matchAll(/<a ([^>]*)href="(\/listings(?:\?[^"]*)?|\/categories\/[^"]*)"/g)].map((m) => ({ attrs: m[1]!, href: decode(m[2]!) }))
    for (const { attrs, href } of links) {
      const { params } = searchOf(href, path)
      if (params.has('after')) expect(attrs, `${href}: a cursor outside "Next page"`).toContain('rel="next"')
    }
    // Each chip removes its own filter (min and max together) and keeps the rest as they were.
    const chips = [...html.matchAll(/<a class="chip" href="([^"]+)">/g)].map((m) => decode(m[1]!))
    for (const href of chips) {
      const { query } = searchOf(href, path)
      const left = new URLSearchParams(canonicalSearchParams(query))
      const gone = [...hereParams.keys()].filter((k) => !left.has(k))
      expect([['category'], ['country'], ['city'], ['sale'], ['min', 'max'], ['min'], ['max'], ['ending']], `${href} removes ${gone}`).toContainEqual(gone)
      for (const [k, v] of left) expect(hereParams.get(k), `${href} keeps ${k}`).toBe(v)
      expect(gone.length, href).toBeGreaterThan(0)
    }
    const clear = /<a class="chip-clear" href="([^"]+)"/.exec(html)?.[1]
    if (clear) expect([...searchOf(decode(clear), path).params.keys()].filter((k) => k !== 'q' && k !== 'sort'), clear).toEqual([])
    // A visitor's login link brings them back to this search, tidy.
    const next = /<p class="save-search">\s*<a href="\/login\?next=([^"]+)"/.exec(html)?.[1]
    expect(next, 'a visitor is offered to log in and save').toBeDefined()
    if (next) searchOf(decodeURIComponent(decode(next)), `${path} login`)
    // htmx puts the tidy address in the address bar.
    const fragment = await app.request(`http://localhost:3000${path}`, { headers: { 'hx-request': 'true' } })
    searchOf(fragment.headers.get('hx-push-url')!, `${path} pushed`)
  })
})

describe('pages, the home page and saved searches', () => {
  it('"Next page" and "First page" carry the search and its cursor only, never the strays of the first URL', async () => {
    for (let i = 0; i < 25; i++) await createTestListing(db, seller.companyId, { now: clock(), title: `Paged lot ${i}`, location_city: 'Linkby' })
    let path = '/listings?city=Linkby&page=2&utm_source=mail&q=&country=&sort=price_asc'
    const first = decode(/rel="next" href="([^"]+)"/.exec(await (await app.request(`http://localhost:3000${path}`)).text())![1]!)
    expect(first).toMatch(/^\/listings\?city=Linkby&sort=price_asc&after=[A-Za-z0-9_-]+$/)
    path = first
    const html = await (await app.request(`http://localhost:3000${path}`)).text()
    expect(html).toContain('href="/listings?city=Linkby&amp;sort=price_asc">First page</a>')
  })

  it('the home page’s "See all" and category links are tidy searches', async () => {
    await createTestListing(db, seller.companyId, { now: clock(), title: 'Home lot' })
    const html = await (await app.request('http://localhost:3000/')).text()
    const links = [...html.matchAll(/href="(\/listings(?:\?[^"]*)?|\/categories\/[^"]*)"/g)].map((m) => decode(m[1]!))
    expect(links.length).toBeGreaterThan(2)
    for (const href of links) searchOf(href, 'home')
  })

  it('a saved search runs as a tidy link, even one stored with leftovers', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const browser = await logInAs(app, company.owner)
    await db.insertInto('saved_searches').values({ user_id: company.owner.userId, name: 'Old one', query: 'q=kartong&page=4&country=&sort=newest', last_digest_at: clock() }).execute()
    const html = await (await browser.get('/saved-searches')).text()
    expect(html).toContain('<a href="/listings?q=kartong&amp;sort=newest">Old one</a>')
  })
})
