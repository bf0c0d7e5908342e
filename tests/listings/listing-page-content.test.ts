// The listing page that sells: the facts a buyer needs (lot number, seller with profile link,
// price per tonne beside the total, VAT, pickup terms, dated bid history), photos as one main
// image and thumbnail links, the server's clock on the page for the countdown with an "as of"
// time for pages without script, a bid receipt dated to the second that never contradicts the
// live status, and an announcer that is the page's one live region.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { generateToken } from '../../src/lib/tokens.js'
import { formatUnitPrice, lotNumber } from '../../src/listings/present.js'
import { formatMoney } from '../../src/lib/money.js'

const { app, db, clock } = await createTestApp()

async function trader(country = 'SE') {
  const company = await createTestCompany(db, { status: 'approved', country })
  return { company, browser: await logInAs(app, company.owner) }
}
const bid = (browser: TestBrowser, id: string, amount: string, max = '') =>
  browser.post(`/listings/${id}/bids`, { amount, max_amount: max, idempotency_key: generateToken() })
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ')
const pageOf = async (browser: TestBrowser | null, path: string) => {
  const res = browser ? await browser.get(path) : await app.request(`http://localhost:3000${path}`)
  expect(res.status).toBe(200)
  return res.text()
}

describe('the listing page', () => {
  it('shows the lot number, the seller linked to its profile, the price per tonne, VAT, pickup terms and a dated bid history', async () => {
    const seller = await trader()
    const buyer = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock(), logistics: 'pickup', logistics_note: 'Loading dock open 7–15.' })
    expect((await bid(buyer.browser, id, '1 200')).status).toBe(303)
    const html = await pageOf(null, `/listings/${id}`)
    const words = text(html)
    expect(words).toContain(lotNumber(id))
    expect(lotNumber(id)).toMatch(/^Lot [0-9A-F]{8}$/)
    expect(html).toContain(`<a href="/companies/${seller.company.companyId}">${seller.company.legalName}</a>`)
    // 12 tonnes at €1,200.00.
    expect(words).toMatch(/Current bid €1,200\.00 €100\.00 per tonne/)
    expect(words).toMatch(/€100\.00 per tonne Excluding VAT \(see VAT \)/)
    expect(words).toContain('Prices and bids exclude VAT.')
    expect(words).toMatch(/Pickup and delivery Buyer collects — Loading dock open 7–15\./)
    // Bid history with the date and the time to the second, in the viewer's zone (Berlin for a visitor).
    expect(words).toMatch(/Bidder 1 — €1,200\.00 — 22 Nov, 11:00:00/)
  })

  it('prices mass per tonne and other units per unit, for many sizes and prices', () => {
    const units = ['kg', 't', 'm3', 'l', 'pcs', 'pallets'] as const
    const per = { kg: 'tonne', t: 'tonne', m3: 'm³', l: 'litre', pcs: 'piece', pallets: 'pallet' }
    for (let i = 0; i < 300; i++) {
      const unit = units[i % units.length]
      const quantity = Math.round((0.001 + Math.random() * 50_000) * 1000) / 1000
      const total = Math.floor(Math.random() * 10_000_000)
      const size = unit === 'kg' ? quantity / 1000 : quantity
      expect(formatUnitPrice(total, quantity, unit, 'EUR')).toBe(`${formatMoney(Math.round(total / size))} per ${per[unit]}`)
    }
    for (const quantity of [0, -1, Number.NaN]) expect(formatUnitPrice(1000, quantity, 't', 'EUR')).toBeNull()
  })

  it('shows one main photo and the others as thumbnails that are plain links to the large image', async () => {
    const seller = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock() })
    const photos = await db.insertInto('listing_photos').values([0, 1, 2].map((position) => ({
      listing_id: id, position, width: 1600, height: 1200, variants: [320, 640, 1280],
    }))).returning('id').execute()
    const html = await pageOf(null, `/listings/${id}`)
    const main = /<div class="main-photo">([\s\S]*?)<\/div>/.exec(html)![1]
    expect(main).toContain(`<a href="/media/photos/${photos[0].id}/1280.webp">`)
    expect(main).toContain('loading="eager"')
    const thumbs = /<ul class="thumbs"[^>]*>([\s\S]*?)<\/ul>/.exec(html)![1]
    for (const photo of photos.slice(1)) expect(thumbs).toContain(`<a href="/media/photos/${photo.id}/1280.webp">`)
    expect(thumbs).not.toContain(photos[0].id)
    expect(thumbs.match(/loading="lazy"/g)).toHaveLength(2)
    // Phones read the photo, then the price and form, then the other photos.
    expect(html.indexOf('class="main-photo"')).toBeLessThan(html.indexOf('id="price-panel"'))
    expect(html.indexOf('id="price-panel"')).toBeLessThan(html.indexOf('class="thumbs"'))
  })

  it('carries the server’s time and the end for the countdown, and says "as of" with a refresh link', async () => {
    const seller = await trader()
    const buyer = await trader('FI')
    const id = await createTestListing(db, seller.company.companyId, { now: clock() })
    const ends = (await db.selectFrom('listings').select('ends_at').where('id', '=', id).executeTakeFirstOrThrow()).ends_at!
    const html = await pageOf(buyer.browser, `/listings/${id}`)
    expect(html).toContain(`data-ends="${ends.toISOString()}" data-server-now="${clock().toISOString()}"`)
    // 10:00 UTC is 12:00 in Helsinki, the Finnish buyer's zone.
    expect(text(html)).toMatch(/As of 12:00 Refresh/)
    expect(html).toContain(`<a href="/listings/${id}">Refresh</a>`)
  })

  it('has one live region, which carries only what script puts in it: the panel itself is not announced whole', async () => {
    const seller = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock() })
    const html = await pageOf(null, `/listings/${id}`)
    expect(html.match(/aria-live=/g)).toHaveLength(1)
    expect(html).toContain('<p id="live-announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>')
    expect(html).toMatch(/<div id="live-auction" class="live-region"/)
    expect(html).not.toMatch(/<div id="live-auction"[^>]*aria-live/)
  })
})

