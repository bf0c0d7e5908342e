// The impact report in Chromium against the real server, with JavaScript and without: a seller
// with one completed deal opens the report from the menu, picks a month in the period form (htmx
// swaps the report in place and keeps the address; without JavaScript the page reloads), is told
// why a backwards range is refused, downloads a table as CSV and opens the printable summary. On
// a 360 px phone nothing scrolls sideways, and no page breaks the Content Security Policy.
import { describe, expect, test } from 'vitest'
import { chromiumAvailable, logIn, visible } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createTestCompany } from '../support/factories.js'
import { completeDeal } from '../impact/impact-world.js'

describe.skipIf(!chromiumAvailable())('the impact report in a browser', () => {
  const world = browserWorld({ admin: true })

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with' : 'without'
    test(`a month's report, a refused range, a CSV and the summary ${mode} JavaScript, on a phone`, async () => {
      const db = world.database.db
      const [seller, buyer] = await Promise.all([
        createTestCompany(db, { status: 'approved', legalName: `Kartong ${mode} AB` }),
        createTestCompany(db, { status: 'approved', legalName: `Pappersbruk ${mode} Oy`, country: 'FI' }),
      ])
      // Completed three hours after the purchase: a day ago, so it is in this month or the last.
      const at = new Date(Date.now() - 27 * 3600_000)
      const title = `Baled cardboard ${mode} JavaScript, 40 pallets`
      await completeDeal(db, { seller, buyer, admin: world.admin, terms: world.terms, at, lot: { title, quantity: '40', unit: 'pallets', category: 'paper-cardboard', ewc_code: '150101' } })
      const completed = await db.selectFrom('deals').innerJoin('listings', 'listings.id', 'deals.listing_id')
        .select('deals.completed_at').where('listings.title', '=', title).executeTakeFirstOrThrow()
      const month = completed.completed_at!.toISOString().slice(0, 7)

      const { page, watch } = await world.openPage({ javaScriptEnabled, viewport: { width: 360, height: 780 } })
      await logIn(page, seller.owner)
      // From the menu, which on a phone is a <details> to open first.
      await page.locator('.site-menu > summary').click()
      await page.getByRole('link', { name: 'Impact report' }).click()
      await visible(page.getByRole('heading', { name: 'Impact report', level: 1 }))

      // A month: 40 pallets × 400 kg = 16 t; × 1,266.12 kg CO2e/t = 20.26 t CO2e.
      await page.evaluate(() => { (window as unknown as { stayed?: boolean }).stayed = true })
      await page.getByRole('radio', { name: 'Month' }).check()
      await page.getByLabel('Month (year and month)').fill(month)
      await page.getByRole('button', { name: 'Show report' }).click()
      await page.waitForURL((url) => url.searchParams.get('month') === month && url.searchParams.get('period') === 'month')
      await visible(page.getByText('20.26 t CO2e').first())
      expect(await page.locator('.impact-figures').innerText()).toContain('16 t')
      await visible(page.getByRole('link', { name: new RegExp(title) }))
      // htmx swapped the report into the same page; without JavaScript it is a new page.
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true)).toBe(javaScriptEnabled)
      // The chart is an SVG image with a name; the phone does not scroll sideways.
      expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

      // Its own dates, backwards: refused in words, no figures.
      await page.getByRole('radio', { name: 'Dates' }).check()
      await page.getByLabel('First day').fill('2026-06-30')
      await page.getByLabel('Last day').fill('2026-06-01')
      await page.getByRole('button', { name: 'Show report' }).click()
      await visible(page.getByRole('alert').filter({ hasText: 'The last day comes before the first' }))
      expect(await page.locator('.impact-figures').count()).toBe(0)

      // Back to the month: its CSV and its printable summary.
      await page.goto(`/my/impact?period=month&month=${month}`)
      const csvHref = await page.getByRole('link', { name: 'Download “By category” as CSV' }).getAttribute('href')
      const csv = await (await page.request.get(csvHref!)).text()
      expect(csv).toMatch(/Paper & cardboard,16\.000,0\.000,1,/)
      await page.getByRole('link', { name: 'Printable one-page summary' }).click()
      await visible(page.getByRole('heading', { name: 'Impact summary' }))
      expect(await page.locator('main').innerText()).toContain(`Kartong ${mode} AB`)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

      expect(watch.cspViolations()).toEqual([])
      expect(watch.unexpected()).toEqual([])
    })
  }
})
