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

    // Every bid is answered: taken, or (one overtaken by a higher bid that reached the lane
    // first) refused in words. The highest always goes through.
    const results = await Promise.all(answers)
    const statuses = results.map((r) => r.status)
    for (const status of statuses) expect([200, 422]).toContain(status)
    expect(statuses[0]).toBe(200)
    expect(statuses[4]).toBe(200)
    const exit = await exited
    expect(exit.code, server.output()).toBe(0)
    // Each bid taken is recorded once, the history rising; nothing refused is recorded.
    const taken = statuses.filter((s) => s === 200).length
    const lines = await db.selectFrom('bids').select(['amount']).where('listing_id', '=', id).orderBy('id').execute()
    expect(lines).toHaveLength(taken)
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.amount).toBeGreaterThan(lines[i - 1]!.amount)
    expect(lines.at(-1)!.amount).toBe(14_000)
    const requests = await db.selectFrom('bid_requests').select('company_id').where('listing_id', '=', id).execute()
    expect(requests).toHaveLength(taken)
    // Two transactions: the first bid alone, then the four that queued behind it.
    const { version } = await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()
    expect(version).toBe(initial + 2)
  })
})
