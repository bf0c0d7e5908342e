// Buying on a phone (360 × 780), with JavaScript and without: "Buy now" opens the review (the lot,
// quantity, price per unit, VAT, total, fee, collection terms, payment deadline), "Confirm
// purchase" lands on the listing's own address, which says it is sold to you and offers no buy
// button; a reload stays there and buys nothing more. On an auction, "Buy now" is the secondary
// button beside "Place bid".
import { beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { chromiumAvailable, logIn, visible } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'

const hasBrowser = chromiumAvailable()
const PHONE = { width: 360, height: 780 }

describe.skipIf(!hasBrowser)('buying through the review step on a phone', () => {
  const world = browserWorld()
  let seller: TestCompany
  let buyer: TestCompany

  beforeAll(async () => {
    ;[seller, buyer] = await Promise.all([
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Säljare Kartong AB' }),
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Köpare Papper AB' }),
    ])
  })

  /** Nothing on the page is wider than the phone. */
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
  const dealsOf = (id: string) => world.database.db.selectFrom('deals').select('id').where('listing_id', '=', id).execute()

  for (const javaScriptEnabled of [true, false]) {
    test(`Buy now → review → Confirm purchase → sold to you, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const title = `Baled cardboard, 12 t ${javaScriptEnabled ? 'A' : 'B'}`
      const id = await createTestListing(world.database.db, seller.companyId, { title, sale_type: 'fixed_price', fixed_price: 150_000, logistics_note: 'Forklift on site' })
      const { page, watch } = await world.openPage({ javaScriptEnabled, viewport: PHONE })
      await logIn(page, buyer.owner)
      await page.goto(`/listings/${id}`)
      await page.getByRole('button', { name: 'Buy now for €1,500.00' }).click()

      // The review: what is bought and on which terms, nothing bought yet.
      await page.waitForURL(new RegExp(`/listings/${id}/buy\\??$`))
      await visible(page.getByRole('heading', { name: 'Review your purchase' }))
      const review = await page.locator('main').innerText()
      for (const fact of [title, '12 tonnes', '€1,500.00 for the lot, excl. VAT (about €125.00 per tonne)', 'VAT 25 %', '€375.00',
        'Platform fee', 'None for you', '€1,875.00 incl. VAT', 'Buyer collects — Forklift on site', 'Payment deadline', 'Within 5 working days of confirming']) {
        expect(review).toContain(fact)
      }
      expect(await fitsWidth(page)).toBe(true)
      expect(await dealsOf(id)).toEqual([])

      await page.getByRole('button', { name: 'Confirm purchase' }).click()
      await page.waitForURL(new RegExp(`/listings/${id}$`))
      await visible(page.getByText('You bought this.'))
      expect(await page.getByRole('button', { name: /Buy now/ }).count()).toBe(0)
      expect(await fitsWidth(page)).toBe(true)

      // A reload is the listing page again: no 404, no second purchase.
      const reloaded = await page.reload()
      expect(reloaded?.status()).toBe(200)
      await visible(page.getByText('You bought this.'))
      expect(await dealsOf(id)).toHaveLength(1)
      // The confirmation's own address, opened again (a bookmark, the Back button), is the listing too.
      const back = await page.goto(`/listings/${id}/buy`)
      expect(back?.status()).toBe(200)
      expect(new URL(page.url()).pathname).toBe(`/listings/${id}`)

      expect(watch.cspViolations()).toEqual([])
      expect(watch.unexpected()).toEqual([])
    })
  }

  test('on an auction, Buy now is the secondary button beside Place bid, and a bid form\'s address opened with GET is the listing', async () => {
    const id = await createTestListing(world.database.db, seller.companyId, { title: 'Copper offcuts, 2 t', buy_now_price: 400_000 })
    const { page } = await world.openPage({ viewport: PHONE })
    await logIn(page, buyer.owner)
    await page.goto(`/listings/${id}`)
    const look = (name: string | RegExp) => page.getByRole('button', { name }).evaluate((b) => {
      const s = getComputedStyle(b)
      return { background: s.backgroundColor, color: s.color, top: b.getBoundingClientRect().top, height: b.getBoundingClientRect().height }
    })
    const bid = await look('Place bid')
    const buyNow = await look(/^Buy now for/)
    // Place bid is the filled button, Buy now the outlined one below it.
    expect(buyNow.background).not.toBe(bid.background)
    expect(buyNow.color).toBe(bid.background)
    expect(buyNow.top).toBeGreaterThan(bid.top)
    expect(buyNow.height).toBeGreaterThanOrEqual(24)
    expect(await fitsWidth(page)).toBe(true)

    const opened = await page.goto(`/listings/${id}/bids`)
    expect(opened?.status()).toBe(200)
    expect(new URL(page.url()).pathname).toBe(`/listings/${id}`)
  })
})
