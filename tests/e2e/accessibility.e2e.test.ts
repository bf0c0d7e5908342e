// axe-core in Chromium on every kind of page, as a phone (360 × 780) and a desktop
// (1280 × 800) see it, against the real server: zero violations of WCAG 2.2 A and AA. A failure
// names the rule, the page, the viewport and the offending elements, so it can be fixed without
// running it again. And what axe cannot see: after a form answers in place, focus is on the
// first invalid field or on the message.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { placeBid } from '../../src/auctions/place-bid.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { dealTerms } from '../../src/deals/terms.js'
import { watch } from '../../src/listings/watchlist.js'
import { createSavedSearch } from '../../src/listings/saved-searches.js'
import { generateToken } from '../../src/lib/tokens.js'
import { testConfig } from '../support/test-app.js'
import { createTestCompany, type TestCompany, type TestUser } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { chromiumAvailable } from './support/browser.js'
import { browserWorld } from './support/world.js'

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const VIEWPORTS = [{ name: 'phone', width: 360, height: 780 }, { name: 'desktop', width: 1280, height: 800 }] as const

type Role = 'visitor' | 'buyer' | 'seller' | 'admin'
type PageType = { name: string; role: Role; path: () => string }

/**
 * Logs in through the form. The session cookie, not the header's look (which changes), says it worked.
 */
