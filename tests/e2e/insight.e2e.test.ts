// Price guidance and the admin's platform dashboard in Chromium against the real server. A
// seller choosing a category and unit on the listing form sees what such lots sold for: with
// JavaScript as they choose (htmx), without it after sending the form. The Market prices page
// and the admin dashboard's SVG charts fit a 360 px phone, and no page breaks the CSP.
import { beforeAll, describe, expect, test } from 'vitest'
import { chromiumAvailable, logIn, visible } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'

const DAY = 86_400_000

describe.skipIf(!chromiumAvailable())('price guidance and the platform dashboard in a browser', () => {
  const world = browserWorld({ admin: true })
  let sellers: TestCompany[]

  beforeAll(async () => {
    const db = world.database.db
    sellers = await Promise.all([1, 2, 3, 4].map(() => createTestCompany(db, { status: 'approved' })))
    // Six glass lots by the tonne, completed from three sellers: €60–€110 a tonne.
    const buyer = sellers[3]!
    for (const [i, perTonne] of [60, 70, 80, 90, 100, 110].entries()) {
      const seller = sellers[i % 3]!
      const at = new Date(Date.now() - (5 + i) * DAY)
      const listing = await createTestListing(db, seller.companyId, { now: at, status: 'ended', sale_type: 'fixed_price', category: 'glass', unit: 't', quantity: '2', fixed_price: perTonne * 200 })
      await db.insertInto('deals').values({
        listing_id: listing, seller_company_id: seller.companyId, buyer_company_id: buyer.companyId, buyer_user_id: buyer.owner.userId,
        amount: perTonne * 200, currency: 'EUR', kind: 'fixed_price', created_at: at, updated_at: at, pay_by: new Date(at.getTime() + 7 * DAY),
        status: 'completed', completed_at: at,
      }).execute()
    }
  })

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with' : 'without'
    test(`the listing form shows what glass sold for by the tonne, ${mode} JavaScript`, async () => {
      const { page, watch } = await world.openPage({ javaScriptEnabled, viewport: { width: 360, height: 780 } })
      await logIn(page, sellers[0]!.owner)
      await page.goto(`${world.server.baseUrl}/listings/new`)
      const guide = page.locator('#price-guidance')
      await visible(guide.getByText('Choose a category and a unit'))
      await page.getByLabel('Category').selectOption({ label: 'Glass' })
      await page.getByLabel('Unit').selectOption('t')
      if (!javaScriptEnabled) {
        // Nothing happens until the form is sent: the refused form comes back with the guide.
        await page.getByRole('button', { name: 'Save draft and add photos' }).click()
        await visible(page.locator('.error-summary, [role="alert"]').first())
      }
      // Median of 60, 70, 80, 90, 100, 110 is 85.
      await visible(page.locator('#price-guidance').getByText('€85.00 per tonne'))
      await visible(page.locator('#price-guidance').getByText(/from 6 completed deals/i))
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      await page.screenshot({ path: `test-results/price-guidance-${mode}-js-360.png`, fullPage: false })
      if (javaScriptEnabled) {
        // Another unit: not enough data, at once.
        await page.getByLabel('Unit').selectOption('pallets')
        await visible(page.locator('#price-guidance').getByText('not enough data yet'))
      }
      expect(watch.cspViolations()).toEqual([])
      expect(watch.unexpected()).toEqual([])
    })
  }

  for (const width of [360, 1280]) {
    test(`Market prices and the admin dashboard at ${width} px`, async () => {
      const { page, watch } = await world.openPage({ javaScriptEnabled: true, viewport: { width, height: 900 } })
      await page.goto(`${world.server.baseUrl}/market-prices`)
      await visible(page.getByRole('heading', { name: /Glass/ }))
      await visible(page.getByText('€85.00 per tonne').first())
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      await page.screenshot({ path: `test-results/market-prices-${width}.png`, fullPage: true })

      await logIn(page, world.admin)
      await page.goto(`${world.server.baseUrl}/admin`)
      await visible(page.getByRole('heading', { name: 'The platform' }))
      expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(5)
      await visible(page.getByRole('img', { name: /Tonnes traded in deals completed/ }))
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      await page.screenshot({ path: `test-results/admin-dashboard-${width}.png`, fullPage: true })
      expect(watch.cspViolations()).toEqual([])
      expect(watch.unexpected()).toEqual([])
    })
  }
})
