// Bids that arrive for one auction while a transaction for it is in flight go together into the
// next transaction: one lock, the rules in arrival order, one write. Forced here by holding the
// listing's row lock from another connection while bids arrive, so the batches are known; then
// every bid must be answered on its own, as if each had had a transaction of its own.
import { describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { placeBid, type BidArgs, type BidResult } from '../../src/auctions/place-bid.js'
import { joinLane, MAX_BATCH, queuedFor } from '../../src/auctions/bid-lanes.js'
import { generateToken } from '../../src/lib/tokens.js'
import { createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { createTestApp } from '../support/test-app.js'
import { holdRowLock, lockWaiters, until } from '../support/row-lock.js'

const { app, db, clock } = await createTestApp()

const holdLock = (id: string) => holdRowLock(db, id)
const waitingForLocks = () => lockWaiters(db)
const someoneWaitsForALock = async () => (await waitingForLocks()) > 0

async function auction() {
  const seller = await createTestCompany(db, { status: 'approved' })
  return createTestListing(db, seller.companyId, { start_price: 10_000, bid_increment: 1_000 })
}

const bid = (id: string, who: TestCompany, euros: number, key = generateToken()): BidArgs => ({
  listingId: id, companyId: who.companyId, userId: who.owner.userId, amount: euros * 100, max: null, idempotencyKey: key, now: new Date(), baseUrl: 'http://localhost:3000',
})

/**
 * The first bid takes its transaction and waits behind the held lock; the others queue in the
 * lane behind it. Then the lock goes, and two transactions apply them: [first], [the rest].
 */
async function inTwoBatches(id: string, first: BidArgs, rest: BidArgs[]): Promise<BidResult[]> {
  const release = await holdLock(id)
  const answers = [placeBid(db, first)]
  await until('the first bid waits for the lock', someoneWaitsForALock)
  // One after another, so the lane holds them in this order.
  for (const [i, b] of rest.entries()) {
    answers.push(placeBid(db, b))
    await until(`bid ${i + 2} queues`, () => queuedFor(db, id) === i + 1)
  }
  await release()
  return Promise.all(answers)
}

const version = async (id: string) => (await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version
const history = (id: string) => db.selectFrom('bids').select(['company_id', 'amount', 'kind']).where('listing_id', '=', id).orderBy('id').execute()
const outbidEmails = async (who: TestCompany) =>
  (await db.selectFrom('outbox').select('id').where('template', '=', 'outbid').where('to_address', '=', who.owner.email).execute()).length

describe('bids that queue for one auction', () => {
  it('go into one transaction, each answered as if alone: lines in order, one version, the outbid email only to who lost the lead', async () => {
    const id = await auction()
    const [x, y, z] = await Promise.all([1, 2, 3].map(() => createTestCompany(db, { status: 'approved' })))
    expect((await placeBid(db, bid(id, x, 100))).ok).toBe(true)
    const before = await version(id)

    // Batch 1: Y outbids X. Batch 2: X takes the lead back, Y again, then Z bids too low.
    const answers = await inTwoBatches(id, bid(id, y, 110), [bid(id, x, 120), bid(id, y, 130), bid(id, z, 125)])
    expect(answers.map((a) => [a.ok, a.status])).toEqual([[true, 200], [true, 200], [true, 200], [false, 422]])
    expect(answers[1]!.message).toBe('Your bid is in: you are the highest bidder at €120.00.')
    expect(answers[2]!.message).toBe('Your bid is in: you are the highest bidder at €130.00.')
    expect(answers[3]!.message).toBe('Your bid must be at least €140.00.')

    expect(await history(id)).toEqual([
      { company_id: x.companyId, amount: 10_000, kind: 'bid' }, { company_id: y.companyId, amount: 11_000, kind: 'bid' },
      { company_id: x.companyId, amount: 12_000, kind: 'bid' }, { company_id: y.companyId, amount: 13_000, kind: 'bid' },
    ])
    expect(await version(id)).toBe(before + 2) // two transactions
    const listing = await db.selectFrom('listings').select(['current_price', 'bid_count', 'leading_company_id']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(listing).toEqual({ current_price: 13_000, bid_count: 4, leading_company_id: y.companyId })
    // X lost the lead (in batch 1, and again in batch 2: one email, the 10-minute rule); Y was
    // outbid in batch 2 but leads at its end, so is told nothing; Z never led.
    expect([await outbidEmails(x), await outbidEmails(y), await outbidEmails(z)]).toEqual([1, 0, 0])
    const requests = await db.selectFrom('bid_requests').select('company_id').where('listing_id', '=', id).execute()
    expect(requests).toHaveLength(4)
  })

  it('write a batch of many bids in arrival order: ids and amounts rise together (past ten, where text would sort "10" before "2")', async () => {
    const id = await auction()
    const people = await Promise.all(Array.from({ length: 6 }, () => createTestCompany(db, { status: 'approved' })))
    const rest = Array.from({ length: 24 }, (_, i) => bid(id, people[(i + 1) % people.length]!, 110 + i * 10))
    const answers = await inTwoBatches(id, bid(id, people[0]!, 100), rest)
    expect(answers.every((a) => a.ok)).toBe(true)
    const lines = await history(id)
    expect(lines.map((l) => l.amount)).toEqual([100, ...rest.map((b) => b.amount / 100)].map((euros) => euros * 100))
    const final = await db.selectFrom('listings').select(['current_price', 'bid_count']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(final).toEqual({ current_price: rest.at(-1)!.amount, bid_count: 25 })
  })

  it('record a form sent twice once, in the same batch or across two, and answer both copies alike', async () => {
    const id = await auction()
    const [x, y, z] = await Promise.all([1, 2, 3].map(() => createTestCompany(db, { status: 'approved' })))
    // Across two batches: the first copy is in flight when the second arrives.
    const key = generateToken()
    const across = await inTwoBatches(id, bid(id, x, 100, key), [bid(id, x, 100, key)])
    expect(across.map((a) => a.ok)).toEqual([true, true])
    expect(across[1]!.message).toBe(across[0]!.message)
    expect(across[1]!.duplicate).toBe(true)
    // In one batch: both copies queue behind another bid.
    const again = generateToken()
    const together = await inTwoBatches(id, bid(id, z, 110), [bid(id, y, 120, again), bid(id, y, 120, again)])
    expect(together.map((a) => a.ok)).toEqual([true, true, true])
    expect(together[2]!.message).toBe(together[1]!.message)
    expect(together[2]!.duplicate).toBe(true)
    const recorded = await db.selectFrom('bid_requests').select('idempotency_key').where('listing_id', '=', id).execute()
    // Three forms recorded: each twice-sent one once, and Z's.
    expect(recorded).toHaveLength(3)
    for (const k of [key, again]) expect(recorded.filter((r) => r.idempotency_key === k)).toHaveLength(1)
    expect((await history(id)).map((h) => h.amount)).toEqual([10_000, 11_000, 12_000])
  })

  it('are refused, each with the reason, when the auction ended while they waited', async () => {
    const id = await auction()
    const [x, y, z] = await Promise.all([1, 2, 3].map(() => createTestCompany(db, { status: 'approved' })))
    const release = await holdLock(id)
    const answers = [placeBid(db, bid(id, x, 100))]
    await until('the first bid waits for the lock', someoneWaitsForALock)
    answers.push(placeBid(db, bid(id, y, 200)))
    await until('the second queues', () => queuedFor(db, id) === 1)
    answers.push(placeBid(db, bid(id, z, 300)))
    await until('the third queues', () => queuedFor(db, id) === 2)
    // The auction is closed by someone who queues for the lock after the first bid, before the batch.
    const ending = db.updateTable('listings').set({ status: 'ended', outcome: 'sold' }).where('id', '=', id).execute()
    await until('the close waits for the lock', async () => (await waitingForLocks()) === 2)
    await release()
    await ending
    const results = await Promise.all(answers)
    expect(results[0]!.ok).toBe(true)
    for (const r of results.slice(1)) expect([r.ok, r.status, r.message]).toEqual([false, 409, 'This auction has ended; no more bids are accepted.'])
    expect(await db.selectFrom('bid_requests').select('company_id').where('listing_id', '=', id).execute()).toEqual([{ company_id: x.companyId }])
  })
})

describe('a batch whose connection is cut off', () => {
  /** Ends the connections of this database that wait for a lock, as a database restart would. */
  const cutOffLockWaiters = () =>
    sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db)

  it('answers each of its bids with a clean 503 and records none of them; the next bid goes through', async () => {
    // Bid through the app, whose clock is the test's.
    clock.set(new Date())
    const id = await auction()
    const companies = await Promise.all([1, 2, 3, 4].map(() => createTestCompany(db, { status: 'approved' })))
    const browsers = await Promise.all(companies.map((c) => logInAs(app, c.owner)))
    const post = (i: number, euros: number) => browsers[i]!.post(`/listings/${id}/bids`, { amount: String(euros), idempotency_key: generateToken() }, { htmx: true })
    const before = await version(id)

    const release = await holdLock(id)
    const first = post(0, 100)
    await until('the first bid waits for the lock', someoneWaitsForALock)
    const queued = [post(1, 110), post(2, 120), post(3, 130)]
    await until('three bids queue behind it', () => queuedFor(db, id) === 3)
    // The first batch's connection goes; then the three queued bids, now one transaction
    // waiting for the lock, lose theirs too.
    await cutOffLockWaiters()
    expect((await first).status).toBe(503)
    await until('the batch of three waits for the lock', someoneWaitsForALock)
    await cutOffLockWaiters()
    const answers = await Promise.all(queued)
    expect(answers.map((a) => a.status)).toEqual([503, 503, 503])
    for (const a of answers) expect(await a.text()).toContain('temporarily unavailable')
    await release()

    expect(await db.selectFrom('bid_requests').select('company_id').where('listing_id', '=', id).execute()).toEqual([])
    expect(await history(id)).toEqual([])
    expect(await version(id)).toBe(before)
    // Bidding goes on as soon as there is a connection again.
    const again = await post(1, 110)
    expect(again.status, await again.text()).toBe(200)
    expect((await history(id)).map((h) => h.amount)).toEqual([11_000])
  })
})

describe('a lane', () => {
  const fake = {} as Kysely<DB>
  it('runs what arrives while a batch is in flight as the next batch, in arrival order, at most MAX_BATCH at a time', async () => {
    const batches: number[][] = []
    let open!: () => void
    const gate = new Promise<void>((r) => { open = r })
    const apply = async (_db: Kysely<DB>, _key: string, batch: number[]) => {
      batches.push(batch)
      if (batches.length === 1) await gate
      return batch.map((n) => n * 10)
    }
    const first = joinLane(fake, 'a', 0, apply)
    const rest = Array.from({ length: MAX_BATCH + 5 }, (_, i) => joinLane(fake, 'a', i + 1, apply))
    const other = joinLane(fake, 'b', 99, apply) // another auction does not wait
    expect(await other).toBe(990)
    expect(queuedFor(fake, 'a')).toBe(MAX_BATCH + 5)
    open()
    expect(await first).toBe(0)
    expect(await Promise.all(rest)).toEqual(Array.from({ length: MAX_BATCH + 5 }, (_, i) => (i + 1) * 10))
    expect(batches.map((b) => b.length)).toEqual([1, 1, MAX_BATCH, 5])
    expect(batches.slice(2).flat()).toEqual(Array.from({ length: MAX_BATCH + 5 }, (_, i) => i + 1))
    expect(queuedFor(fake, 'a')).toBe(0)
  })

  it('starts the next batch\'s transaction before answering the batch that ended, so the lock waits for no answer\'s page', async () => {
    const events: string[] = []
    let open!: () => void
    const gate = new Promise<void>((r) => { open = r })
    const apply = async (_db: Kysely<DB>, _key: string, batch: string[]) => {
      // Like a transaction's start: a few hops (taking a connection, sending BEGIN) before it waits on the database.
      for (let hop = 0; hop < 5; hop++) await null
      events.push(`batch ${batch.join('+')} sent`)
      if (batch[0] === 'a') await gate
      return batch
    }
    const answers = ['a', 'b', 'c'].map((item) => joinLane(fake, 'e', item, apply).then((r) => { events.push(`${r} answered`) }))
    open()
    await Promise.all(answers)
    expect(events).toEqual(['batch a sent', 'batch b+c sent', 'a answered', 'b answered', 'c answered'])
  })

  it('fails only the batch whose transaction failed; the next batch runs', async () => {
    let calls = 0
    let open!: () => void
    const gate = new Promise<void>((r) => { open = r })
    const apply = async (_db: Kysely<DB>, _key: string, batch: string[]) => {
      calls += 1
      if (calls === 1) { await gate; throw new Error('connection lost') }
      return batch.map((s) => s.toUpperCase())
    }
    const failed = joinLane(fake, 'c', 'x', apply)
    const later = joinLane(fake, 'c', 'y', apply)
    open()
    await expect(failed).rejects.toThrow('connection lost')
    expect(await later).toBe('Y')
  })
})