async function logIn(page: Page, user: { email: string; password: string }) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  const deadline = Date.now() + 10_000
  while (!(await page.context().cookies()).some((c) => c.name === 'session')) {
    if (Date.now() > deadline) throw new Error(`${user.email} could not log in: ${await page.locator('main').innerText()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** One line per offending element: what a developer needs to find and fix it. */
function describeViolations(page: string, viewport: string, violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) on ${page} [${viewport}]: ${n.target.join(' ')} — ${v.help}${n.failureSummary ? `; ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`))
}

describe.runIf(chromiumAvailable())('accessibility of every page type (axe, WCAG 2.2 AA)', () => {
  const world = browserWorld({ admin: true })
  let seller: TestCompany
  let buyer: TestCompany
  const ids = { auction: '', fixed: '', draft: '', deal: '' }
  const pages = new Map<Role, Page>()

  beforeAll(async () => {
    const db = world.database.db
    ;[seller, buyer] = await Promise.all([
      createTestCompany(db, { status: 'approved', legalName: 'Säljare Kartong AB' }),
      createTestCompany(db, { status: 'approved', legalName: 'Köpare Metall GmbH', country: 'DE' }),
    ])
    // Each admin queue has something in it: a company waiting, a listing in review, a permit to check, a deal to be paid.
    const waiting = await createTestCompany(db, { status: 'pending', legalName: 'Väntande Återvinning AB' })
    const now = new Date()
    ids.auction = await createTestListing(db, seller.companyId, { title: 'Baled corrugated cardboard, 12 t', now })
    ids.fixed = await createTestListing(db, seller.companyId, { title: 'Wooden pallets, 200 pcs', sale_type: 'fixed_price', fixed_price: 40_000, category: 'wood-pallets', now })
    ids.draft = await createTestListing(db, seller.companyId, { title: 'Draft: mixed plastics', status: 'draft', published_at: null, submitted_at: null, now })
    await createTestListing(db, seller.companyId, { title: 'HDPE regrind, 3 t', status: 'pending_review', published_at: null, now })
    const sold = await createTestListing(db, seller.companyId, { title: 'Steel offcuts, 5 t', sale_type: 'fixed_price', fixed_price: 90_000, category: 'ferrous-metals', ewc_code: '120101', now })
    const bid = await placeBid(db, { listingId: ids.auction, companyId: buyer.companyId, userId: buyer.owner.userId, amount: 100_000, max: null, idempotencyKey: generateToken(), now, baseUrl: world.server.baseUrl })
    expect(bid.ok).toBe(true)
    const bought = await buyListing(db, { listingId: sold, companyId: buyer.companyId, user: { id: buyer.owner.userId, email: buyer.owner.email, name: buyer.owner.name }, now, terms: dealTerms(testConfig()) })
    expect(bought.ok).toBe(true)
    ids.deal = (await db.selectFrom('deals').select('id').where('listing_id', '=', sold).executeTakeFirstOrThrow()).id
    await watch(db, buyer.owner.userId, ids.fixed)
    await createSavedSearch(db, { userId: buyer.owner.userId, name: 'Cardboard in Sweden', query: 'q=cardboard&country=SE', now })
    await db.insertInto('waste_permits').values({ company_id: waiting.companyId, permit_number: 'A11Y-1', issuing_authority: 'Länsstyrelsen Skåne',
      expires_on: '2030-01-01', document_key: `permits/${waiting.companyId}/a11y/document.pdf`, document_content_type: 'application/pdf' }).execute()

    const users: Record<Exclude<Role, 'visitor'>, TestUser> = { buyer: buyer.owner, seller: seller.owner, admin: world.admin }
    for (const role of ['visitor', 'buyer', 'seller', 'admin'] as const) {
      const { page } = await world.openPage()
      if (role !== 'visitor') await logIn(page, users[role])
      pages.set(role, page)
    }
  })

  const PAGE_TYPES: PageType[] = [
    { name: 'home', role: 'visitor', path: () => '/' },
    { name: 'search results', role: 'visitor', path: () => '/listings?q=cardboard' },
    { name: 'category page', role: 'visitor', path: () => '/categories/paper-cardboard' },
    { name: 'live auction, as a visitor', role: 'visitor', path: () => `/listings/${ids.auction}` },
    { name: 'live auction, as the bidding member', role: 'buyer', path: () => `/listings/${ids.auction}` },
    { name: 'fixed-price listing, as a visitor', role: 'visitor', path: () => `/listings/${ids.fixed}` },
    { name: 'fixed-price listing, as a member', role: 'buyer', path: () => `/listings/${ids.fixed}` },
    { name: 'buy review', role: 'buyer', path: () => `/listings/${ids.fixed}/buy` },
    { name: 'company profile', role: 'visitor', path: () => `/companies/${seller.companyId}` },
    { name: 'login', role: 'visitor', path: () => '/login' },
    { name: 'register', role: 'visitor', path: () => '/register' },
    { name: 'password reset request', role: 'visitor', path: () => '/password-reset' },
    { name: 'account', role: 'buyer', path: () => '/account' },
    { name: 'account permits', role: 'buyer', path: () => '/account/permits' },
    { name: 'my listings', role: 'seller', path: () => '/my/listings' },
    { name: 'my bids', role: 'buyer', path: () => '/my/bids' },
    { name: 'watching', role: 'buyer', path: () => '/watching' },
    { name: 'won and bought', role: 'buyer', path: () => '/my/purchases' },
    { name: 'saved searches', role: 'buyer', path: () => '/saved-searches' },
    { name: 'deals list', role: 'buyer', path: () => '/deals' },
    { name: 'a deal', role: 'buyer', path: () => `/deals/${ids.deal}` },
    { name: 'listing form', role: 'seller', path: () => '/listings/new' },
    { name: 'photos step', role: 'seller', path: () => `/listings/${ids.draft}/photos` },
    { name: 'review step', role: 'seller', path: () => `/listings/${ids.draft}/review` },
    { name: 'notifications', role: 'buyer', path: () => '/notifications' },
    { name: 'admin dashboard', role: 'admin', path: () => '/admin' },
    { name: 'admin companies queue', role: 'admin', path: () => '/admin/companies/pending' },
    { name: 'admin listings queue', role: 'admin', path: () => '/admin/listings/pending' },
    { name: 'admin permits queue', role: 'admin', path: () => '/admin/permits' },
    { name: 'admin payments queue', role: 'admin', path: () => '/admin/payments' },
    { name: 'error 404', role: 'visitor', path: () => '/no-such-page' },
  ]

  test.each(PAGE_TYPES)('$name has no WCAG 2.2 AA violation on a phone or a desktop', async ({ name, role, path }) => {
    const page = pages.get(role)!
    const found: string[] = []
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height })
      const response = await page.goto(path())
      expect(response?.status(), `${name}: ${path()}`).toBe(name === 'error 404' ? 404 : 200)
      const result = await new AxeBuilder({ page }).withTags(TAGS).analyze()
      found.push(...describeViolations(`${name} (${path()})`, viewport.name, result.violations))
    }
    expect(found, found.join('\n')).toEqual([])
  })

  test('after a login that failed in place, focus is on the first invalid field or the message', async () => {
    const { page } = await world.openPage()
    await page.goto('/login')
    await page.getByLabel('Email').fill(buyer.owner.email)
    await page.getByLabel('Password').fill('not the password at all')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForFunction(() => document.activeElement?.matches('[role=alert], [role=status], [aria-invalid=true]'), null, { timeout: 10_000 })
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() || document.activeElement?.id)
    expect(focused).toBeTruthy()
  })

  test('after a registration with errors answered in place, focus is on the first invalid field', async () => {
    const { page } = await world.openPage()
    await page.goto('/register')
    await page.getByLabel('Legal name').fill('Fokus AB')
    await page.getByRole('button', { name: 'Register company' }).click()
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true', null, { timeout: 10_000 })
    const described = await page.evaluate(() => {
      const field = document.activeElement!
      return (field.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
    })
    expect(described.length).toBeGreaterThan(0)
  })

  test('after a bid refused in place, focus is on the amount, which names its error', async () => {
    const { page } = await world.openPage()
    await logIn(page, buyer.owner)
    await page.goto(`/listings/${ids.auction}`)
    const amount = page.locator('form.bid-form input[name=amount]')
    await amount.fill('1')
    await page.locator('form.bid-form button[type=submit]').click()
    await page.waitForFunction(() => document.activeElement?.matches('form.bid-form [aria-invalid=true]'), null, { timeout: 10_000 })
    const named = await page.evaluate(() => (document.activeElement!.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.className))
    expect(named).toContain('error')
  })
})
