// The print page of an invoice in Chromium, behind the app's own security headers: no
// Content Security Policy violation, readable on a 360 px phone without sideways scrolling,
// the on-screen links gone when printed, and printed on A4 with a long table over pages.
import { type AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { html } from 'hono/html'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invoicePrintDocument } from '../../src/invoices/print-invoice.js'
import { assetRoutes } from '../../src/web/assets.js'
import { securityHeaders } from '../../src/web/security-headers.js'
import { PrintPage } from '../../views/documents/print-page.js'
import { sampleInvoice } from '../invoices/invoice-samples.js'
import { chromiumAvailable, launchChromium, watchErrors } from './support/browser.js'

const invoice = sampleInvoice('domestic')
invoice.lines = Array.from({ length: 60 }, (_, i) => ({ ...invoice.lines[0], id: String(i + 1), name: `Blandat järnskrot, lot ${i + 1}` }))
const doc = invoicePrintDocument(invoice)
const actions = html`<ul><li><a href="/paper.pdf">Download PDF</a></li><li><a href="/paper.xml">E-invoice (XML)</a></li><li><a href="/">Back to the deal</a></li></ul>`

describe.runIf(chromiumAvailable())('the print page in a browser', () => {
  let server: ServerType
  let base = ''
  let browser: Awaited<ReturnType<typeof launchChromium>>

  beforeAll(async () => {
    const app = new Hono().use(securityHeaders()).route('/', assetRoutes).get('/paper', (c) => c.html(PrintPage({ doc, actions })))
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`
        resolve()
      })
    })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  it('reads on a 360 px phone without sideways scrolling or a CSP violation, the links on screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } })
    const watch = watchErrors(page)
    await page.goto(`${base}/paper`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(await page.getByRole('link', { name: 'Download PDF' }).isVisible()).toBe(true)
    // The stylesheet applied: a table row is a card whose cells say their column.
    const label = await page.locator('tbody tr:first-child td[data-label="Quantity"]').evaluate((td) => getComputedStyle(td, '::before').content)
    expect(label).toBe('"Quantity"')
    expect(watch.cspViolations()).toEqual([])
    expect(watch.unexpected()).toEqual([])
    await page.close()
  })

  it('prints on A4 without the on-screen links, the long table over several pages', async () => {
    const page = await browser.newPage()
    await page.goto(`${base}/paper`)
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('link', { name: 'Download PDF' }).isVisible()).toBe(false)
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true })).toString('latin1')
    const boxes = [...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])])
    expect(boxes.length).toBeGreaterThan(1)
    // A4 is 595.28 × 841.89 points; Chromium rounds to whole CSS pixels.
    for (const [w, h] of boxes) {
      expect(Math.abs(w - 595.28)).toBeLessThan(1.5)
      expect(Math.abs(h - 841.89)).toBeLessThan(1.5)
    }
    await page.close()
  })
})
