// What a live page is sent is one consistent state, even when a bid commits while it is read:
// a state whose price and bid count include a bid its history lacks would stay on the page,
// since the page is then told the new version and never asks again.
import { afterAll, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase } from '../support/test-app.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { loadLiveStates } from '../../src/auctions/live-state.js'

const database = await createTestDatabase()
const db = database.db
afterAll(() => database.drop())

it('reads the listing and its bids from one snapshot while a bid commits in between', async () => {
  const seller = await createTestCompany(db, { status: 'approved' })
  const bidder = await createTestCompany(db, { status: 'approved' })
  const id = await createTestListing(db, seller.companyId)
  let loading: ReturnType<typeof loadLiveStates> | null = null
  await db.transaction().execute(async (trx) => {
    // Readers of the listing row wait for this transaction; readers of the bids do not.
    await sql`LOCK TABLE listings IN ACCESS EXCLUSIVE MODE`.execute(trx)
    loading = loadLiveStates(db, [id])
    // Time for the reads that are not blocked to run (if they run apart from the blocked one).
    await new Promise((resolve) => setTimeout(resolve, 300))
    await trx.insertInto('bids').values({ listing_id: id, company_id: bidder.companyId, amount: 100_000, kind: 'bid', created_at: new Date() }).execute()
    await trx.updateTable('listings').set({ current_price: 100_000, bid_count: 1, leading_company_id: bidder.companyId, leading_max: 100_000, version: 1 })
      .where('id', '=', id).execute()
  })
  const state = (await loading!)!.get(id)!
  expect({ count: state.bidCount, history: state.recentBids.length, bidders: state.bidderCompanyIds.size })
    .toEqual(state.bidCount === 0 ? { count: 0, history: 0, bidders: 0 } : { count: 1, history: 1, bidders: 1 })
})
