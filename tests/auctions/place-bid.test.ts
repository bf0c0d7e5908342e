import { describe, expect, it } from 'vitest'
import { createTestApp, testConfig } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { generateToken } from '../../src/lib/tokens.js'
import { dealTerms } from '../../src/deals/terms.js'

const { app, db, clock } = await createTestApp()
const key = () => generateToken()

async function bidder(status: 'approved' | 'pending' | 'suspended' = 'approved') {
  const company = await createTestCompany(db, { status })
  return { company, browser: await logInAs(app, company.owner) }
}
async function auction(overrides: Parameters<typeof createTestListing>[2] = {}) {
  const seller = await bidder()
  const id = await createTestListing(db, seller.company.companyId, { now: clock(), ...overrides })
  return { seller, id }
}
const bid = (b: TestBrowser, id: string, amount: string, extra: Record<string, string> = {}) =>
  b.post(`/listings/${id}/bids`, { amount, idempotency_key: key(), ...extra })
const listing = (id: string) => db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const history = (id: string) => db.selectFrom('bids').select(['company_id', 'amount', 'kind']).where('listing_id', '=', id).orderBy('id').execute()

describe('placing bids over HTTP', () => {
  it('accepts a bid at the start price, then requires the increment, with the amount in the message', async () => {
    const { id } = await auction()
    const a = await bidder()
    const first = await bid(a.browser, id, '1000')
    expect(first.status).toBe(303)
    expect((await listing(id)).current_price).toBe(100_000)
    const b = await bidder()
    const low = await bid(b.browser, id, '1 049,99')
    expect(low.status).toBe(422)
    expect(await low.text()).toContain('Your bid must be at least €1,050.00.')
    expect((await bid(b.browser, id, '1050')).status).toBe(303)
    expect((await listing(id)).bid_count).toBe(2)
  })

  it('answers htmx with the form alone, with the result and a fresh key', async () => {
    const { id } = await auction()
    const a = await bidder()
    const res = await a.browser.post(`/listings/${id}/bids`, { amount: '1000', idempotency_key: key() }, { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^<form/)
    expect(html).toContain('you are the highest bidder at €1,000.00')
  })

  it('refuses the seller, unapproved and suspended companies, and visitors', async () => {
    const { seller, id } = await auction()
    const own = await bid(seller.browser, id, '1000')
    expect(own.status).toBe(409)
    expect(await own.text()).toContain('You cannot bid on your own listing.')
    for (const status of ['pending', 'suspended'] as const) {
      const x = await bidder(status)
      const res = await bid(x.browser, id, '1000')
      expect(res.status).toBe(403)
    }
    const visitor = await new TestBrowser(app).post(`/listings/${id}/bids`, { amount: '1000', idempotency_key: key() })
    expect(visitor.status).toBe(401)
    expect(await history(id)).toHaveLength(0)
  })

  it('refuses bids before the start and at the end time exactly', async () => {
    const now = clock()
    const early = await auction({ starts_at: new Date(now.getTime() + 3600_000), ends_at: new Date(now.getTime() + 7200_000) })
    const a = await bidder()
    const res = await bid(a.browser, early.id, '1000')
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('Bidding has not started yet.')
    const ending = await auction({ ends_at: now })
    const atEnd = await bid(a.browser, ending.id, '1000')
    expect(atEnd.status).toBe(409)
    expect(await atEnd.text()).toContain('This auction has ended')
  })

  it('keeps idempotency keys apart between companies', async () => {
    const { id } = await auction()
    const a = await bidder()
    const b = await bidder()
    const shared = key()
    expect((await a.browser.post(`/listings/${id}/bids`, { amount: '1000', idempotency_key: shared })).status).toBe(303)
    expect((await b.browser.post(`/listings/${id}/bids`, { amount: '1100', idempotency_key: shared })).status).toBe(303)
    expect(await history(id)).toHaveLength(2)
  })

  it('places one bid for a double-submitted form', async () => {
    const { id } = await auction()
    const a = await bidder()
    const same = { amount: '1000', idempotency_key: key() }
    const [r1, r2] = await Promise.all([a.browser.post(`/listings/${id}/bids`, same), a.browser.post(`/listings/${id}/bids`, same)])
    expect([r1.status, r2.status]).toEqual([303, 303])
    expect(await history(id)).toHaveLength(1)
  })

  it('bids for a proxy and tells the newcomer they were beaten at once', async () => {
    const { id } = await auction()
    const a = await bidder()
    const b = await bidder()
    await bid(a.browser, id, '1000', { max_amount: '2000' })
    const res = await b.browser.post(`/listings/${id}/bids`, { amount: '1500', idempotency_key: key() }, { htmx: true })
    expect(await res.text()).toContain('another bidder&#39;s maximum is higher: the price is now €1,550.00')
    const l = await listing(id)
    expect(l.current_price).toBe(155_000)
    expect(l.leading_company_id).toBe(a.company.companyId)
    expect((await history(id)).map((h) => [h.amount, h.kind])).toEqual([[100_000, 'bid'], [150_000, 'bid'], [155_000, 'auto']])
  })

  it('extends the end when bidding in the last 2 minutes', async () => {
    const now = clock()
    const { id } = await auction({ ends_at: new Date(now.getTime() + 60_000) })
    const a = await bidder()
    await bid(a.browser, id, '1000')
    expect((await listing(id)).ends_at!.getTime()).toBe(now.getTime() + 120_000)
  })

  it('emails the outbid company at most once per 10 minutes', async () => {
    const { id } = await auction()
    const a = await bidder()
    const b = await bidder()
    const outbidMails = async () => (await db.selectFrom('outbox').select('id').where('template', '=', 'outbid').where('to_address', '=', a.company.owner.email).execute()).length
    await bid(a.browser, id, '1000')
    await bid(b.browser, id, '1100')
    expect(await outbidMails()).toBe(1)
    const mail = await db.selectFrom('outbox').select('text_body').where('template', '=', 'outbid').where('to_address', '=', a.company.owner.email).executeTakeFirstOrThrow()
    expect(mail.text_body).toContain(`http://localhost:3000/listings/${id}`)
    await bid(a.browser, id, '1200')
    await bid(b.browser, id, '1300')
    expect(await outbidMails()).toBe(1)
    clock.advance(10 * 60_000 + 1)
    await bid(a.browser, id, '1400')
    await bid(b.browser, id, '1500')
    expect(await outbidMails()).toBe(2)
  })

  it('rejects malformed input with 422 and changes nothing', async () => {
    const { id } = await auction()
    const a = await bidder()
    for (const fields of <Record<string, string>[]>[{ amount: 'lots', idempotency_key: key() }, { amount: '', idempotency_key: key() }, { amount: '1000', idempotency_key: 'x' }, { amount: '1000', max_amount: 'abc', idempotency_key: key() }]) {
      expect((await a.browser.post(`/listings/${id}/bids`, fields)).status).toBe(422)
    }
    expect((await a.browser.post('/listings/not-a-uuid/bids', { amount: '1000', idempotency_key: key() })).status).toBe(404)
    expect(await history(id)).toHaveLength(0)
  })
})

describe('buying', () => {
  it('sells a fixed-price listing to exactly one of two buyers pressing Buy at once', async () => {
    const { id } = await auction({ sale_type: 'fixed_price' })
    const a = await bidder()
    const b = await bidder()
    const [ra, rb] = await Promise.all([a.browser.post(`/listings/${id}/buy`, {}), b.browser.post(`/listings/${id}/buy`, {})])
    const statuses = [ra.status, rb.status].sort()
    expect(statuses).toEqual([303, 409])
    const loser = ra.status === 409 ? ra : rb
    expect(await loser.text()).toContain('This lot has been sold to another buyer.')
    const sales = await db.selectFrom('deals').selectAll().where('listing_id', '=', id).execute()
    expect(sales).toHaveLength(1)
    expect(sales[0]).toMatchObject({ net_amount: 150_000, kind: 'fixed_price', status: 'awaiting_payment' }) // the price; the deal adds the VAT
    expect((await listing(id))).toMatchObject({ status: 'ended', outcome: 'sold' })
    const buyer = ra.status === 303 ? a : b
    expect(await db.selectFrom('outbox').select('template').where('to_address', '=', buyer.company.owner.email).where('template', '=', 'purchase-confirmation').execute()).toHaveLength(1)
  })

  it('ends an auction at once with buy-now, also after bids, but not once bidding passed it', async () => {
    const { id } = await auction({ buy_now_price: 300_000 })
    const a = await bidder()
    const b = await bidder()
    await bid(a.browser, id, '1000')
    expect((await b.browser.post(`/listings/${id}/buy`, {})).status).toBe(303)
    expect(await listing(id)).toMatchObject({ status: 'ended', outcome: 'sold', current_price: 300_000, leading_company_id: b.company.companyId })
    const late = await bid(a.browser, id, '4000')
    expect(late.status).toBe(409)

    const other = await auction({ buy_now_price: 120_000 })
    await bid(a.browser, other.id, '1300')
    const refused = await b.browser.post(`/listings/${other.id}/buy`, {})
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('Bidding has passed the buy-now price')
  })
})

describe('closing', () => {
  it('sells to the highest bid at or above the reserve, once, and emails winner and seller', async () => {
    const now = clock()
    const { seller, id } = await auction({ reserve_price: 120_000 })
    const a = await bidder()
    await bid(a.browser, id, '1300')
    await db.updateTable('listings').set({ ends_at: now }).where('id', '=', id).execute()
    expect(await closeExpiredAuctions(db, { now, terms: dealTerms(testConfig()) })).toBeGreaterThanOrEqual(1)
    expect(await closeExpiredAuctions(db, { now, terms: dealTerms(testConfig()) })).toBe(0)
    expect(await listing(id)).toMatchObject({ status: 'ended', outcome: 'sold' })
    expect(await db.selectFrom('deals').select('net_amount').where('listing_id', '=', id).execute()).toEqual([{ net_amount: 130_000 }])
    const won = await db.selectFrom('outbox').select('text_body').where('template', '=', 'auction-won').where('to_address', '=', a.company.owner.email).execute()
    expect(won).toHaveLength(1)
    expect(won[0].text_body).toContain(`http://localhost:3000/listings/${id}`)
    expect(await db.selectFrom('outbox').select('id').where('template', '=', 'item-sold').where('to_address', '=', seller.company.owner.email).execute()).toHaveLength(1)
  })

  it('ends unsold below the reserve and with no bids, telling the seller why', async () => {
    const now = clock()
    const below = await auction({ reserve_price: 500_000 })
    const a = await bidder()
    await bid(a.browser, below.id, '1000')
    const none = await auction()
    await db.updateTable('listings').set({ ends_at: now }).where('id', 'in', [below.id, none.id]).execute()
    await closeExpiredAuctions(db, { now, terms: dealTerms(testConfig()) })
    expect(await listing(below.id)).toMatchObject({ status: 'ended', outcome: 'unsold' })
    expect(await listing(none.id)).toMatchObject({ status: 'ended', outcome: 'unsold' })
    expect(await db.selectFrom('deals').select('id').where('listing_id', 'in', [below.id, none.id]).execute()).toHaveLength(0)
    const texts = await db.selectFrom('outbox').select('text_body').where('template', '=', 'no-sale')
      .where('to_address', 'in', [below.seller.company.owner.email, none.seller.company.owner.email]).execute()
    expect(texts.map((t) => t.text_body).join('\n')).toMatch(/below your reserve[\s\S]*without bids|without bids[\s\S]*below your reserve/)
  })
})

describe('the auction page', () => {
  it('shows bidders as numbers, the viewer as You, and the reserve as met or not', async () => {
    const { id } = await auction({ reserve_price: 110_000 })
    const a = await bidder()
    const b = await bidder()
    await bid(a.browser, id, '1000')
    await bid(b.browser, id, '1100')
    const html = await (await a.browser.get(`/listings/${id}`)).text()
    expect(html).toContain('You have been outbid.')
    expect(html).toContain('Bidder 2')
    expect(html).toContain('You')
    expect(html).toContain('reserve met')
    expect(html).not.toContain(b.company.legalName)
    expect(html).not.toContain('1,100.00 reserve')
    expect(html).toContain(`hx-sse:connect="/listings/${id}/live?v=`)
    const bHtml = await (await b.browser.get(`/listings/${id}`)).text()
    expect(bHtml).toContain('You are the highest bidder.')
  })

  it('says when bidding opens on an auction that has not started', async () => {
    const now = clock()
    const { id } = await auction({ starts_at: new Date(now.getTime() + 3600_000), ends_at: new Date(now.getTime() + 7200_000) })
    const a = await bidder()
    const html = await (await a.browser.get(`/listings/${id}`)).text()
    expect(html).toContain(`Bidding opens <time datetime="${new Date(now.getTime() + 3600_000).toISOString()}">`)
    expect(html).toContain('Bidding has not started yet.')
    expect(html).not.toContain('Place bid')
  })
})
