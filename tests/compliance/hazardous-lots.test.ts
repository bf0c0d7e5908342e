// Hazardous lots go only to companies holding a verified waste permit that has not expired:
// every permit state × every way of taking a lot, through the app, on a hazardous lot and on an
// ordinary one. The test clock reads 2026-11-22 (Stockholm), so a permit expiring that day no
// longer counts and one expiring the next day still does.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { generateToken } from '../../src/lib/tokens.js'
import { PERMIT_REQUIRED_MESSAGE } from '../../src/compliance/hazardous-rules.js'
import { givePermit, type PermitState } from './permit-world.js'

/** The label itself (views/components/hazard-label.tsx), not the words elsewhere on a page (a report form's reasons). */
const HAZARD_LABEL = /<strong class="hazard"[^>]*>Hazardous waste<\/strong>/

const { app, db, clock } = await createTestApp()
const seller = await createTestCompany(db, { status: 'approved' })

type Holding = { name: string; permits: Array<[PermitState, string]>; counts: boolean }
const HOLDINGS: Holding[] = [
  { name: 'no permit', permits: [], counts: false },
  { name: 'a permit submitted, not verified', permits: [['submitted', '2028-01-01']], counts: false },
  { name: 'a rejected permit', permits: [['rejected', '2028-01-01']], counts: false },
  { name: 'a verified permit that has expired', permits: [['verified', '2026-10-31']], counts: false },
  { name: 'a verified permit expiring today', permits: [['verified', '2026-11-22']], counts: false },
  { name: 'a verified permit expiring tomorrow', permits: [['verified', '2026-11-23']], counts: true },
  { name: 'a verified, valid permit', permits: [['verified', '2027-06-30']], counts: true },
  { name: 'an expired permit and a valid renewal', permits: [['verified', '2026-10-31'], ['verified', '2027-06-30']], counts: true },
]

type Way = { name: string; lot: Record<string, unknown>; take: (b: Awaited<ReturnType<typeof logInAs>>, id: string) => Promise<Response> }
const WAYS: Way[] = [
  { name: 'a bid', lot: {}, take: (b, id) => b.post(`/listings/${id}/bids`, { amount: '1000', idempotency_key: generateToken() }) },
  { name: 'a proxy bid', lot: {}, take: (b, id) => b.post(`/listings/${id}/bids`, { amount: '1000', max_amount: '1800', idempotency_key: generateToken() }) },
  { name: 'buy-now', lot: { buy_now_price: 300_000 }, take: (b, id) => b.post(`/listings/${id}/buy`, {}) },
  { name: 'a fixed-price purchase', lot: { sale_type: 'fixed_price' }, take: (b, id) => b.post(`/listings/${id}/buy`, {}) },
]

async function buyerWith(holding: Holding) {
  const company = await createTestCompany(db, { status: 'approved' })
  for (const [state, expiresOn] of holding.permits) await givePermit(db, company.companyId, state, expiresOn)
  return { company, browser: await logInAs(app, company.owner) }
}

async function taken(listingId: string, companyId: string) {
  const [bids, listing] = await Promise.all([
    db.selectFrom('bids').select('id').where('listing_id', '=', listingId).where('company_id', '=', companyId).execute(),
    db.selectFrom('listings').select(['status', 'version', 'leading_company_id']).where('id', '=', listingId).executeTakeFirstOrThrow(),
  ])
  return { bids: bids.length, listing }
}

