// The site on a phone (360×780) in Chromium against the real server, with JavaScript and
// without: no page scrolls sideways, every link of a member with many of them is reachable by
// opening the header's menu, a dashboard row shows price, bids and time left within the screen,
// and the home page's first screen reaches the listings. On a wide screen the same header
// shows its links without the menu.
import { beforeAll, describe, expect, test } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { chromiumAvailable, logIn, visible } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { placeBid } from '../../src/auctions/place-bid.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { dealTerms } from '../../src/deals/terms.js'
import { testConfig } from '../support/test-app.js'
import { generateToken } from '../../src/lib/tokens.js'

const hasBrowser = chromiumAvailable()
const PHONE = { width: 360, height: 780 }
const DASHBOARDS = ['/my/listings', '/my/bids', '/my/purchases', '/watching', '/deals']

/** Every link the member below has: a company member who is also a platform admin, with a deal to act on. */
const MEMBER_LINKS: [role: 'link' | 'button', name: string | RegExp][] = [
  ['link', /^Deals: 1 needs your action$/], ['link', 'My listings'], ['link', 'My bids'], ['link', 'Won and bought'],
  ['link', 'Watching'], ['link', 'Saved searches'], ['link', 'Notifications'], ['link', 'Admin'],
  ['link', 'Återvinningscentralen i Norra Kvarken Aktiebolag'], ['button', 'Log out'],
]


/** The page is no wider than the screen: nothing to scroll sideways to. */
async function noSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // What sticks out, to name in the failure.
    wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth).slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').trim().slice(0, 30)}"`),
  }))
  expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide on a ${innerWidth} px screen: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth)
}

/** Visible, and inside the screen's width. */
async function withinScreen(locator: Locator, width = PHONE.width) {
  await visible(locator)
  const box = (await locator.first().boundingBox())!
  expect(box.x, `${locator} starts on screen`).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, `${locator} ends on screen`).toBeLessThanOrEqual(width)
}

