import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, testConfig } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { generateToken } from '../../src/lib/tokens.js'
import { dealTerms } from '../../src/deals/terms.js'

const { app, db, clock, config } = await createTestApp()
await categoryIds(db)

const bid = async (b: TestBrowser, id: string, amount: string, extra: Record<string, string> = {}) => {
  const res = await b.post(`/listings/${id}/bids`, { amount, idempotency_key: generateToken(), ...extra })
  expect(res.status, `bid of ${amount} on ${id}`).toBe(303)
}
/** The HTML of one group of a dashboard page, from its heading to the end of its table. */
const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`)
  expect(start, `section ${id}`).toBeGreaterThan(-1)
  const next = html.indexOf('<h2', start + 1)
  return html.slice(start, next === -1 ? undefined : next)
}

let buyer: TestCompany
let rival: TestCompany
let seller: TestCompany
let buyerBrowser: TestBrowser
let rivalBrowser: TestBrowser
const ids: Record<string, string> = {}

beforeAll(async () => {
  ;[buyer, rival, seller] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Kartong Köpare AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Rival Recycling Oy', country: 'FI' }),
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Metall AB' }),
  ])
  ;[buyerBrowser, rivalBrowser] = await Promise.all([logInAs(app, buyer.owner), logInAs(app, rival.owner)])
  const now = clock()
  const soon = new Date(now.getTime() + 60_000)
  const make = async (key: string, overrides: Parameters<typeof createTestListing>[2] = {}) => {
    ids[key] = await createTestListing(db, seller.companyId, { now, title: `Lot ${key}`, ...overrides })
  }
  await make('outbid', { ends_at: new Date(now.getTime() + 5 * 3600_000) })
  await make('leading')
  await make('won', { ends_at: soon })
  await make('lostToRival', { ends_at: soon })
  await make('reserveNotMet', { ends_at: soon, reserve_price: 500_000 })
  await make('withdrawn')
  await make('notMine')
  await make('fixed', { sale_type: 'fixed_price', title: 'Lot fixed' })

  await bid(buyerBrowser, ids.outbid, '1000')
  await bid(rivalBrowser, ids.outbid, '1100')
  await bid(rivalBrowser, ids.leading, '1000')
  await bid(buyerBrowser, ids.leading, '1050', { max_amount: '1800' })
  await bid(buyerBrowser, ids.won, '1000')
  await bid(buyerBrowser, ids.lostToRival, '1000')
  await bid(rivalBrowser, ids.lostToRival, '1200')
  await bid(buyerBrowser, ids.reserveNotMet, '1000')
  await bid(buyerBrowser, ids.withdrawn, '1000')
  await db.updateTable('listings').set({ status: 'withdrawn', status_reason: 'Sold elsewhere', updated_at: now }).where('id', '=', ids.withdrawn).execute()
  await bid(rivalBrowser, ids.notMine, '1000')
  const bought = await buyerBrowser.post(`/listings/${ids.fixed}/buy`, {})
  expect(bought.status).toBeLessThan(400)

  // Past the (soft-close extended) ends of the three short auctions: the closing job runs.
  clock.advance(10 * 60_000)
  expect(await closeExpiredAuctions(db, { now: clock(), terms: dealTerms(testConfig()) })).toBe(3)
})

describe('My bids', () => {
  it('groups every auction the company bid on into leading, outbid, won and lost, with prices and its own highest bid', async () => {
    const html = await (await buyerBrowser.get('/my/bids')).text()
    const leading = section(html, 'bids-leading')
    const outbid = section(html, 'bids-outbid')
    const won = section(html, 'bids-won')
    const lost = section(html, 'bids-lost')

    expect(leading).toContain(`href="/listings/${ids.leading}"`)
    // Proxy bidding: the price is what was needed to lead; our own maximum is shown to us.
    expect(leading).toContain('Your maximum €1,800.00')
    expect(leading).toContain('2 bids')

    expect(outbid).toContain(`href="/listings/${ids.outbid}"`)
    expect(outbid).toContain('€1,100.00') // current price
    expect(outbid).toContain('€1,000.00') // our highest bid
    // Time left and the end in the viewer's zone (a Swedish company: Stockholm time).
    expect(outbid).toContain('4 h 50 min')
    expect(outbid).toMatch(/Sun, 22 Nov 2026, 16:00 CET/)

    expect(won).toContain(`href="/listings/${ids.won}"`)
    expect(won).toContain('€1,000.00')
    expect(won).not.toContain(ids.lostToRival)

    expect(lost).toContain(`href="/listings/${ids.lostToRival}"`)
    expect(lost).toContain('Sold to another bidder')
    expect(lost).toContain('€1,200.00') // the final price
    expect(lost).toContain(`href="/listings/${ids.reserveNotMet}"`)
    expect(lost).toContain('Reserve not met')
    expect(lost).toContain(`href="/listings/${ids.withdrawn}"`)
    expect(lost).toContain('Withdrawn by the seller')

    for (const key of ['notMine', 'fixed']) expect(html).not.toContain(ids[key])
    // Each auction once, and nothing about who the other bidders are.
    expect(html.split(`href="/listings/${ids.outbid}"`)).toHaveLength(2)
    expect(html).not.toContain('Rival Recycling')
  })

  it('shows the rival its own side of the same auctions', async () => {
    const html = await (await rivalBrowser.get('/my/bids')).text()
    expect(section(html, 'bids-leading')).toContain(ids.outbid)
    expect(section(html, 'bids-leading')).toContain(ids.notMine)
    expect(section(html, 'bids-outbid')).toContain(ids.leading)
    // The buyer's proxy maximum is the buyer's secret.
    expect(html).not.toContain('€1,800.00')
    expect(section(html, 'bids-won')).toContain(ids.lostToRival)
    expect(section(html, 'bids-lost')).not.toContain(ids.won)
    expect(html).not.toContain('Kartong Köpare')
  })

  it('says so when the company has not bid yet', async () => {
    const html = await (await (await logInAs(app, seller.owner)).get('/my/bids')).text()
    expect(html).toContain('Your company has not bid on any auction yet.')
  })
})

describe('Won and bought', () => {
  it('lists the sales where the company is the buyer, with seller, amount, kind, state and date', async () => {
    const sale = await db.selectFrom('deals').select('id').where('listing_id', '=', ids.fixed).executeTakeFirstOrThrow()
    await db.updateTable('deals').set({ status: 'handed_over' }).where('id', '=', sale.id).execute()
    const html = await (await buyerBrowser.get('/my/purchases')).text()
    const rows = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).split('<tr>').slice(1)
    expect(rows).toHaveLength(2)
    const [fixed, won] = [rows.find((r) => r.includes(ids.fixed))!, rows.find((r) => r.includes(ids.won))!]
    expect(fixed).toContain('Lot fixed')
    expect(fixed).toContain('Säljare Metall AB')
    expect(fixed).toContain('€1,500.00')
    expect(fixed).toContain('Fixed price')
    expect(fixed).toContain('Handed over')
    expect(won).toContain('Auction')
    expect(won).toContain('€1,000.00')
    expect(won).toContain('Awaiting payment')
    expect(won).toMatch(/Sun, 22 Nov 2026, 11:10 CET/)
    expect(html).not.toContain(ids.lostToRival)
  })

  it('shows the rival only what it won', async () => {
    const html = await (await rivalBrowser.get('/my/purchases')).text()
    expect(html).toContain(ids.lostToRival)
    expect(html).not.toContain(ids.won)
    expect(html).not.toContain(ids.fixed)
  })
})

describe('My listings, for the seller', () => {
  it('says who bought each sold listing and for how much, and which ended unsold', async () => {
    const html = await (await (await logInAs(app, seller.owner)).get('/my/listings')).text()
    const ended = html.slice(html.indexOf('id="status-ended"'), html.indexOf('</table>', html.indexOf('id="status-ended"')))
    const row = (id: string) => ended.split('<tr>').find((r) => r.includes(`/listings/${id}"`)) ?? ''
    expect(row(ids.won)).toContain('Sold to Kartong Köpare AB for €1,000.00')
    expect(row(ids.lostToRival)).toContain('Sold to Rival Recycling Oy for €1,200.00')
    expect(row(ids.fixed)).toContain('Sold to Kartong Köpare AB for €1,500.00')
    expect(row(ids.reserveNotMet)).toContain('Not sold')
  })
})

describe('who may see the dashboards', () => {
  it('sends visitors to log in and refuses people without a company', async () => {
    for (const path of ['/my/bids', '/my/purchases']) {
      const res = await new TestBrowser(app).get(path)
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`)
    }
    const admin = await logInAs(app, await createTestAdmin(db))
    for (const path of ['/my/bids', '/my/purchases']) expect((await admin.get(path)).status).toBe(403)
  })

  it('links the dashboards from the header for company members only', async () => {
    const html = await (await buyerBrowser.get('/my/bids')).text()
    for (const href of ['/my/listings', '/my/bids', '/my/purchases', '/watching', '/saved-searches']) expect(html).toContain(`href="${href}"`)
    expect(html).toContain('<a href="/my/bids" aria-current="page">My bids</a>')
    const visitor = await (await new TestBrowser(app).get('/listings')).text()
    expect(visitor).not.toContain('href="/my/bids"')
  })
})