describe('who may take a hazardous lot', () => {
  const cases = HOLDINGS.flatMap((holding) => WAYS.map((way) => ({ holding, way })))
  it.each(cases.map((c) => [c.holding.name, c.way.name, c] as const))('with %s, %s', async (_h, _w, { holding, way }) => {
    const { company, browser } = await buyerWith(holding)
    const listingId = await createTestListing(db, seller.companyId, { ewc_code: '130205', category: 'chemicals-hazardous', now: clock(), ...way.lot })
    const before = await taken(listingId, company.companyId)
    const res = await way.take(browser, listingId)
    const after = await taken(listingId, company.companyId)
    if (holding.counts) {
      expect([200, 303]).toContain(res.status)
      expect(after.bids + (after.listing.status === 'ended' ? 1 : 0)).toBeGreaterThan(0)
    } else {
      expect(res.status).toBe(403)
      expect((await res.text()).replace(/&#39;/g, "'")).toContain(PERMIT_REQUIRED_MESSAGE)
      expect(after).toEqual(before)
      expect(await db.selectFrom('deals').select('id').where('listing_id', '=', listingId).execute()).toEqual([])
    }
  })

  it.each(WAYS.map((w) => [w.name, w] as const))('an ordinary lot takes %s from a company without a permit', async (_w, way) => {
    const { company, browser } = await buyerWith(HOLDINGS[0])
    const listingId = await createTestListing(db, seller.companyId, { ewc_code: '150101', now: clock(), ...way.lot })
    const res = await way.take(browser, listingId)
    expect([200, 303]).toContain(res.status)
    const after = await taken(listingId, company.companyId)
    expect(after.bids + (after.listing.status === 'ended' ? 1 : 0)).toBeGreaterThan(0)
  })
})

describe('the listing page of a hazardous lot', () => {
  it('labels the lot, and tells a company without a permit why it cannot bid and what to do, instead of the form', async () => {
    const listingId = await createTestListing(db, seller.companyId, { ewc_code: '130205', category: 'chemicals-hazardous', now: clock(), buy_now_price: 300_000 })
    const without = await buyerWith(HOLDINGS[4])
    const page = (await (await without.browser.get(`/listings/${listingId}`)).text()).replace(/&#39;/g, "'")
    expect(page).toMatch(HAZARD_LABEL)
    expect(page).toContain(PERMIT_REQUIRED_MESSAGE)
    expect(page).toContain('href="/account/permits"')
    expect(page).not.toContain('name="amount"')
    expect(page).not.toContain(`action="/listings/${listingId}/buy"`)

    const holder = await buyerWith(HOLDINGS[6])
    const ok = await (await holder.browser.get(`/listings/${listingId}`)).text()
    expect(ok).toMatch(HAZARD_LABEL)
    expect(ok).toContain('name="amount"')
    expect(ok).toContain(`action="/listings/${listingId}/buy"`)
    expect(ok).not.toContain('Upload a waste permit')
  })

  it('shows an ordinary lot with its forms and no hazard label to a company without a permit', async () => {
    const listingId = await createTestListing(db, seller.companyId, { ewc_code: '150101', now: clock() })
    const page = await (await (await buyerWith(HOLDINGS[0])).browser.get(`/listings/${listingId}`)).text()
    expect(page).not.toMatch(HAZARD_LABEL)
    expect(page).toContain('name="amount"')
  })
})

describe('the hazardous-waste label', () => {
  it('shows on search cards, the home page, watchlists, my bids, my listings, purchases, the deal page and the sale emails', async () => {
    const holder = await buyerWith(HOLDINGS[6])
    const sellerBrowser = await logInAs(app, seller.owner)
    const auctionId = await createTestListing(db, seller.companyId, { ewc_code: '130205', category: 'chemicals-hazardous', now: clock(), title: 'Waste oil drums' })
    const lotId = await createTestListing(db, seller.companyId, { ewc_code: '130205', category: 'chemicals-hazardous', now: clock(), sale_type: 'fixed_price', title: 'Oily rags' })
    expect((await holder.browser.post(`/listings/${auctionId}/bids`, { amount: '1000', idempotency_key: generateToken() })).status).toBe(303)
    expect((await holder.browser.post(`/listings/${auctionId}/watch`, { back: `/listings/${auctionId}` })).status).toBeLessThan(400)
    expect((await holder.browser.post(`/listings/${lotId}/buy`, {})).status).toBe(303)
    const deal = await db.selectFrom('deals').select('id').where('listing_id', '=', lotId).executeTakeFirstOrThrow()
    const pages: Array<[string, Awaited<ReturnType<typeof logInAs>>]> = [
      ['/listings', holder.browser], ['/', holder.browser], ['/watching', holder.browser], ['/my/bids', holder.browser],
      ['/my/purchases', holder.browser], [`/deals/${deal.id}`, holder.browser], ['/my/listings', sellerBrowser],
    ]
    for (const [path, browser] of pages) {
      const res = await browser.get(path)
      expect(res.status, path).toBe(200)
      expect(await res.text(), path).toMatch(HAZARD_LABEL)
    }
    const emails = await db.selectFrom('outbox').select(['template', 'text_body']).where('template', 'in', ['purchase-confirmation', 'item-sold'])
      .where('text_body', 'like', '%Oily rags%').execute()
    expect(emails.map((e) => e.template).sort()).toEqual(['item-sold', 'purchase-confirmation'])
    for (const e of emails) expect(e.text_body).toContain('Hazardous waste')
  })
})