describe.skipIf(!hasBrowser)('the site on a phone', () => {
  const world = browserWorld()
  let member: TestCompany

  beforeAll(async () => {
    const db = world.database.db
    let seller: TestCompany
    ;[member, seller] = await Promise.all([
      createTestCompany(db, { status: 'approved', legalName: 'Återvinningscentralen i Norra Kvarken Aktiebolag' }),
      createTestCompany(db, { status: 'approved', legalName: 'Säljare Metall AB' }),
    ])
    await db.updateTable('users').set({ is_admin: true }).where('id', '=', member.owner.userId).execute()
    const now = new Date()
    const long = 'Mixed post-consumer polyethylene film, baled, Grade A, ex-warehouse Umeå'
    const auctions = await Promise.all([1, 2, 3].map((n) => createTestListing(db, seller.companyId, { now, title: `${long} ${n}` })))
    for (const id of auctions) {
      const bid = await placeBid(db, {
        listingId: id, companyId: member.companyId, userId: member.owner.userId, amount: 123_456_700, max: null,
        idempotencyKey: generateToken(), now, baseUrl: world.server.baseUrl,
      })
      expect(bid.ok).toBe(true)
    }
    await db.insertInto('watchlist').values(auctions.map((listing_id) => ({ listing_id, user_id: member.owner.userId }))).execute()
    await createTestListing(db, member.companyId, { now, title: `${long}, our own lot` })
    const fixed = await createTestListing(db, seller.companyId, { now, title: `${long}, fixed price`, sale_type: 'fixed_price' })
    const bought = await buyListing(db, {
      listingId: fixed, companyId: member.companyId, user: { id: member.owner.userId, email: member.owner.email, name: member.owner.name },
      now, terms: dealTerms(testConfig()),
    })
    expect(bought.ok).toBe(true)
  })

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'

    test(`a member reaches every link through the menu, and no page scrolls sideways (${mode})`, async () => {
      const { page, watch } = await world.openPage({ javaScriptEnabled, viewport: PHONE })
      await logIn(page, member.owner)
      for (const path of ['/', ...DASHBOARDS, '/listings']) {
        await page.goto(path)
        await noSidewaysScroll(page)
      }

      await page.goto('/')
      const banner = page.getByRole('banner')
      const menu = banner.locator('summary')
      // Closed, the menu hides its links but says something waits inside.
      expect(await banner.getByRole('link', { name: 'My bids' }).count()).toBe(0)
      await withinScreen(menu)
      expect((await menu.textContent())?.replace(/\s+/g, ' ').trim()).toMatch(/^Menu [1-9]\d* waiting for you$/)
      await menu.click()
      for (const [role, name] of MEMBER_LINKS) await withinScreen(banner.getByRole(role, { name }))
      await noSidewaysScroll(page)
      // Development only, and not in the header.
      expect(await banner.getByRole('link', { name: 'Dev mail' }).count()).toBe(0)
      await visible(page.getByRole('contentinfo').getByRole('link', { name: 'Dev mail' }))

      // A link in the menu leads to its page.
      await banner.getByRole('link', { name: 'My bids' }).click()
      await visible(page.getByRole('heading', { name: 'My bids', level: 1 }))
      expect(watch.cspViolations()).toEqual([])
    })

    test(`a dashboard row shows price, bids and time left within the screen (${mode})`, async () => {
      const { page } = await world.openPage({ javaScriptEnabled, viewport: PHONE })
      await logIn(page, member.owner)
      await page.goto('/my/bids')
      const row = page.locator('#bids-leading ~ .table-wrap tbody tr').first()
      for (const label of ['Current price', 'Bids', 'Time left']) await withinScreen(row.locator(`td[data-label="${label}"]`))
      expect(await row.locator('td[data-label="Current price"]').innerText()).toContain('€1,234,567.00')
      expect(await row.locator('td[data-label="Bids"]').innerText()).toBe('1 bid')
      expect(await row.locator('td[data-label="Time left"]').innerText()).toMatch(/^\d+ d \d+ h/)

      await page.goto('/watching')
      const watched = page.locator('tbody tr').first()
      for (const label of ['Price', 'Bids', 'Time left']) await withinScreen(watched.locator(`td[data-label="${label}"]`))
      await withinScreen(watched.getByRole('button', { name: /Stop watching|Unwatch/i }))

      await page.goto('/my/listings')
      for (const label of ['Price', 'Bids', 'Time left']) await withinScreen(page.locator(`#status-live ~ .table-wrap td[data-label="${label}"]`))

      await page.goto('/deals')
      for (const label of ['Amount', 'State', 'Next step']) await withinScreen(page.locator(`td[data-label="${label}"]`))
    })

    test(`a visitor's first screen on the home page reaches the listings, with one Register (${mode})`, async () => {
      const { page } = await world.openPage({ javaScriptEnabled, viewport: PHONE })
      await page.goto('/')
      await noSidewaysScroll(page)
      expect(await page.getByRole('link', { name: /Register/ }).count()).toBe(1)
      await withinScreen(page.getByRole('banner').getByRole('link', { name: 'Register your company' }))
      await withinScreen(page.getByRole('banner').getByRole('link', { name: 'Log in' }))
      const card = page.locator('main .cards li').first()
      await visible(card)
      const box = (await card.boundingBox())!
      expect(box.y, 'the first listing card starts on the first screen').toBeLessThan(PHONE.height)
    })
  }

  test('on a wide screen the header shows the member\'s links without the menu button', async () => {
    const { page } = await world.openPage({ viewport: { width: 1280, height: 800 } })
    await logIn(page, member.owner)
    await page.goto('/my/bids')
    const banner = page.getByRole('banner')
    expect(await banner.locator('summary').isVisible()).toBe(false)
    for (const [role, name] of MEMBER_LINKS) await withinScreen(banner.getByRole(role, { name }), 1280)
    await noSidewaysScroll(page)
    // The dashboard is a table again: its column headings show.
    await visible(page.getByRole('columnheader', { name: 'Time left' }))
  })
})
