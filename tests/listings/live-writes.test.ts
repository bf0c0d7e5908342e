// Every write that changes what a watcher of a listing sees reaches an open page: for each
// one, a live stream opened before the write receives the new version with the new state, and a
// page that reconnects with an older Last-Event-ID catches up. Also: suspending a company takes
// its bids out of live auctions by replaying the rest through the bidding rules, and a close
// never sells to a company that may not trade.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { TEST_BASE_URL, testConfig } from '../support/test-app.js'
import { phoneJpeg } from '../images/sample-images.js'
import { uploadPhotos } from '../images/upload.js'
import { generateToken } from '../../src/lib/tokens.js'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { applyBid, type AuctionState } from '../../src/auctions/bidding.js'
import { dealTerms } from '../../src/deals/terms.js'

const { app, db, clock } = await createTestApp()
const FRAME_TIMEOUT = 10_000

type Frame = { id: string | null; event: string | null; data: string }

/** An open live stream of a listing page, read frame by frame. */
async function openStream(browser: TestBrowser | null, listingId: string, headers: Record<string, string> = {}) {
  const cookie = browser ? [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : ''
  const version = (await db.selectFrom('listings').select('version').where('id', '=', listingId).executeTakeFirstOrThrow()).version
  const res = await app.request(`${TEST_BASE_URL}/listings/${listingId}/live?v=${version}`, { headers: { cookie, ...headers } })
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const frames: Frame[] = []
  let waiting = null as (() => void) | null
  let ended = false
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      let cut: number
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const raw = buffer.slice(0, cut)
        buffer = buffer.slice(cut + 2)
        const lines = raw.split('\n')
        if (lines.every((l) => l.startsWith(':'))) continue
        frames.push({
          id: lines.find((l) => l.startsWith('id: '))?.slice(4) ?? null,
          event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null,
          data: lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'),
        })
        waiting?.()
      }
    }
    ended = true
    waiting?.()
  })()
  return {
    frames,
    get ended() { return ended },
    /** The first frame (from `from` on) that matches; fails after a generous timeout. */
    async waitFor(match: (f: Frame) => boolean, what: string, from = 0): Promise<Frame> {
      const deadline = Date.now() + FRAME_TIMEOUT
      for (;;) {
        const found = frames.slice(from).find(match)
        if (found) return found
        if (ended || Date.now() > deadline) throw new Error(`no frame ${what}; got ${JSON.stringify(frames.map((f) => [f.id, f.event, f.data.slice(0, 120)]))}`)
        await new Promise<void>((resolve) => { waiting = resolve; setTimeout(resolve, 200) })
      }
    },
    close: () => reader.cancel(),
  }
}

