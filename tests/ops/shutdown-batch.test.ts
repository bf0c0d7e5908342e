// SIGTERM while a batch of bids is in flight: the bids of one auction queue behind a
// transaction that waits for the listing's row lock (held here from another connection), the
// server is told to stop, then the lock goes. Every bid of the batch must be answered and
// recorded — none lost, none twice — and only then does the process exit.
import { describe, expect, it } from 'vitest'
import type { ServerProcess } from '../support/server-process.js'
import { databaseForServers } from '../support/server-database.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { HttpClient } from '../support/http-client.js'
import { generateToken } from '../../src/lib/tokens.js'
import { holdRowLock, lockWaiters, until } from '../support/row-lock.js'

const servers = await databaseForServers()
const db = servers.db
let server: ServerProcess

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('SIGTERM with a batch of bids in flight', () => {
  it('answers and records every bid of the batch, then exits', async () => {
    server = await servers.startServer()
    const seller = await createTestCompany(db, { status: 'approved' })
    const id = await createTestListing(db, seller.companyId, { start_price: 10_000, bid_increment: 1_000 })
    const initial = (await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version
    const bidders = await Promise.all([1, 2, 3, 4, 5].map(async () => new HttpClient(server.url).login((await createTestCompany(db, { status: 'approved' })).owner)))

    // Hold the listing's row lock, so the first bid's transaction waits and the others queue behind it.
    const release = await holdRowLock(db, id)
    const bid = (i: number, euros: number) => bidders[i]!.post(`/listings/${id}/bids`, { amount: String(euros), idempotency_key: generateToken() }, { htmx: true })
    const answers = [bid(0, 100)]
    await until('the first bid waits for the lock', async () => (await lockWaiters(db)) > 0)
    for (const [i, euros] of [[1, 110], [2, 120], [3, 130], [4, 140]] as const) answers.push(bid(i, euros))
    await sleep(300) // the four reach the server and queue in the auction's lane

    const exited = server.stop('SIGTERM', 15_000)
    await sleep(200)
    await release()

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
