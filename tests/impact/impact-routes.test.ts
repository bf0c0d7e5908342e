// The impact report over HTTP on the real app: a company's completed deals of a period in
// tonnes (weighed, converted and the seller's actual weight), money and estimated CO2e; its
// CSV files and one-page summary; periods counted in the company's time zone; bad periods
// refused with a message; and a company never sees another's deals or figures.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, logInAs, tradingCompanies } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { dealTerms } from '../../src/deals/terms.js'
import { formatMoney } from '../../src/lib/money.js'
import { completeDeal } from './impact-world.js'

const { app, db, config } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)
const [seller, buyer, third] = await tradingCompanies(db)
const admin = await createTestAdmin(db)
const deal = (at: string, lot: Parameters<typeof completeDeal>[1]['lot'], unfinished = false) =>
  completeDeal(db, { seller, buyer, admin, terms, at: new Date(at), lot, unfinished })

// November in Stockholm (the seller's zone): 2 t of board, 30 m³ of bark the seller weighed at
// 9.5 t, and 800 kg of cullet confirmed at 00:30 on 1 November Stockholm time (23:30 UTC the day before).
const board = await deal('2026-11-05T09:00:00Z', { title: 'Corrugated board, 2 t', quantity: '2', unit: 't', category: 'paper-cardboard', ewc_code: '150101' })
const bark = await deal('2026-11-10T09:00:00Z', { title: 'Birch bark, 30 m³', quantity: '30', unit: 'm3', actual_weight_kg: '9500', category: 'wood-pallets', ewc_code: '030101' })
const cullet = await deal('2026-10-31T20:30:00Z', { title: 'Green glass cullet, 800 kg', quantity: '800', unit: 'kg', category: 'glass' })
// October: 40 pallets of baled film, 300 kg each by the conversion table.
const film = await deal('2026-10-15T09:00:00Z', { title: 'Baled stretch film, 40 pallets', quantity: '40', unit: 'pallets', category: 'plastics', ewc_code: '150102' })
// Handed over, not completed: never counted.
await deal('2026-11-12T09:00:00Z', { title: 'Steel offcuts not yet confirmed', quantity: '5', unit: 't', category: 'ferrous-metals' }, true)

const [sellerBrowser, buyerBrowser, thirdBrowser, adminBrowser] = await Promise.all([logInAs(app, seller.owner), logInAs(app, buyer.owner), logInAs(app, third.owner), logInAs(app, admin)])
const NOVEMBER = '/my/impact?period=month&month=2026-11'
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ')