const versionOf = async (id: string) => String((await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version)

async function trader() {
  const company = await createTestCompany(db, { status: 'approved' })
  return { company, browser: await logInAs(app, company.owner) }
}

async function bid(browser: TestBrowser, id: string, amount: string, max = '') {
  const res = await browser.post(`/listings/${id}/bids`, { amount, max_amount: max, idempotency_key: generateToken() })
  expect(res.status, await res.clone().text()).toBe(303)
  return res
}

const iso = (d: Date) => d.toISOString().slice(0, 16)

describe('every write a watcher sees arrives on an open page', () => {
  it('a bid, a new end time, a lower reserve and buy-now, then a photo — each as a new version', async () => {
    const seller = await trader()
    const buyer = await trader()
    const now = clock()
    const endsAt = new Date(now.getTime() + 2 * 86400_000)
    const id = await createTestListing(db, seller.company.companyId, { now, reserve_price: 150_000, buy_now_price: 400_000, ends_at: endsAt })
    const { starts_at } = await db.selectFrom('listings').select('starts_at').where('id', '=', id).executeTakeFirstOrThrow()
    const stream = await openStream(buyer.browser, id)
    const visitor = await openStream(null, id)

    await bid(buyer.browser, id, '1000')
    const v1 = await versionOf(id)
    expect((await stream.waitFor((f) => f.id === v1, 'after the bid')).data).toContain('You are the highest bidder.')
    expect((await visitor.waitFor((f) => f.id === v1, 'after the bid, for a visitor')).data).toContain('€1,000.00')

    const later = new Date(endsAt.getTime() + 6 * 3600_000)
    const terms = { start_price: '1000', bid_increment: '50', reserve_price: '1200', buy_now_price: '3000', starts_at: iso(starts_at!), ends_at: iso(later), tz: 'UTC' }
    expect((await seller.browser.post(`/listings/${id}/terms`, terms)).status).toBe(303)
    const v2 = await versionOf(id)
    const f2 = await stream.waitFor((f) => f.id === v2, 'after the terms change')
    expect(f2.data).toContain(later.toISOString())
    expect(f2.data).toContain('buy now €3,000.00')
    expect(f2.data).toContain('reserve not met')

    const upload = await uploadPhotos(seller.browser, id, [{ name: 'bale.jpg', bytes: await phoneJpeg(640, 480) }])
    expect(upload.status).toBe(303)
    const v3 = await versionOf(id)
    expect(Number(v3)).toBeGreaterThan(Number(v2))
    await stream.waitFor((f) => f.id === v3, 'after a new photo')

    // A page that missed all of it reconnects with its old version and gets the current state.
    const late = await openStream(buyer.browser, id, { 'last-event-id': '0' })
    expect((await late.waitFor((f) => f.id === v3, 'on reconnect')).data).toContain(later.toISOString())
    for (const s of [stream, visitor, late]) await s.close()
  })

  it('a buy-now purchase ends the auction on every open page, with the closed event', async () => {
    const seller = await trader()
    const buyer = await trader()
    const other = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock(), buy_now_price: 400_000 })
    const stream = await openStream(other.browser, id)
    const res = await buyer.browser.post(`/listings/${id}/buy`, {})
    expect(res.status).toBeLessThan(400)
    const v = await versionOf(id)
    expect((await stream.waitFor((f) => f.id === v, 'after buy-now')).data).toContain('Ended — sold')
    await stream.waitFor((f) => f.event === 'closed', 'closed')
  })

  it('a fixed-price purchase shows "Sold" on open pages, and "You bought this." to the buyer', async () => {
    const seller = await trader()
    const buyer = await trader()
    const other = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000 })
    const watching = await openStream(other.browser, id)
    const own = await openStream(buyer.browser, id)
    expect((await buyer.browser.post(`/listings/${id}/buy`, {})).status).toBeLessThan(400)
    const v = await versionOf(id)
    expect((await watching.waitFor((f) => f.id === v, 'after the purchase')).data).toContain('Sold')
    expect((await own.waitFor((f) => f.id === v, 'after the purchase, to the buyer')).data).toContain('You bought this.')
    // The buyer's next load of the page has no buy button left.
    const page = await (await buyer.browser.get(`/listings/${id}`)).text()
    expect(page).not.toContain(`action="/listings/${id}/buy"`)
  })

  it('the close, a seller’s withdrawal and an admin’s withdrawal each reach open pages', async () => {
    const seller = await trader()
    const bidder = await trader()
    const now = clock()
    const closing = await createTestListing(db, seller.company.companyId, { now, ends_at: new Date(now.getTime() + 60_000) })
    const withdrawnBySeller = await createTestListing(db, seller.company.companyId, { now })
    const withdrawnByAdmin = await createTestListing(db, seller.company.companyId, { now, sale_type: 'fixed_price', fixed_price: 50_000 })
    const [s1, s2, s3] = await Promise.all([closing, withdrawnBySeller, withdrawnByAdmin].map((id) => openStream(bidder.browser, id)))

    expect((await seller.browser.post(`/listings/${withdrawnBySeller}/withdraw`, {})).status).toBe(303)
    expect((await s2.waitFor((f) => f.id === '1', 'after the seller withdrew')).data).toContain('Withdrawn — no longer for sale')
    await s2.waitFor((f) => f.event === 'closed', 'closed after the seller withdrew')

    const admin = await logInAs(app, await createTestAdmin(db))
    expect((await admin.post(`/admin/listings/${withdrawnByAdmin}/withdraw`, { reason: 'Not the material described' })).status).toBe(303)
    expect((await s3.waitFor((f) => f.id === '1', 'after the admin withdrew')).data).toContain('Withdrawn — no longer for sale')

    clock.advance(120_000)
    await closeExpiredAuctions(db, { now: clock(), terms: dealTerms(testConfig()) })
    expect((await s1.waitFor((f) => f.id === '1', 'after the close')).data).toContain('Ended — not sold')
    clock.set(now)

    // Reconnecting to a withdrawn listing still tells the page why bidding stopped.
    const again = await openStream(bidder.browser, withdrawnBySeller, { 'last-event-id': '0' })
    expect((await again.waitFor((f) => f.id === '1', 'on reconnect to a withdrawn listing')).data).toContain('Withdrawn')
  })
})

