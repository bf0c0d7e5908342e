// Post, then redirect — for every form in the app. Every POST route the app registers (read from
// the app, so a new form is covered without editing this file) is asked for with GET, the way a
// reload, a bookmark or a copied address asks for it, with real ids from a seeded world: it never
// answers 404. Either the address is a page of its own, or it sends the browser (303) to the page
// its form belongs to, which is a page of the app and opens.
import { describe, expect, it } from 'vitest'
import { createTestApp, testConfig } from '../support/test-app.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { TestBrowser } from '../support/browser.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { dealTerms } from '../../src/deals/terms.js'
import { recordPayment } from '../../src/deals/money-steps.js'

const { app, db, clock } = await createTestApp({ config: { STRIPE_SECRET_KEY: 'sk_test_prg', STRIPE_WEBHOOK_SECRET: 'whsec_prg' } })
const categories = await categoryIds(db)

// The world: a member's company selling (a live auction, and a lot another company bought and paid for), a
// colleague, a pending company, an admin, a permit waiting, a saved search.
const member = await createTestCompany(db, { status: 'approved' })
const buyer = await createTestCompany(db, { status: 'approved' })
const pending = await createTestCompany(db, { status: 'pending' })
const admin = await createTestAdmin(db)
const colleague = await addTestMember(db, member.companyId)
const listing = await createTestListing(db, member.companyId, { now: clock() })
const soldLot = await createTestListing(db, member.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000, ewc_code: '150101' })
const bought = await buyListing(db, { listingId: soldLot, companyId: buyer.companyId, user: { id: buyer.owner.userId, email: buyer.owner.email, name: buyer.owner.name }, now: clock(), terms: dealTerms(testConfig()) })
expect(bought.ok).toBe(true)
const { id: deal, amount: dealAmount } = await db.selectFrom('deals').select(['id', 'amount']).where('listing_id', '=', soldLot).executeTakeFirstOrThrow()
// Paid, so the deal's later forms (its transfer note's among them) exist.
expect((await recordPayment(db, { dealId: deal, gateway: 'bank_transfer', amount: dealAmount, currency: 'EUR', receivedAt: clock(), reference: 'PRG-1' },
  { viewer: { userId: admin.userId, companyId: null, isAdmin: true }, now: clock(), terms: dealTerms(testConfig()) })).ok).toBe(true)
const permit = (await db.insertInto('waste_permits').values({ company_id: member.companyId, permit_number: 'PRG-1', issuing_authority: 'Authority',
  expires_on: '2030-01-01', document_key: `permits/${member.companyId}/prg/document.pdf`, document_content_type: 'application/pdf' }).returning('id').executeTakeFirstOrThrow()).id
const memberBrowser = await logInAs(app, member.owner)
const adminBrowser = await logInAs(app, admin)
expect((await memberBrowser.post('/saved-searches', { query: 'q=cardboard' })).status).toBeLessThan(400)
const savedSearch = (await db.selectFrom('saved_searches').select('id').where('user_id', '=', member.owner.userId).executeTakeFirstOrThrow()).id
const category = Object.entries(categories)[0]!
const somePhoto = '3f2b8c1e-6d4a-4f7e-9b1c-2a5d8e9f0a1b'

/** A real value for a path parameter, by the segment before it. */
function realParam(before: string, name: string): string {
  if (before === 'companies') return pending.companyId
  if (before === 'categories') return name === 'slug' ? category[0] : String(category[1])
  if (before === 'saved-searches') return savedSearch
  if (before === 'members') return colleague.userId
  if (name === 'photoId') return somePhoto
  if (name === 'token') return 'tokentokentokentokentoken'
  if (name === 'gateway') return 'bank_transfer'
  if (before === 'permits') return permit
  if (before === 'offers') return somePhoto
  if (['deals', 'payments', 'payouts', 'disputes'].includes(before)) return deal
  if (before === 'ratings') return somePhoto
  if (before === 'flags') return 'card_payments'
  if (before === 'outbox') return '1'
  return listing
}

const fill = (path: string) => {
  const parts = path.split('/')
  return parts.map((s, i) => (s.startsWith(':') ? realParam(parts[i - 1] ?? '', /^:(\w+)/.exec(s)![1]!) : s)).join('/')
}

/** The app's GET routes as patterns, to say whether an address is one of its pages. */
const pagePatterns = app.routes.filter((r) => r.method === 'GET').map((r) => new RegExp(`^${r.path.split('/').map((s) => {
  const m = /^:\w+(\{(.*)\})?$/.exec(s)
  return m ? (m[2] ? `(?:${m[2]})` : '[^/]+') : s === '*' ? '.*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}).join('/')}$`))
const isPage = (path: string) => pagePatterns.some((p) => p.test(path))

describe('every form posts, then redirects; its address never answers 404', () => {
  const posts = [...new Set(app.routes.filter((r) => r.method === 'POST').map((r) => r.path))]

  it('answers a GET of every POST address with its own page or a redirect to the page the form is on', async () => {
    expect(posts.length).toBeGreaterThan(40)
    const wrong: string[] = []
    const redirected: string[] = []
    for (const path of posts) {
      const url = fill(path)
      const browser = path.startsWith('/admin') ? adminBrowser : memberBrowser
      const res = await browser.get(url)
      const location = res.headers.get('location')
      if (res.status === 404 || res.status >= 500) wrong.push(`GET ${url} → ${res.status}`)
      else if (res.status >= 300 && res.status < 400) {
        redirected.push(url)
        const target = new URL(location ?? '', 'http://x').pathname
        if (!isPage(target)) wrong.push(`GET ${url} → ${res.status} to ${location}, not a page of the app`)
        // The page opens (a second-chance offer and a rating are ids this world does not have: their pages exist, the ids do not).
        const opened = await browser.get(location ?? '/')
        if (opened.status >= 400 && !/\/deals\/offers\//.test(target)) wrong.push(`GET ${url} → ${location} → ${opened.status}`)
      }
    }
    expect(wrong).toEqual([])
    // The forms that live on a page of their own and the ones that redirect: both kinds exist.
    expect(redirected.length).toBeGreaterThan(30)
  })

  it('sends each form address to the nearest page above it, keeping the ids of the request', async () => {
    const cases: Array<[string, string]> = [
      [`/listings/${listing}/bids`, `/listings/${listing}`],
      [`/listings/${listing}/photos/${somePhoto}/delete`, `/listings/${listing}/photos`],
      [`/deals/${deal}/steps`, `/deals/${deal}`],
      [`/deals/${deal}/transfer-note/sign`, `/deals/${deal}/transfer-note`],
      [`/saved-searches/${savedSearch}/delete`, '/saved-searches'],
    ]
    for (const [from, to] of cases) {
      const res = await memberBrowser.get(from)
      expect([res.status, res.headers.get('location')], from).toEqual([303, to])
    }
    const refused = await adminBrowser.get(`/admin/listings/${listing}/approve`)
    expect([refused.status, refused.headers.get('location')]).toEqual([303, '/admin/listings'])
  })

  it('leaves a malformed id the ordinary 404 and changes nothing', async () => {
    const before = await db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    for (const bad of ['not-a-uuid', `${listing}x`, '%00']) {
      expect((await memberBrowser.get(`/listings/${bad}/bids`)).status).toBe(404)
    }
    const after = await db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('asks a visitor to log in first, as the page itself would', async () => {
    const res = await new TestBrowser(app).get(`/deals/${deal}/steps`)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/)
  })
})
