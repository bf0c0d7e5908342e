// A listing's way to market in a real browser against the real server: a seller creates it
// through the form, adds a photo and sends it for review; an admin approves it; a visitor
// finds it by searching without the accent and opens it. Once with JavaScript (the seller on
// a phone-sized screen) and once without, since every form must work as plain HTML too.
import { beforeAll, describe, expect, test } from 'vitest'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { chromiumAvailable, visible, logIn } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'

const hasBrowser = chromiumAvailable()
const PHONE = { width: 360, height: 740 }

/** A real photo: a 1600×1200 JPEG with some structure, as a phone camera would send. */
async function cameraJpeg() {
  const { data, info } = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 150, g: 110, b: 60 } } })
    .composite([{ input: { create: { width: 800, height: 600, channels: 3, background: { r: 90, g: 70, b: 40 } } }, left: 400, top: 300 }])
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true })
  expect(info.format).toBe('jpeg')
  return data
}

/** Whether the page is wider than the screen (a phone would have to scroll sideways). */
const overflowsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)

/** Whether every image on the page in this locator has loaded and decoded. */
async function imageLoaded(page: Page, alt: string) {
  const img = page.getByRole('img', { name: alt })
  await visible(img)
  await img.first().scrollIntoViewIfNeeded()
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (await img.first().evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`The image “${alt}” did not load`)
}

describe.skipIf(!hasBrowser)('a listing from creation to a buyer’s screen', () => {
  const world = browserWorld({ admin: true })
  let seller: TestCompany
  let photo: Buffer

  beforeAll(async () => {
    ;[seller, photo] = await Promise.all([
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Göteborgs Pappersåtervinning AB' }),
      cameraJpeg(),
    ])
  })

  const newPage = (javaScriptEnabled: boolean, viewport?: { width: number; height: number }) =>
    world.openPage({ javaScriptEnabled, viewport })

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript, the seller on a phone' : 'without JavaScript'
    const auction = javaScriptEnabled
    // An accented word the visitor will type without its accent; one per run, so each search finds its own.
    const word = javaScriptEnabled ? 'Kartóngbalar' : 'Wellkartóng'
    const title = `${word} från lagret, 12 t`

    test(`a seller lists with a photo, an admin approves, a visitor finds it (${mode})`, async () => {
      // The seller creates the listing through the form.
      const s = await newPage(javaScriptEnabled, javaScriptEnabled ? PHONE : undefined)
      await logIn(s.page, seller.owner)
      await s.page.goto('/listings/new')
      await visible(s.page.getByRole('heading', { name: 'New listing' }))
      await s.page.getByLabel('Title').fill(title)
      await s.page.getByLabel('Description').fill('Clean corrugated cardboard in bales of about 400 kg, stored indoors and dry.')
      await s.page.getByLabel('Category').selectOption({ label: 'Paper & cardboard' })
      await s.page.getByLabel('Quantity').fill('12')
      await s.page.getByLabel('One-off lot').check()
      if (auction) {
        // The form comes with a start and end in the seller's zone; only the prices are needed.
        await s.page.getByLabel('Timed auction').check()
        await s.page.getByLabel('Start price (€)').fill('900')
        await s.page.getByLabel('Bid increment (€)').fill('25')
      } else {
        await s.page.getByRole('radio', { name: 'Fixed price' }).check()
        await s.page.getByRole('textbox', { name: /^Price \(€\)/ }).fill('1 450')
      }
      if (javaScriptEnabled) expect(await overflowsSideways(s.page)).toBe(false)
      await s.page.getByRole('button', { name: 'Save draft' }).click()

      // Saved as a draft, straight to the photos step.
      await s.page.waitForURL(/\/listings\/[0-9a-f-]{36}\/photos\?saved=1$/)
      const id = /\/listings\/([0-9a-f-]{36})\/photos/.exec(s.page.url())![1]
      await visible(s.page.getByText(/^Saved as a draft\. Only your company sees it\./))
      await s.page.getByLabel('Photos').setInputFiles({ name: 'bales.jpg', mimeType: 'image/jpeg', buffer: photo })
      await s.page.getByRole('button', { name: 'Upload' }).click()
      await visible(s.page.getByText(/^1 photo added\./))
      await imageLoaded(s.page, `${title} — photo 1`)
      if (javaScriptEnabled) expect(await overflowsSideways(s.page)).toBe(false)

      // Then the summary of what buyers will see, and sends it for review from there.
      await s.page.getByRole('link', { name: 'Next: check and send for review' }).click()
      await s.page.waitForURL(new RegExp(`/listings/${id}/review$`))
      await visible(s.page.getByText(title).first())
      await imageLoaded(s.page, `${title} — photo 1`)
      if (javaScriptEnabled) expect(await overflowsSideways(s.page)).toBe(false)
      await s.page.getByRole('button', { name: 'Send for review' }).click()
      await s.page.waitForURL(new RegExp(`/listings/${id}/review\\?sent=1$`))
      await visible(s.page.getByText(/^Sent for review: an admin checks it/))
      await s.page.goto('/my/listings')
      const inReview = s.page.locator('#status-pending_review ~ .table-wrap').first()
      await visible(inReview.getByRole('link', { name: title }))

      // An admin approves it from the review queue.
      const a = await newPage(javaScriptEnabled)
      await logIn(a.page, world.admin)
      await a.page.goto('/admin/listings/pending')
      const queued = a.page.getByRole('article').filter({ has: a.page.getByRole('heading', { name: title }) })
      await visible(queued)
      await visible(queued.getByRole('img', { name: `${title} — photo 1` }))
      await queued.getByRole('button', { name: 'Approve', exact: true }).click()
      await visible(javaScriptEnabled
        ? a.page.getByRole('status').filter({ hasText: `“${title}” is live.` })
        : a.page.getByText('The listing is live. Its seller has been emailed.'))
      const row = await world.database.db.selectFrom('listings').select(['status', 'sale_type']).where('id', '=', id).executeTakeFirstOrThrow()
      expect(row).toEqual({ status: 'live', sale_type: auction ? 'auction' : 'fixed_price' })

      // A visitor searches without the accent, finds it and opens it.
      const v = await newPage(javaScriptEnabled)
      await v.page.goto('/listings')
      await v.page.getByLabel('Search listings').fill(word.toLowerCase().replace('ó', 'o'))
      await v.page.getByRole('button', { name: 'Search' }).click()
      const result = v.page.getByRole('heading', { name: title }).getByRole('link', { name: title })
      await visible(result)
      if (!javaScriptEnabled) expect(new URL(v.page.url()).searchParams.get('q')).toBe(word.toLowerCase().replace('ó', 'o'))
      await result.click()
      await v.page.waitForURL((url) => url.pathname === `/listings/${id}`)
      await visible(v.page.getByRole('heading', { name: title, level: 1 }))
      await imageLoaded(v.page, `${title} — photo 1`)
      await visible(v.page.getByText('Göteborgs Pappersåtervinning AB'))
      await visible(v.page.getByText(auction ? '€900.00' : '€1,450.00').first())

      for (const { watch } of [s, a, v]) {
        expect(watch.cspViolations()).toEqual([])
        expect(watch.unexpected()).toEqual([])
      }
    })
  }
})