describe('every frame is one consistent state', () => {
  it('pages that connect while bids commit never get a price without its history (40 races)', async () => {
    const seller = await trader()
    const bidders = await Promise.all([trader(), trader()])
    const id = await createTestListing(db, seller.company.companyId, { now: clock() })
    const frames: Frame[] = []
    for (let round = 0; round < 40; round += 1) {
      // A page connects at the moment a bid commits: its first frame is read while the bid writes.
      const [stream] = await Promise.all([
        openStream(null, id, { 'last-event-id': '0' }),
        bid(bidders[round % 2].browser, id, String(1000 + round * 50)),
      ])
      const v = await versionOf(id)
      frames.push(await stream.waitFor((f) => Number(f.id) >= Number(v), `round ${round}`))
      await stream.close()
    }
    for (const f of frames) {
      const count = Number(/(\d+) bids?</.exec(f.data)?.[1])
      const price = /data-live="price">([^<]+)</.exec(f.data)?.[1]
      const lines = f.data.match(/<li>/g)?.length ?? 0
      expect(lines, `frame ${f.id}: ${count} bids but ${lines} lines in the history`).toBe(Math.min(count, 15))
      expect(f.data, `frame ${f.id}: the price is the latest bid`).toMatch(new RegExp(`<li>[^<]*<strong>${price!.replace(/[.$]/g, '\\$&')}</strong>`))
    }
  })
})

describe('a company that may no longer trade never wins', () => {
  /** The price and leader that the bidding rules give for these bids, in order. */
  function replay(bids: { companyId: string; amount: number; max: number | null }[], start: number, increment: number, reserve: number | null) {
    let s: AuctionState = { startPrice: start, increment, reservePrice: reserve, buyNowPrice: null, currentPrice: null, bidCount: 0,
      startsAt: new Date(0), endsAt: new Date(8.64e15), leader: null }
    for (const b of bids) {
      const o = applyBid(s, { ...b, at: new Date(1) }, String)
      if (o.ok) s = { ...s, currentPrice: o.lines.length ? o.currentPrice : s.currentPrice, bidCount: s.bidCount + o.lines.length, leader: o.leader }
    }
    return s
  }

  it('suspension withdraws its bids from every live auction; each is worked out again from the rest; pages and bidders are told', async () => {
    const seller = await trader()
    const people = await Promise.all([trader(), trader(), trader()])
    const [a, b, c] = people
    const admin = await logInAs(app, await createTestAdmin(db))
    // Many generated auctions: random bidding sequences over three companies, with and without
    // proxy maximums and reserves; then company `b` is suspended.
    let seed = 7
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647)
    const auctions: { id: string; bids: { companyId: string; amount: number; max: number | null }[]; reserve: number | null }[] = []
    for (let n = 0; n < 12; n += 1) {
      const reserve = n % 3 === 0 ? 160_000 : null
      const id = await createTestListing(db, seller.company.companyId, { now: clock(), reserve_price: reserve })
      const sent: { companyId: string; amount: number; max: number | null }[] = []
      for (let k = 0; k < 6; k += 1) {
        const who = people[Math.floor(random() * 3)]
        const listing = await db.selectFrom('listings').select(['current_price', 'bid_count']).where('id', '=', id).executeTakeFirstOrThrow()
        const minimum = listing.bid_count === 0 ? 100_000 : listing.current_price! + 5_000
        const amount = minimum + Math.floor(random() * 4) * 5_000
        const max = random() < 0.4 ? amount + Math.floor(random() * 10) * 5_000 : null
        const res = await who.browser.post(`/listings/${id}/bids`, {
          amount: String(amount / 100), max_amount: max === null ? '' : String(max / 100), idempotency_key: generateToken(),
        })
        await res.arrayBuffer()
        if (res.status === 303) sent.push({ companyId: who.company.companyId, amount, max })
      }
      auctions.push({ id, bids: sent, reserve })
    }
    const touched = auctions.filter((x) => x.bids.some((bid) => bid.companyId === b.company.companyId))
    expect(touched.length).toBeGreaterThan(3)
    const streams = await Promise.all(touched.map((x) => openStream(a.browser, x.id)))
    const before = await Promise.all(touched.map((x) => versionOf(x.id)))

    const res = await admin.post(`/admin/companies/${b.company.companyId}/suspend`, { back: 'detail', reason: 'Unpaid collections' })
    expect(res.status).toBe(303)

    for (const [i, x] of touched.entries()) {
      const expected = replay(x.bids.filter((bid) => bid.companyId !== b.company.companyId), 100_000, 5_000, x.reserve)
      const row = await db.selectFrom('listings').select(['current_price', 'leading_company_id', 'leading_max', 'bid_count', 'version'])
        .where('id', '=', x.id).executeTakeFirstOrThrow()
      expect({ price: row.current_price, leader: row.leading_company_id, max: row.leading_max }, `auction ${i}`)
        .toEqual({ price: expected.currentPrice, leader: expected.leader?.companyId ?? null, max: expected.leader?.max ?? null })
      const history = await db.selectFrom('bids').select(['company_id', 'amount']).where('listing_id', '=', x.id).orderBy('id').execute()
      expect(history.some((h) => h.company_id === b.company.companyId), 'no bid of the suspended company is left').toBe(false)
      expect(row.bid_count).toBe(history.length)
      expect(history.map((h) => h.amount)).toEqual([...history.map((h) => h.amount)].sort((p, q) => p - q))
      expect(Number(row.version)).toBeGreaterThan(Number(before[i]))
      await streams[i].waitFor((f) => f.id === String(row.version), `auction ${i} update after the suspension`)
    }
    // The remaining bidders and the seller are told, once per auction each.
    const told = await db.selectFrom('outbox').select(['to_address']).where('template', '=', 'bids-retracted').execute()
    expect(told.length).toBeGreaterThanOrEqual(touched.length * 2)
    expect(told.some((t) => t.to_address === b.company.owner.email)).toBe(false)

    // A bid by the suspended company is refused; the others bid on.
    const target = touched[0].id
    const refused = await b.browser.post(`/listings/${target}/bids`, { amount: '5000', idempotency_key: generateToken() })
    expect(refused.status).toBe(403)
    void c
  })

  it('a close never records a sale to a company that was suspended after its winning bid', async () => {
    const seller = await trader()
    const winner = await trader()
    const runnerUp = await trader()
    const now = clock()
    const id = await createTestListing(db, seller.company.companyId, { now, ends_at: new Date(now.getTime() + 10 * 60_000) })
    await bid(runnerUp.browser, id, '1000')
    await bid(winner.browser, id, '1200')
    // Suspended behind the platform's back (as a racing request might leave it): no retraction ran.
    await db.updateTable('companies').set({ status: 'suspended' }).where('id', '=', winner.company.companyId).execute()
    clock.advance(11 * 60_000)
    await closeExpiredAuctions(db, { now: clock(), terms: dealTerms(testConfig()) })
    clock.set(now)
    const sale = await db.selectFrom('deals').select(['buyer_company_id', 'net_amount']).where('listing_id', '=', id).executeTakeFirst()
    expect(sale).toEqual({ buyer_company_id: runnerUp.company.companyId, net_amount: 100_000 }) // the price; the deal adds the VAT
  })
})

