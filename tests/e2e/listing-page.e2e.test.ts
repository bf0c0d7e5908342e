// The listing page in a real browser: on a 360 × 780 phone the price panel starts in the first
// screen; the time left counts by the server's clock even when the device's clock is 10 minutes
// wrong, and turns to "Ended" (hiding the buttons) without a live update; after a live outbid
// the bid's own message no longer claims the lead, and the announcer says only price and status.
import { beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { chromiumAvailable, logIn, visible } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { phoneJpeg, webp } from '../images/sample-images.js'

const hasBrowser = chromiumAvailable()
const LIVE_TIMEOUT_MS = 15_000
const TEN_MINUTES = 10 * 60_000
const PHONE = { width: 360, height: 780 }

/** Opens the listing page and waits until its live stream is connected. */
async function openAuction(page: Page, id: string) {
  const stream = page.waitForResponse((res) => new URL(res.url()).pathname === `/listings/${id}/live`)
  await page.goto(`/listings/${id}`)
  expect((await stream).status()).toBe(200)
}

/** "29 min 58 s" or "2 h 5 min" as seconds (to the minute for the coarser form). */
function secondsIn(words: string): number {
  const unit = { d: 86400, h: 3600, min: 60, s: 1 } as Record<string, number>
  return [...words.matchAll(/(\d+) (d|h|min|s)\b/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0)
}

describe.skipIf(!hasBrowser)('the listing page in a browser', () => {
  const world = browserWorld()
  let seller: TestCompany
  let alpha: TestCompany
  let beta: TestCompany

  beforeAll(async () => {
    ;[seller, alpha, beta] = await Promise.all([
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Säljare Metall AB' }),
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Alfa Återvinning AB' }),
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Beta Kierrätys Oy', country: 'FI' }),
    ])
  })

  test('on a 360 × 780 phone the title, a short main photo and the price panel are in the first screen; the other photos are thumbnail links', async () => {
    const id = await createTestListing(world.database.db, seller.companyId, { title: 'Steel offcuts from a press line, mixed grades, about 20 tonnes' })
    // The seller adds three photos through the photo form, as its page posts them.
    const s = await world.openPage()
    await logIn(s.page, seller.owner)
    const csrf = (await s.context.cookies()).find((c) => c.name === 'csrf')!.value
    for (const [i, bytes] of [await phoneJpeg(1200, 900), await webp(900, 700), await webp(800, 800)].entries()) {
      const res = await s.page.request.post(`${world.server.baseUrl}/listings/${id}/photos`, {
        headers: { origin: world.server.baseUrl }, maxRedirects: 0,
        multipart: { _csrf: csrf, photo: { name: `photo-${i}.jpg`, mimeType: i === 0 ? 'image/jpeg' : 'image/webp', buffer: bytes } },
      })
      expect(res.status(), await res.text()).toBeLessThan(400)
    }

    const a = await world.openPage({ viewport: PHONE })
    await logIn(a.page, alpha.owner)
    await openAuction(a.page, id)
    const panel = await a.page.locator('.price-panel').boundingBox()
    expect(panel!.y).toBeGreaterThan(0)
    expect(panel!.y).toBeLessThan(PHONE.height)
    const photo = await a.page.locator('.main-photo img').boundingBox()
    expect(photo!.height).toBeLessThan(PHONE.height / 2)
    const title = await a.page.getByRole('heading', { level: 1 }).boundingBox()
    expect(title!.y + title!.height).toBeLessThan(photo!.y + 1)
    // The price, the time left and the bid form with its button are in the first screen too.
    for (const part of [a.page.locator('[data-live="price"]'), a.page.locator('.time-left'), a.page.getByRole('button', { name: 'Place bid' })]) {
      const box = await part.boundingBox()
      expect(box!.y + box!.height).toBeLessThan(PHONE.height)
    }
    // No sideways scrolling.
    expect(await a.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    // Thumbnails are plain links to the large image.
    const thumbs = a.page.locator('.thumbs a')
    expect(await thumbs.count()).toBe(2)
    const href = await thumbs.first().getAttribute('href')
    const image = await a.page.request.get(`${world.server.baseUrl}${href}`)
    expect(image.status()).toBe(200)
    expect(image.headers()['content-type']).toBe('image/webp')
    expect(a.watch.cspViolations()).toEqual([])
    expect(a.watch.unexpected()).toEqual([])

    // On a desktop the main photo, with the thumbnails under it, stands beside the price panel.
    const d = await world.openPage({ viewport: { width: 1280, height: 900 } })
    await d.page.goto(`/listings/${id}`)
    const [main, side, strip] = await Promise.all(['.main-photo img', '.price-panel', '.thumbs'].map((sel) => d.page.locator(sel).boundingBox()))
    expect(side!.x).toBeGreaterThanOrEqual(main!.x + main!.width)
    expect(side!.y).toBeLessThan(main!.y + main!.height)
    expect(strip!.y).toBeGreaterThanOrEqual(main!.y + main!.height)
    expect(strip!.x + strip!.width).toBeLessThanOrEqual(side!.x)
  })

  test('with the device clock 10 minutes slow or fast, the time left is the server’s, ticks each second in the last hour and turns to "Ended" without a live update', async () => {
    for (const skew of [-TEN_MINUTES, TEN_MINUTES]) {
      const endsAt = new Date(Date.now() + 30 * 60_000)
      const id = await createTestListing(world.database.db, seller.companyId, { title: 'Aluminium turnings, 4 t', ends_at: endsAt })
      const { context, page, watch } = await world.openPage()
      await context.clock.install({ time: new Date(Date.now() + skew) })
      await logIn(page, alpha.owner)
      await openAuction(page, id)
      const countdown = page.locator('.time-left .countdown')
      const left = () => countdown.innerText()
      // About 30 minutes, not 20 or 40: the device's clock plays no part.
      const shown = secondsIn(await left())
      const truth = (endsAt.getTime() - Date.now()) / 1000
      expect(Math.abs(shown - truth), `${await left()} against ${truth} s`).toBeLessThan(15)
      // In the last hour it counts seconds.
      const before = secondsIn(await left())
      await page.clock.fastForward(3_000)
      expect(before - secondsIn(await left())).toBeGreaterThanOrEqual(2)
      // Without script there is "as of" and a refresh link; with it, the countdown says it.
      expect(await page.locator('.as-of').isVisible()).toBe(false)

      // Past the end on the server's clock (the device jumps ahead; nothing arrives over the stream).
      await page.clock.fastForward(endsAt.getTime() - Date.now() + 2_000)
      await expect.poll(left, { timeout: 5_000 }).toBe('Ended')
      await expect.poll(() => page.getByRole('button', { name: 'Place bid' }).isVisible(), { timeout: 5_000 }).toBe(false)
      // No live update said so: the server has not closed it, and the panel shows no close.
      expect(await page.locator('.status-line').count()).toBe(0)
      expect(watch.cspViolations()).toEqual([])
      expect(watch.unexpected()).toEqual([])
    }
  })

  test('after a live outbid the bid’s own message no longer says "highest bidder", and the announcer says only price and status', async () => {
    const id = await createTestListing(world.database.db, seller.companyId, { title: 'Copper cable offcuts, 2 t', quantity: '2', unit: 't' })
    const a = await world.openPage()
    const b = await world.openPage({ javaScriptEnabled: false })
    await Promise.all([logIn(a.page, alpha.owner), logIn(b.page, beta.owner)])
    await openAuction(a.page, id)

    await a.page.getByLabel('Your bid (€)').fill('1000')
    await a.page.getByRole('button', { name: 'Place bid' }).click()
    await visible(a.page.locator('.bid-receipt').getByText(/^Bid accepted at \d\d:\d\d:\d\d .*: €1,000\.00\.$/))
    await visible(a.page.locator('.bid-outcome').getByText('you are the highest bidder'))
    await visible(a.page.locator('.personal.leading').getByText('You are the highest bidder.'), LIVE_TIMEOUT_MS)

    // Another company outbids from its own browser while A's page stays open.
    await b.page.goto(`/listings/${id}`)
    await b.page.getByLabel('Your bid (€)').fill('1100')
    await b.page.getByRole('button', { name: 'Place bid' }).click()
    await b.page.waitForURL((url) => url.searchParams.has('bid'))

    await visible(a.page.locator('.personal.outbid').getByText('You have been outbid.'), LIVE_TIMEOUT_MS)
    await visible(a.page.locator('.bid-outcome-past'))
    expect(await a.page.locator('.bid-outcome').isVisible()).toBe(false)
    // One truth: nothing visible still claims the lead.
    expect(await a.page.getByText(/highest bidder/i).filter({ visible: true }).count()).toBe(0)
    // The receipt itself stays: what was accepted, and when.
    await visible(a.page.locator('.bid-receipt').getByText(/^Bid accepted at/))
    expect(await a.page.locator('#live-announcer').textContent()).toBe('Current bid €1,100.00. You have been outbid.')
    expect(await a.page.locator('[aria-live]').count()).toBe(1)
    expect(a.watch.cspViolations()).toEqual([])
    expect(a.watch.unexpected()).toEqual([])
  })
})
