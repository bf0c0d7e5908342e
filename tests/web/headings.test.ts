// And every page describes itself for search results and link previews: a meta description,
// the public pages each their own.
// Headings are how a screen-reader user skims a page: every page has exactly one h1, it comes
// first, and going down the outline never skips a level (an h2 then an h4 hides that the h4
// belongs to something). Walked through the real app over the main pages, with real ids, as
// a visitor, a buyer, a seller and an admin.
import { describe, expect, test } from 'vitest'
import { createTestApp, testConfig } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { TestBrowser } from '../support/browser.js'
import { createTestListing } from '../support/listing-factory.js'
import { placeBid } from '../../src/auctions/place-bid.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { dealTerms } from '../../src/deals/terms.js'
import { watch } from '../../src/listings/watchlist.js'
import { createSavedSearch } from '../../src/listings/saved-searches.js'
import { generateToken } from '../../src/lib/tokens.js'

const { app, db, clock } = await createTestApp()
const now = clock()
const [seller, buyer, waiting] = await Promise.all([
  createTestCompany(db, { status: 'approved', legalName: 'Säljare Kartong AB' }),
  createTestCompany(db, { status: 'approved', legalName: 'Köpare Metall GmbH', country: 'DE' }),
  createTestCompany(db, { status: 'pending', legalName: 'Väntande Återvinning AB' }),
])
const admin = await createTestAdmin(db)
const auction = await createTestListing(db, seller.companyId, { title: 'Baled corrugated cardboard, 12 t', now })
const fixed = await createTestListing(db, seller.companyId, { title: 'Wooden pallets, 200 pcs', sale_type: 'fixed_price', fixed_price: 40_000, category: 'wood-pallets', now })
const draft = await createTestListing(db, seller.companyId, { title: 'Mixed plastics', status: 'draft', published_at: null, submitted_at: null, now })
await createTestListing(db, seller.companyId, { title: 'HDPE regrind, 3 t', status: 'pending_review', published_at: null, now })
const sold = await createTestListing(db, seller.companyId, { title: 'Steel offcuts, 5 t', sale_type: 'fixed_price', fixed_price: 90_000, category: 'ferrous-metals', ewc_code: '120101', now })
expect((await placeBid(db, { listingId: auction, companyId: buyer.companyId, userId: buyer.owner.userId, amount: 100_000, max: null, idempotencyKey: generateToken(), now, baseUrl: 'http://localhost:3000' })).ok).toBe(true)
expect((await buyListing(db, { listingId: sold, companyId: buyer.companyId, user: { id: buyer.owner.userId, email: buyer.owner.email, name: buyer.owner.name }, now, terms: dealTerms(testConfig()) })).ok).toBe(true)
const deal = (await db.selectFrom('deals').select('id').where('listing_id', '=', sold).executeTakeFirstOrThrow()).id
await watch(db, buyer.owner.userId, fixed)
await createSavedSearch(db, { userId: buyer.owner.userId, name: 'Cardboard in Sweden', query: 'q=cardboard&country=SE', now })
await db.insertInto('waste_permits').values({ company_id: waiting.companyId, permit_number: 'H-1', issuing_authority: 'Länsstyrelsen Skåne',
  expires_on: '2030-01-01', document_key: `permits/${waiting.companyId}/h/document.pdf`, document_content_type: 'application/pdf' }).execute()

const browsers = {
  visitor: new TestBrowser(app),
  buyer: await logInAs(app, buyer.owner),
  seller: await logInAs(app, seller.owner),
  admin: await logInAs(app, admin),
}
type Role = keyof typeof browsers

