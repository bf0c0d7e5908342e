// Buying is never one click: "Buy now" opens a review (what is bought, VAT, fee, collection,
// payment deadline), "Confirm purchase" POSTs with the price shown and is answered with a 303 to
// the listing, which then says it is sold to you. A price changed in between is refused; a
// company that may not buy gets the reason in words; nothing but a confirmation buys.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { TestBrowser } from '../support/browser.js'
import { createTestListing } from '../support/listing-factory.js'
import { formatMoney } from '../../src/lib/money.js'
import { PERMIT_REQUIRED_MESSAGE } from '../../src/compliance/hazardous-rules.js'

const { app, db, clock } = await createTestApp()
const seller = await createTestCompany(db, { status: 'approved', legalName: 'Säljare Returpapper AB' })

/** The page as a reader sees it: text only, spaces collapsed. */
const words = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/\s+/g, ' ')
const expectedPriceIn = (html: string) => /name="expected_price" value="(\d+)"/.exec(html)?.[1]
const dealOf = (listingId: string) => db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).execute()

async function buyer(country = 'SE') {
  const company = await createTestCompany(db, { status: 'approved', country })
  return { company, browser: await logInAs(app, company.owner) }
}

describe('the review step', () => {
  it('shows what is bought, its VAT, fee, collection terms and payment deadline, and buys nothing by itself', async () => {
    const { browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 150_000, title: 'Mixed office paper, 12 t', logistics_note: 'Loading dock open 7–15' })
    // The listing's button leads to the review with GET; it is not a purchase.
    const listingPage = await (await browser.get(`/listings/${id}`)).text()
    expect(listingPage).toMatch(new RegExp(`<form method="get" action="/listings/${id}/buy" class="buy-form">`))
    const res = await browser.get(`/listings/${id}/buy`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const text = words(html)
    for (const fact of [
      'Review your purchase', 'Mixed office paper, 12 t', 'Säljare Returpapper AB', 'Quantity 12 tonnes',
      '€1,500.00 for the lot, excl. VAT (about €125.00 per tonne)', 'Prices on NordicLoop exclude VAT',
      'VAT 25 % €375.00. 25 % Sweden VAT', 'Platform fee None for you', 'You pay €1,875.00 incl. VAT',
      'Buyer collects — Loading dock open 7–15. From 211 20 Malmö, Sweden', 'Within 5 working days of confirming: by',
    ]) expect(text).toContain(fact)
    // 22 November 2026 was a Sunday: five working days on is Friday 27 November.
    expect(html).toContain('datetime="2026-11-27T10:00:00.000Z"')
    expect(html).toContain(`action="/listings/${id}/buy"`)
    expect(html).toMatch(/<button type="submit">Confirm purchase<\/button>/)
    expect(expectedPriceIn(html)).toBe('150000')
    expect(await dealOf(id)).toEqual([])
  })

  it('confirms with a 303 to the listing, which says it is sold to you with no buy button; a reload or a second confirm buys nothing more', async () => {
    const { browser, company } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000 })
    const review = await (await browser.get(`/listings/${id}/buy`)).text()
    const res = await browser.post(`/listings/${id}/buy`, { expected_price: expectedPriceIn(review)! })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/listings/${id}`)
    const deals = await dealOf(id)
    expect(deals).toHaveLength(1)
    expect(deals[0]!.buyer_company_id).toBe(company.companyId)
    for (let reload = 0; reload < 2; reload++) {
      const page = await browser.get(`/listings/${id}`)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(words(html)).toContain('You bought this.')
      expect(html).not.toContain(`action="/listings/${id}/buy"`)
    }
    // Back to the review (the Back button, a bookmark): the lot is yours, so the listing shows it.
    const again = await browser.get(`/listings/${id}/buy`)
    expect([again.status, again.headers.get('location')]).toEqual([303, `/listings/${id}`])
    // The same confirmation sent twice (a double click, a resent form): still one deal.
    const twice = await browser.post(`/listings/${id}/buy`, { expected_price: '90000' })
    expect([twice.status, twice.headers.get('location')]).toEqual([303, `/listings/${id}`])
    expect(await dealOf(id)).toHaveLength(1)
  })

  it('shows the buyer exactly the VAT and total the deal then stores, for buyers in every demo country and materials with different rules', async () => {
    const categories = ['paper-cardboard', 'ferrous-metals', 'plastics', 'electronics-weee']
    const countries = ['SE', 'FI', 'DK', 'DE', 'NO']
    let n = 0
    for (const country of countries) {
      const { browser } = await buyer(country)
      for (const category of categories) {
        const price = 100_000 + 1_234 * ++n
        const id = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: price, category })
        const text = words(await (await browser.get(`/listings/${id}/buy`)).text())
        const shownTotal = /You pay (\S+) incl\. VAT/.exec(text)?.[1]
        const shownVat = /VAT(?: [\d.]+ %)? (\S+)\. /.exec(text)?.[1]
        expect((await browser.post(`/listings/${id}/buy`, { expected_price: String(price) })).status).toBe(303)
        const [deal] = await dealOf(id)
        const where = `${country} buyer, ${category}`
        expect(shownTotal, where).toBe(formatMoney(deal!.amount))
        expect(shownVat, where).toBe(formatMoney(deal!.vat_amount))
        expect(text, where).toContain(deal!.vat_note!)
      }
    }
  })

  it('offers an auction at its buy-now price while bidding is below it, and ends the auction when confirmed', async () => {
    const { browser, company } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock(), buy_now_price: 400_000 })
    const page = await (await browser.get(`/listings/${id}`)).text()
    // On an auction "Buy now" comes after the bid form, as its secondary action.
    expect(page.indexOf('class="buy-form"')).toBeGreaterThan(page.indexOf('class="bid-form'))
    const review = await (await browser.get(`/listings/${id}/buy`)).text()
    expect(words(review)).toContain('€4,000.00 for the lot, excl. VAT (about €333.33 per tonne). Buying now ends the auction at once.')
    expect((await browser.post(`/listings/${id}/buy`, { expected_price: expectedPriceIn(review)! })).status).toBe(303)
    const listing = await db.selectFrom('listings').select(['status', 'outcome', 'leading_company_id']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(listing).toEqual({ status: 'ended', outcome: 'sold', leading_company_id: company.companyId })
    expect(words(await (await browser.get(`/listings/${id}`)).text())).toContain('You won this auction.')
  })

  it('refuses a price changed since the review, shows the review again with the new price, and buys at it once confirmed', async () => {
    const { browser } = await buyer()
    const auction = await createTestListing(db, seller.companyId, { now: clock(), buy_now_price: 400_000 })
    const lot = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000 })
    for (const [id, column, changed] of [[auction, 'buy_now_price', 350_000], [lot, 'fixed_price', 95_000]] as const) {
      const reviewed = expectedPriceIn(await (await browser.get(`/listings/${id}/buy`)).text())!
      await db.updateTable('listings').set({ [column]: changed }).where('id', '=', id).execute()
      const res = await browser.post(`/listings/${id}/buy`, { expected_price: reviewed })
      expect(res.status).toBe(409)
      const html = await res.text()
      expect(words(html)).toContain(`The price has changed since you reviewed it: it is now ${formatMoney(changed)}.`)
      expect(expectedPriceIn(html)).toBe(String(changed))
      expect(await dealOf(id)).toEqual([])
      expect((await browser.post(`/listings/${id}/buy`, { expected_price: String(changed) })).status).toBe(303)
      expect((await dealOf(id))[0]!.amount).toBeGreaterThanOrEqual(changed)
    }
  })

  it('refuses a confirmation that did not come from the review page with the review again, a 422, and buys nothing', async () => {
    const { browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000 })
    for (const bad of ['', 'abc', '-1', '9e9', '90000.5', '１２']) {
      const res = await browser.post(`/listings/${id}/buy`, { expected_price: bad })
      expect(res.status, JSON.stringify(bad)).toBe(422)
      expect(words(await res.text())).toContain('This confirmation did not come from the review page.')
    }
    expect(await dealOf(id)).toEqual([])
  })

  it('gives every company that may not buy the reason in words, never a 500, and a visitor the way to log in', async () => {
    const { browser } = await buyer()
    const sellerBrowser = await logInAs(app, seller.owner)
    const pending = await createTestCompany(db, { status: 'pending' })
    const pendingBrowser = await logInAs(app, pending.owner)
    const fixed = () => createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000 })
    const hazardous = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000, ewc_code: '130205', category: 'chemicals-hazardous' })
    const withdrawn = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', status: 'withdrawn' })
    const passed = await createTestListing(db, seller.companyId, { now: clock(), buy_now_price: 200_000, current_price: 210_000, bid_count: 3 })
    const noBuyNow = await createTestListing(db, seller.companyId, { now: clock() })
    const soldElsewhere = await fixed()
    const other = await buyer()
    expect((await other.browser.post(`/listings/${soldElsewhere}/buy`, { expected_price: '90000' })).status).toBe(303)
    const own = await fixed()

    const cases: Array<[TestBrowser, string, number, string]> = [
      [sellerBrowser, own, 403, 'This is your own listing.'],
      [browser, hazardous, 403, PERMIT_REQUIRED_MESSAGE],
      [browser, withdrawn, 409, 'This listing is not on the market.'],
      [browser, passed, 409, 'Bidding has passed the buy-now price; place a bid instead.'],
      [browser, noBuyNow, 409, 'This auction has no buy-now price.'],
      [browser, soldElsewhere, 409, 'This lot has been sold to another buyer.'],
      [pendingBrowser, await fixed(), 403, 'Your company is awaiting approval by NordicLoop.'],
    ]
    for (const [who, id, status, reason] of cases) {
      for (const method of ['GET', 'POST'] as const) {
        const res = method === 'GET' ? await who.get(`/listings/${id}/buy`) : await who.post(`/listings/${id}/buy`, { expected_price: '90000' })
        const text = words(await res.text())
        expect(res.status, `${method} ${reason}`).toBe(status)
        expect(text, `${method} ${reason}`).toContain(reason)
      }
    }
    const hazardPage = await (await browser.get(`/listings/${hazardous}/buy`)).text()
    expect(hazardPage).toContain('href="/account/permits"')
    expect(await db.selectFrom('deals').select('id').where('listing_id', 'in', [own, hazardous, withdrawn, passed, noBuyNow]).execute()).toEqual([])

    const visitor = await new TestBrowser(app).get(`/listings/${own}/buy`)
    expect([visitor.status, visitor.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent(`/listings/${own}/buy`)}`])
    expect((await browser.get('/listings/3f2b8c1e-6d4a-4f7e-9b1c-2a5d8e9f0a1b/buy')).status).toBe(404)
  })

  it('answers htmx with a redirect to the listing as a whole page', async () => {
    const { browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000 })
    const res = await browser.post(`/listings/${id}/buy`, { expected_price: '90000' }, { htmx: true })
    expect(res.headers.get('hx-redirect')).toBe(`/listings/${id}`)
  })
})
