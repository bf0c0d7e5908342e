// SIGTERM while a batch of bids is in flight: the bids of one auction queue behind a
// transaction that waits for the listing's row lock (held here from another connection), the
// server is told to stop, then the lock goes. Every bid of the batch must be answered and
// recorded — none lost, none twice — and only then does the process exit.
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase } from '../support/test-app.js'
import { startServer, type ServerProcess } from '../support/server-process.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { HttpClient } from '../support/http-client.js'
import { generateToken } from '../../src/lib/tokens.js'

const database = await createTestDatabase()
if (!database.url) throw new Error('this test needs the PostgreSQL server (a real server process shares its database)')
const db = database.db
let server: ServerProcess
afterAll(async () => {
  await server?.stop('SIGKILL')
  await database.drop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(what: string, ok: () => Promise<boolean>) {
  for (let i = 0; i < 1000; i++) {
    if (await ok()) return
    await sleep(10)
  }
  throw new Error(`${what} did not happen`)
}
const lockWaiters = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db)).rows[0]!.n

describe('SIGTERM with a batch of bids in flight', () => {
  it('answers and records every bid of the batch, then exits', async () => {
    server = await startServer({ DATABASE_URL: database.url! })
    const seller = await createTestCompany(db, { status: 'approved' })
    const id = await createTestListing(db, seller.companyId, { start_price: 10_000, bid_increment: 1_000 })
    const initial = (await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version
    const bidders = await Promise.all([1, 2, 3, 4, 5].map(async () => new HttpClient(server.url).login((await createTestCompany(db, { status: 'approved' })).owner)))

    // Hold the listing's row lock, so the first bid's transaction waits and the others queue behind it.
    let release!: () => void
    const released = new Promise<void>((r) => { release = r })
    let locked!: () => void
    const isLocked = new Promise<void>((r) => { locked = r })
    const holder = db.transaction().execute(async (trx) => {
      await sql`SELECT 1 FROM listings WHERE id = ${id} FOR UPDATE`.execute(trx)
      locked()
      await released
    })
    await isLocked
    const bid = (i: number, euros: number) => bidders[i]!.post(`/listings/${id}/bids`, { amount: String(euros), idempotency_key: generateToken() }, { htmx: true })
    const answers = [bid(0, 100)]
    await until('the first bid waits for the lock', async () => (await lockWaiters()) > 0)
    for (const [i, euros] of [[1, 110], [2, 120], [3, 130], [4, 140]] as const) answers.push(bid(i, euros))
    await sleep(300) // the four reach the server and queue in the auction's lane

    const exited = server.stop('SIGTERM', 15_000)
    await sleep(200)
    release()
    await holder

    const results = await Promise.all(answers)
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    const exit = await exited
    expect(exit.code, server.output()).toBe(0)
    const lines = await db.selectFrom('bids').select(['amount']).where('listing_id', '=', id).orderBy('id').execute()
    expect(lines.map((l) => l.amount)).toEqual([10_000, 11_000, 12_000, 13_000, 14_000])
    const requests = await db.selectFrom('bid_requests').select('company_id').where('listing_id', '=', id).execute()
    expect(requests).toHaveLength(5)
    // Two transactions: the first bid alone, then the four that queued behind it.
    const { version } = await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()
    expect(version).toBe(initial + 2)
  })
})
