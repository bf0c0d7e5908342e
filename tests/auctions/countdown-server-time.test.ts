// The countdown's inputs: every live update carries the server's clock at the moment it was
// rendered and the current end, so the page never has to trust the device's clock; and an
// extension by a late bid is told, with the bid's time, exactly when the soft close made it.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { followPage } from '../support/live-page.js'
import type { TestBrowser } from '../support/browser.js'
import { generateToken } from '../../src/lib/tokens.js'
import { listingTopic } from '../../src/auctions/listing-topic.js'
import { applyBid, SOFT_CLOSE_MS, type AuctionState } from '../../src/auctions/bidding.js'
import { extendingBid } from '../../src/auctions/present-live.js'

const { app, db, clock, hub } = await createTestApp()

async function trader() {
  const company = await createTestCompany(db, { status: 'approved' })
  return { company, browser: await logInAs(app, company.owner) }
}
async function bid(browser: TestBrowser, id: string, amount: string) {
  const res = await browser.post(`/listings/${id}/bids`, { amount, idempotency_key: generateToken() })
  expect(res.status).toBe(303)
}
const versionOf = async (id: string) => (await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version
const endOf = async (id: string) => (await db.selectFrom('listings').select('ends_at').where('id', '=', id).executeTakeFirstOrThrow()).ends_at!

describe('the countdown’s clock', () => {
  it('each live update carries the server’s time when it was sent and the current end', async () => {
    const seller = await trader()
    const buyer = await trader()
    const id = await createTestListing(db, seller.company.companyId, { now: clock(), ends_at: new Date(clock().getTime() + 30 * 60_000) })
    const page = followPage(hub, listingTopic, id, { companyId: null, timeZone: 'Europe/Stockholm' }, await versionOf(id))
    for (const step of [5_000, 61_000, 17 * 60_000]) {
      clock.advance(step)
      await bid(buyer.browser, id, String(1000 + step / 1000))
      const version = String(await versionOf(id))
      await expect.poll(() => page.frames.some((f) => f.id === version), { timeout: 10_000 }).toBe(true)
      const frame = page.frames.find((f) => f.id === version)!
      expect(frame.data).toContain(`data-ends="${(await endOf(id)).toISOString()}" data-server-now="${clock().toISOString()}"`)
    }
  })

  it('tells of an extension only when a bid in the last 2 minutes moved the end, with that bid’s time', async () => {
    const seller = await trader()
    const early = await trader()
    const late = await trader()
    const endsAt = new Date(clock().getTime() + 10 * 60_000)
    const id = await createTestListing(db, seller.company.companyId, { now: clock(), ends_at: endsAt })
    await bid(early.browser, id, '1000')
    const first = await (await early.browser.get(`/listings/${id}`)).text()
    expect(first).not.toContain('Extended')

    clock.set(new Date(endsAt.getTime() - 45_000))
    await bid(late.browser, id, '1100')
    expect((await endOf(id)).getTime()).toBe(clock().getTime() + SOFT_CLOSE_MS)
    const page = await (await early.browser.get(`/listings/${id}`)).text()
    expect(page).toMatch(new RegExp(`Extended: a bid came in at <time datetime="${clock().toISOString()}">\\d+ \\w+, \\d\\d:\\d\\d:\\d\\d</time>, in the last 2 minutes`))
  })

  it('agrees with the soft-close rule for bids at every distance from the end', () => {
    const endsAt = new Date('2026-12-01T12:00:00Z')
    const state: AuctionState = {
      startPrice: 100_000, increment: 5_000, reservePrice: null, buyNowPrice: null, currentPrice: null, bidCount: 0,
      startsAt: new Date('2026-11-30T12:00:00Z'), endsAt, leader: null,
    }
    let extensions = 0
    for (let i = 0; i < 500; i++) {
      // From 10 minutes before the end to the last millisecond; the instant exactly 2 minutes
      // before the end leaves the end where it was, yet equals "2 minutes after the bid": the
      // page then says the bid set the end, which is true either way.
      const before = 1 + Math.floor(Math.random() * 10 * 60_000)
      if (before === SOFT_CLOSE_MS) continue
      const at = new Date(endsAt.getTime() - before)
      const outcome = applyBid(state, { companyId: 'c1', amount: 100_000, max: null, at }, String)
      if (!outcome.ok) throw new Error(outcome.message)
      const told = extendingBid({ endsAt: outcome.endsAt, recentBids: [{ bidder: 1, companyId: 'c1', amount: 100_000, at, kind: 'bid' }] })
      expect(told !== null, `a bid ${before} ms before the end`).toBe(outcome.extended)
      if (outcome.extended) extensions++
    }
    expect(extensions).toBeGreaterThan(50)
    expect(extendingBid({ endsAt, recentBids: [] })).toBeNull()
  })
})