describe('without JavaScript, a page never misleads', () => {
  it('a bid lands on the listing’s own address with a receipt; the leader raising their maximum is told so plainly', async () => {
    const seller = await trader()
    const buyer = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock() })
    const first = await bid(buyer.browser, id, '1000')
    const location = first.headers.get('location')!
    expect(location).toMatch(new RegExp(`^/listings/${id}\\?bid=[a-z2-7]+#live-auction$`))
    const page = await (await buyer.browser.get(location.split('#')[0])).text()
    expect(page).toMatch(/Bid accepted at \d\d:\d\d:\d\d [^,]+, \d+ \w+ \d{4}, by our clock: €1,000\.00\.<\/p><p class="bid-outcome">Your bid is in: you are the highest bidder at €1,000.00/)

    const again = await bid(buyer.browser, id, '1100', '1500')
    const receipt = await (await buyer.browser.get(again.headers.get('location')!.split('#')[0])).text()
    expect(receipt).toContain('You were already the highest bidder. Your maximum is now €1,500.00; the price stays at €1,000.00.')
    // Someone else's receipt key shows nothing to another company.
    const other = await trader()
    expect(await (await other.browser.get(location.split('#')[0])).text()).not.toContain('Bid accepted at')
  })

  it('a page loaded before a write shows the new state on its next load, for every write', async () => {
    const seller = await trader()
    const buyer = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 70_000 })
    expect(await (await buyer.browser.get(`/listings/${id}`)).text()).toContain(`action="/listings/${id}/buy"`)
    expect((await seller.browser.post(`/listings/${id}/withdraw`, {})).status).toBe(303)
    const after = await (await buyer.browser.get(`/listings/${id}`)).text()
    expect(after).toContain('Withdrawn — no longer for sale')
    expect(after).not.toContain(`action="/listings/${id}/buy"`)
  })
})