describe('a bid receipt', () => {
  it('says what was accepted and when by the server’s clock, and stops claiming the lead once someone outbids', async () => {
    const seller = await trader()
    const buyer = await trader()
    const rival = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock() })
    clock.advance(7_000)
    const res = await bid(buyer.browser, id, '1000', '1500')
    const receiptPath = res.headers.get('location')!.split('#')[0]
    const before = await pageOf(buyer.browser, receiptPath)
    // 10:00:07 UTC is 11:00:07 in Stockholm.
    expect(text(before)).toContain('Bid accepted at 11:00:07 CET, 22 Nov 2026, by our clock: €1,000.00, bidding for you up to €1,500.00.')
    expect(before).toMatch(/<p class="bid-outcome">Your bid is in: you are the highest bidder at €1,000\.00/)
    expect(before).toMatch(/<p class="bid-outcome-past" hidden="">/)
    expect(before).toContain('<p class="personal leading" data-live="status">You are the highest bidder.</p>')

    clock.advance(60_000)
    expect((await bid(rival.browser, id, '2000')).status).toBe(303)
    const after = await pageOf(buyer.browser, receiptPath)
    expect(text(after)).toContain('Bid accepted at 11:00:07 CET, 22 Nov 2026, by our clock: €1,000.00, bidding for you up to €1,500.00.')
    expect(after).toMatch(/<p class="bid-outcome" hidden="">Your bid is in/)
    expect(after).toMatch(/<p class="bid-outcome-past">The auction has moved on since this bid/)
    expect(after).toContain('<p class="personal outbid" data-live="status">You have been outbid.</p>')
  })

  it('answers an htmx bid with the receipt, dated by the server, beside the form', async () => {
    const seller = await trader()
    const buyer = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock() })
    const res = await buyer.browser.post(`/listings/${id}/bids`, { amount: '1000', idempotency_key: generateToken() }, { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`data-bid-at="${clock().toISOString()}"`)
    expect(text(html)).toMatch(/Bid accepted at \d\d:\d\d:\d\d CET, 22 Nov 2026, by our clock: €1,000\.00\./)
  })
})