describe('the impact report page', () => {
  it("shows the seller's November: tonnes by every route, revenue, CO2e with each factor and its source", async () => {
    const res = await sellerBrowser.get(NOVEMBER)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const page = text(await res.text())
    // 2 t + 9.5 t (actual weight, not 30 m³ × 0.1003) + 0.8 t = 12.3 t
    expect(page).toContain('November 2026')
    expect(page).toMatch(/Sold 12\.3 t 3 deals, revenue (\S+) excl\. VAT/)
    const revenue = [board, bark, cullet].reduce((n, d) => n + Number(d.net_amount), 0)
    expect(page).toContain(`revenue ${formatMoney(revenue)} excl. VAT`)
    // 2 × 1266.12 + 9.5 × 920.71 + 0.8 × 588.58 = 11,749.849 kg CO2e
    expect(page).toContain('Estimated CO2e avoided 11.75 t CO2e')
    expect(page).toContain('1,266.12 kg CO2e/t')
    expect(page).toContain('UK Government GHG Conversion Factors for Company Reporting 2026')
    expect(page).toContain('actual weight: 9500 kg, weighed by the seller')
    expect(page).toContain('How we calculate')
    expect(page).toContain('15 Waste packaging, absorbents')
    for (const title of ['Corrugated board, 2 t', 'Birch bark, 30 m³', 'Green glass cullet, 800 kg']) expect(page).toContain(title)
    expect(page).not.toContain('Baled stretch film') // October
    expect(page).not.toContain('Steel offcuts not yet confirmed') // not completed
    // The chart is SVG drawn on the server, labelled as an image.
    expect(await (await sellerBrowser.get(NOVEMBER)).text()).toMatch(/<svg[^>]*role="img"/)
  })

  it('defaults to the year so far and reads quarters and custom days', async () => {
    const year = text(await (await sellerBrowser.get('/my/impact')).text())
    // + 40 pallets × 300 kg = 12 t of film at 1606.45: 24.3 t and 31,027.249 kg CO2e
    expect(year).toMatch(/Sold 24\.3 t 4 deals/)
    expect(year).toContain('31.03 t CO2e')
    const quarter = text(await (await sellerBrowser.get('/my/impact?period=quarter&quarter=2026-Q4')).text())
    expect(quarter).toMatch(/Q4 2026 \(October to December\)/)
    expect(quarter).toMatch(/Sold 24\.3 t/)
    const days = text(await (await sellerBrowser.get('/my/impact?period=custom&from=2026-11-01&to=2026-11-06')).text())
    expect(days).toMatch(/Sold 2\.8 t 2 deals/) // the cullet (1 Nov, Stockholm) and the board
  })

  it("shows the buyer the same deals as bought, and its own month in its own zone (Helsinki)", async () => {
    const page = text(await (await buyerBrowser.get(NOVEMBER)).text())
    expect(page).toMatch(/Bought 12\.3 t 3 deals/)
    expect(page).toMatch(/Sold 0 t 0 deals/)
  })

  it("never shows a company another company's deals or figures", async () => {
    const res = await thirdBrowser.get('/my/impact?period=year&year=2026')
    expect(res.status).toBe(200)
    const page = text(await res.text())
    expect(page).toMatch(/Sold 0 t 0 deals/)
    expect(page).toMatch(/Bought 0 t 0 deals/)
    expect(page).toContain('No deal of your company was completed in this period')
    for (const d of [board, bark, cullet, film]) expect(page).not.toContain(`Deal ${d.number}`)
    for (const word of ['Corrugated board', 'Birch bark', 'Green glass cullet', 'stretch film', '12.3 t', '24.3 t']) expect(page).not.toContain(word)
    for (const table of ['deals', 'categories', 'ewc-chapters']) {
      const csv = await (await thirdBrowser.get(`/my/impact/${table}.csv?period=year&year=2026`)).text()
      expect(csv.trim().split('\r\n'), table).toHaveLength(1) // the header only
    }
    // A company in the query string is no way in: the report is always the viewer's own.
    const sneaky = text(await (await thirdBrowser.get(`/my/impact?period=year&year=2026&company=${seller.companyId}`)).text())
    expect(sneaky).toMatch(/Sold 0 t 0 deals/)
  })

  it('sends visitors to log in and refuses a person of no company', async () => {
    const visitor = await new TestBrowser(app).get(NOVEMBER)
    expect(visitor.status).toBeGreaterThanOrEqual(300)
    expect(visitor.status).toBeLessThan(400)
    expect(visitor.headers.get('location')).toMatch(/^\/login/)
    for (const path of [NOVEMBER, '/my/impact/deals.csv', '/my/impact/summary']) expect((await adminBrowser.get(path)).status).toBe(403)
  })

  it('refuses a bad period with a message and a 400, never a 500', async () => {
    const cases: Array<[string, RegExp]> = [
      ['period=month&month=2026-13', /no such month/],
      ['period=month&month=%3Cscript%3E', /year and month, like 2026-11/],
      ['period=quarter&quarter=2026-Q5', /Choose a quarter/],
      ['period=year&year=1999', /2000 to 2100/],
      ['period=weekly', /Choose a month, a quarter, a year or your own dates/],
      ['period=custom&from=2026-02-30&to=2026-03-01', /There is no 2026-02-30/],
      ['period=custom&from=2026-03-01&to=2026-02-01', /last day comes before the first/],
      ['period=custom&to=2026-02-01', /first day of your period/],
      ['period=month&month=2026-11&month=2026-12', /./],
    ]
    for (const [query, message] of cases) {
      const res = await sellerBrowser.get(`/my/impact?${query}`)
      const body = text(await res.text())
      if (query.includes('month=2026-12')) { expect(res.status, query).toBeLessThan(500); continue }
      expect([res.status, query]).toEqual([400, query])
      expect(body, query).toMatch(message)
      expect(body, query).not.toContain('Corrugated board')
      for (const path of ['/my/impact/categories.csv', '/my/impact/summary', '/my/impact/summary.pdf']) {
        const other = await sellerBrowser.get(`${path}?${query}`)
        expect([other.status, path, query]).toEqual([400, path, query])
      }
    }
    expect((await sellerBrowser.get('/my/impact/passwords.csv')).status).toBe(404)
  })

  it('answers htmx with the report alone, for the period form to swap in', async () => {
    const res = await sellerBrowser.get(NOVEMBER, { 'HX-Request': 'true' })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).not.toContain('<html')
    expect(html).toMatch(/^<div id="impact-body"/)
    expect(text(html)).toMatch(/Sold 12\.3 t/)
  })
})