const company = (c: TestCompany) => `/companies/${c.companyId}`
const PAGES: Array<[Role, string, number?]> = [
  ['visitor', '/'], ['visitor', '/listings?q=cardboard'], ['visitor', '/listings?q=nothing-matches-this'], ['visitor', '/categories/paper-cardboard'],
  ['visitor', `/listings/${auction}`], ['buyer', `/listings/${auction}`], ['seller', `/listings/${auction}`],
  ['visitor', `/listings/${fixed}`], ['buyer', `/listings/${fixed}`], ['visitor', company(seller)],
  ['visitor', '/login'], ['visitor', '/register'], ['visitor', '/password-reset'], ['visitor', '/no-such-page', 404],
  ['buyer', '/account'], ['buyer', '/account/profile'], ['buyer', '/account/email'], ['buyer', '/account/password'], ['buyer', '/account/company'],
  ['buyer', '/account/permits'], ['seller', '/my/listings'], ['buyer', '/my/bids'], ['buyer', '/watching'], ['buyer', '/my/purchases'],
  ['buyer', '/saved-searches'], ['buyer', '/deals'], ['buyer', `/deals/${deal}`], ['seller', `/deals/${deal}`],
  ['seller', '/listings/new'], ['seller', `/listings/${draft}/photos`], ['seller', `/listings/${draft}/edit`],
  ['admin', '/admin'], ['admin', '/admin/companies/pending'], ['admin', '/admin/companies'], ['admin', `/admin/companies/${waiting.companyId}`],
  ['admin', '/admin/listings/pending'], ['admin', '/admin/listings'], ['admin', '/admin/permits'], ['admin', '/admin/payments'],
  ['admin', '/admin/payouts'], ['admin', '/admin/deals'], ['admin', '/admin/disputes'], ['admin', '/admin/audit'], ['admin', '/admin/categories'],
  ['admin', `/deals/${deal}`], ['admin', company(buyer)],
]

/** The page's headings in order, with their level and text. */
function headings(html: string) {
  return [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi)].map((m) => ({ level: Number(m[1]), text: m[2]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() }))
}

/** What is wrong with the outline, one line each. */
export function outlineProblems(html: string): string[] {
  const list = headings(html)
  const problems: string[] = []
  const h1s = list.filter((h) => h.level === 1)
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 (${h1s.map((h) => `"${h.text}"`).join(', ')}), not exactly one`)
  if (list[0] && list[0].level !== 1) problems.push(`the first heading is h${list[0].level} "${list[0].text}", not the h1`)
  list.forEach((h, i) => {
    const before = list[i - 1]
    if (before && h.level > before.level + 1) problems.push(`h${before.level} "${before.text}" is followed by h${h.level} "${h.text}"`)
  })
  return problems
}

describe('every main page has one h1 and headings that skip no level', () => {
  test.each(PAGES)('%s: %s', async (role, path, status = 200) => {
    const res = await browsers[role].get(path)
    expect(res.status).toBe(status)
    expect(outlineProblems(await res.text())).toEqual([])
  })
})

/** The page's meta descriptions (there should be one). */
function descriptions(html: string) {
  return [...html.matchAll(/<meta\b[^>]*\bname="description"[^>]*>/gi)].map((m) => /\bcontent="([^"]*)"/.exec(m[0])?.[1] ?? '')
}

describe('every page has a meta description, each public page its own', () => {
  test.each(PAGES)('%s: %s has one', async (role, path) => {
    const found = descriptions(await (await browsers[role].get(path)).text())
    expect(found).toHaveLength(1)
    expect(found[0]!.length).toBeGreaterThan(20)
  })

  const PUBLIC = ['/', '/listings?q=cardboard', '/categories/paper-cardboard', `/listings/${auction}`, `/listings/${fixed}`, company(seller), '/register', '/login']
  test.each(PUBLIC)('%s has its own', async (path) => {
    const general = descriptions(await (await browsers.visitor.get('/no-such-page')).text())[0]
    const own = descriptions(await (await browsers.visitor.get(path)).text())[0]
    expect(own).not.toBe(general)
  })
})

describe('the outline check itself', () => {
  test.each([
    ['<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2><h3>e</h3><h4>f</h4><h2>g</h2>', 0],
    ['<h1>a</h1><h3>b</h3>', 1],
    ['<h2>a</h2><h1>b</h1>', 1],
    ['<h1>a</h1><h1>b</h1>', 1],
    ['<p>no heading</p>', 1],
    ['<h1 class="x">a <span>b</span></h1><h2>c</h2><h4>d</h4>', 1],
  ])('%s has %i problem(s)', (html, count) => {
    expect(outlineProblems(html)).toHaveLength(count as number)
  })
})
