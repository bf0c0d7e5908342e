// A burst of endings closes in one run, not a capped batch per tick: every due auction, side by
// side on several connections, each exactly once — also with two runs at once, as two
// instances' schedulers would — with one sale per sold auction and one version bump each.
import { describe, expect, it } from 'vitest'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { placeBid } from '../../src/auctions/place-bid.js'
import { dealTerms } from '../../src/deals/terms.js'
import { generateToken } from '../../src/lib/tokens.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { createTestApp, testConfig } from '../support/test-app.js'

const { db } = await createTestApp()
const terms = dealTerms(testConfig())

/** `n` auctions that ended a minute ago, every other one with a leading bid. */
async function dueAuctions(n: number) {
  const [seller, buyer] = await Promise.all([1, 2].map(() => createTestCompany(db, { status: 'approved' })))
  const now = new Date()
  const ids: { id: string; sold: boolean; version: number }[] = []
  for (let i = 0; i < n; i++) {
    const id = await createTestListing(db, seller!.companyId, { now, title: `Burst lot ${i}`, ends_at: new Date(now.getTime() + 3600_000) })
    const sold = i % 2 === 0
    if (sold) {
      const r = await placeBid(db, { listingId: id, companyId: buyer!.companyId, userId: buyer!.owner.userId, amount: 100_000, max: null, idempotencyKey: generateToken(), now, baseUrl: 'http://localhost:3000' })
      expect(r.ok, r.message).toBe(true)
    }
    const { version } = await db.updateTable('listings').set({ ends_at: new Date(now.getTime() - 60_000) }).where('id', '=', id).returning('version').executeTakeFirstOrThrow()
    ids.push({ id, sold, version })
  }
  return ids
}

async function closedExactlyOnce(ids: { id: string; sold: boolean; version: number }[]) {
  const rows = await db.selectFrom('listings').select(['id', 'status', 'outcome', 'version']).where('id', 'in', ids.map((l) => l.id)).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  for (const l of ids) {
    expect(byId.get(l.id)).toMatchObject({ status: 'ended', outcome: l.sold ? 'sold' : 'unsold', version: l.version + 1 })
  }
  const deals = await db.selectFrom('deals').select('listing_id').where('listing_id', 'in', ids.map((l) => l.id)).execute()
  expect(deals.map((d) => d.listing_id).sort()).toEqual(ids.filter((l) => l.sold).map((l) => l.id).sort())
}

describe('a burst of endings', () => {
  it('closes every due auction in one run, past the old cap of 100 a tick, each exactly once', async () => {
    const ids = await dueAuctions(130)
    expect(await closeExpiredAuctions(db, { now: new Date(), terms })).toBe(130)
    await closedExactlyOnce(ids)
    expect(await closeExpiredAuctions(db, { now: new Date(), terms })).toBe(0)
  })

  it('shares the work between two runs at once (two instances), closing each auction once', async () => {
    const ids = await dueAuctions(60)
    const [first, second] = await Promise.all([1, 2].map(() => closeExpiredAuctions(db, { now: new Date(), terms, workers: 3 })))
    expect(first! + second!).toBe(60)
    await closedExactlyOnce(ids)
  })

  it('stops when told to (the scheduler is shutting down), leaving the rest due for the next run', async () => {
    const ids = await dueAuctions(20)
    let closes = 0
    const closed = await closeExpiredAuctions(db, { now: new Date(), terms, workers: 1, stop: () => closes++ >= 5 })
    expect(closed).toBe(5)
    expect(await closeExpiredAuctions(db, { now: new Date(), terms })).toBe(15)
    await closedExactlyOnce(ids)
  })
})