describe('CSV files and the printable summary', () => {
  it('exports every table with plain numbers', async () => {
    const res = await sellerBrowser.get(`/my/impact/categories.csv?period=month&month=2026-11`)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="impact-categories-2026-11-01-2026-11-30.csv"')
    const rows = (await res.text()).replace(/^\ufeff/, '').trim().split('\r\n')
    expect(rows[0]).toBe('Category,Sold,Bought,Deals,Revenue excl. VAT,Spend excl. VAT,CO2e factor,Factor source,Factor source URL,Estimated CO2e avoided')
    expect(rows.find((r) => r.startsWith('Wood & pallets,'))).toMatch(/^Wood & pallets,9\.500,0\.000,1,.*,920\.71,.*,8\.747$/)
    expect(rows.find((r) => r.startsWith('Paper & cardboard,'))).toMatch(/^Paper & cardboard,2\.000,0\.000,1,.*,1266\.12,.*,2\.532$/)
    // Money cells always carry their currency, a side with no deals too (the seller bought nothing).
    for (const row of rows.slice(1)) {
      const [, , , , revenue, spend] = row.split(',')
      for (const cell of [revenue, spend]) expect(cell, row).toMatch(/^\d+\.\d\d [A-Z]{3}( \+ \d+\.\d\d [A-Z]{3})*$/)
    }
    const deals = await (await sellerBrowser.get(`/my/impact/deals.csv?period=month&month=2026-11`)).text()
    expect(deals).toContain('30 m3')
    expect(deals).toContain('actual weight: 9500 kg, weighed by the seller')
    for (const table of ['ewc-chapters', 'months', 'conversions', 'co2e-factors']) {
      const csv = await sellerBrowser.get(`/my/impact/${table}.csv?period=month&month=2026-11`)
      expect([csv.status, table]).toEqual([200, table])
    }
  })

  it('prints a one-page summary and the same as a PDF', async () => {
    const res = await sellerBrowser.get(`/my/impact/summary?period=month&month=2026-11`)
    expect(res.status).toBe(200)
    const page = text(await res.text())
    expect(page).toContain('Impact summary')
    expect(page).toContain('Säljare Papper AB, November 2026')
    expect(page).toContain('12.3 t in 3 deals')
    expect(page).toContain('11.75 t CO2e')
    expect(page).toContain('https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-2026')
    const pdf = await sellerBrowser.get(`/my/impact/summary.pdf?period=month&month=2026-11`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
  })
})
