// The closing job closes a burst a batch per transaction (decision 009): a batch takes a fixed
// number of statements whatever its size, and one auction that cannot be closed holds back none
// of the others in its batch: the batch is rolled back and its auctions closed one by one.
import { describe, expect, it } from 'vitest'
import { sql, type KyselyPlugin } from 'kysely'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { placeBid } from '../../src/auctions/place-bid.js'
import { dealTerms } from '../../src/deals/terms.js'
import { generateToken } from '../../src/lib/tokens.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { createTestApp, testConfig } from '../support/test-app.js'

const { db } = await createTestApp()
const terms = dealTerms(testConfig())

/** `n` auctions that ended a minute ago, each with a leading bid from the same buyer, and their seller. */
async function dueSoldAuctions(n: number) {
  const [seller, buyer] = await Promise.all([1, 2].map(() => createTestCompany(db, { status: 'approved' })))
  const now = new Date()
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const id = await createTestListing(db, seller!.companyId, { now, title: `Batch lot ${i}`, ends_at: new Date(now.getTime() + 3600_000) })
    const r = await placeBid(db, { listingId: id, companyId: buyer!.companyId, userId: buyer!.owner.userId, amount: 100_000, max: null, idempotencyKey: generateToken(), now, baseUrl: 'http://localhost:3000' })
    expect(r.ok, r.message).toBe(true)
    await db.updateTable('listings').set({ ends_at: new Date(now.getTime() - 60_000) }).where('id', '=', id).execute()
    ids.push(id)
  }
  return ids
}

const statuses = async (ids: string[]) => new Map((await db.selectFrom('listings').select(['id', 'status']).where('id', 'in', ids).execute()).map((r) => [r.id, r.status]))

describe('closing in batches', () => {
  it('closes a batch of 20 sold auctions in the statements of one, not twenty times those of one', async () => {
    const ids = await dueSoldAuctions(20)
    let statements = 0
    const counter: KyselyPlugin = { transformQuery: (a) => { statements += 1; return a.node }, transformResult: async (a) => a.result }
    expect(await closeExpiredAuctions(db.withPlugin(counter), { now: new Date(), terms, workers: 1 })).toBe(20)
    // One batch: the claim, the checks, the reads and writes of the sales, the emails (BEGIN and COMMIT are not counted here).
    expect(statements).toBeLessThanOrEqual(15)
    expect([...(await statuses(ids)).values()]).toEqual(ids.map(() => 'ended'))
    // Each sale's two emails, to the buyer and to the seller.
    const emails = await db.selectFrom('outbox').select('template').where('template', 'in', ['auction-won', 'item-sold']).execute()
    expect(emails.filter((e) => e.template === 'auction-won')).toHaveLength(20)
    expect(emails.filter((e) => e.template === 'item-sold')).toHaveLength(20)
  })

  it('closes the rest of a batch when one auction in it cannot be closed, and reports the failure', async () => {
    const ids = await dueSoldAuctions(6)
    const culprit = ids[2]!
    await sql.raw(`CREATE FUNCTION refuse_deal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no deal for this one'; END $$`).execute(db)
    await sql.raw(`CREATE TRIGGER refuse_deal BEFORE INSERT ON deals FOR EACH ROW WHEN (NEW.listing_id = '${culprit}') EXECUTE FUNCTION refuse_deal()`).execute(db)
    try {
      await expect(closeExpiredAuctions(db, { now: new Date(), terms, workers: 1 })).rejects.toThrow(/no deal for this one/)
      const after = await statuses(ids)
      for (const id of ids) expect(after.get(id), id === culprit ? 'the culprit' : 'another of its batch').toBe(id === culprit ? 'live' : 'ended')
      const deals = await db.selectFrom('deals').select('listing_id').where('listing_id', 'in', ids).execute()
      expect(deals.map((d) => d.listing_id).sort()).toEqual(ids.filter((id) => id !== culprit).sort())
    } finally {
      await sql.raw('DROP TRIGGER refuse_deal ON deals; DROP FUNCTION refuse_deal()').execute(db)
    }
    // Once what stopped it is gone, the next run closes it, once.
    expect(await closeExpiredAuctions(db, { now: new Date(), terms })).toBe(1)
    expect((await statuses([culprit])).get(culprit)).toBe('ended')
  })
})
