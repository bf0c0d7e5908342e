// Two app instances on one database, both running the scheduler, as in production behind a
// load balancer: a bid through one reaches pages connected to the other (LISTEN/NOTIFY), and
// every due auction is closed once, with one email per recipient. Events are waited for with
// generous timeouts; how fast they arrive is the SSE bench's business (npm run bench:sse).
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/test-app.js'
import { startServer } from '../support/server-process.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { HttpClient, type SseReader } from '../support/http-client.js'
import { generateToken } from '../../src/lib/tokens.js'
import { placeBid } from '../../src/auctions/place-bid.js'

const database = await createTestDatabase()
if (!database.url) throw new Error('these tests need the PostgreSQL server (real server processes share its database)')
const db = database.db
// One public address for both, as behind a load balancer: email links do not depend on
// which instance closed the auction.
const BASE_URL = 'http://marketplace.nordicloop.test'
const [serverA, serverB] = await Promise.all([
  startServer({ DATABASE_URL: database.url, SCHEDULER: 'true', BASE_URL }),
  startServer({ DATABASE_URL: database.url, SCHEDULER: 'true', BASE_URL }),
])
const streams: SseReader[] = []
afterAll(async () => {
  for (const s of streams) s.close()
  await Promise.all([serverA.stop(), serverB.stop()])
  await database.drop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Far beyond any normal delay: a frame that has not come by then is missing. */
const FRAME_TIMEOUT = 10_000
const version = async (id: string) => (await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version

/** Resolves once `check` holds; fails after a generous `timeoutMs` (a wait, not a measurement). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`)
    await sleep(100)
  }
}

describe('two instances on one database', () => {
  it('delivers a bid placed through instance B to a page connected to instance A', async () => {
    const seller = await createTestCompany(db, { status: 'approved' })
    const id = await createTestListing(db, seller.companyId)
    const bidders = await Promise.all([0, 1].map(async () => {
      const company = await createTestCompany(db, { status: 'approved' })
      return { company, atB: await new HttpClient(serverB.url).login(company.owner) }
    }))
    const watcherCompany = bidders[0].company
    // One watcher logged in (personal state), one visitor, both on A.
    const loggedIn = await new HttpClient(serverA.url).login(watcherCompany.owner)
    const onA = [await loggedIn.sse(`/listings/${id}/live?v=${await version(id)}`), await new HttpClient(serverA.url).sse(`/listings/${id}/live?v=${await version(id)}`)]
    streams.push(...onA)

    const latencies: number[] = []
    for (let i = 0; i < 6; i++) {
      const b = bidders[i % 2]
      const amount = 1000 + 50 * i
      const res = await b.atB.post(`/listings/${id}/bids`, { amount: String(amount), idempotency_key: generateToken() })
      await res.arrayBuffer()
      const respondedAt = Date.now()
      expect(res.status).toBe(303)
      const v = String(await version(id))
      for (const s of onA) {
        const f = await s.waitFor((f) => f.id === v, FRAME_TIMEOUT)
        latencies.push(f.receivedAt - respondedAt)
        expect(f.data).toContain(`€${amount.toLocaleString('en-IE')}.00`)
        expect(f.data).toMatch(new RegExp(`>${i + 1} bids?<`))
      }
      expect(onA[0].frames.at(-1)!.data).toContain(i % 2 === 0 ? 'You are the highest bidder.' : 'You have been outbid.')
    }
    const worst = Math.max(...latencies)
    console.info(`bid through B to page on A: worst ${worst} ms of ${latencies.length} (${latencies.join(', ')})`)
  })

  it('closes each due auction exactly once with both schedulers running, one email per recipient', async () => {
    const seller = await createTestCompany(db, { status: 'approved' })
    const buyers: TestCompany[] = await Promise.all([0, 1, 2].map(() => createTestCompany(db, { status: 'approved' })))
    type Plan = { id: string; kind: 'one-bid' | 'two-bids' | 'no-bids' | 'reserve-not-met'; winner: TestCompany | null; versionBefore: number }
    const kinds: Plan['kind'][] = [
      ...Array<Plan['kind']>(6).fill('one-bid'), ...Array<Plan['kind']>(5).fill('two-bids'),
      ...Array<Plan['kind']>(5).fill('no-bids'), ...Array<Plan['kind']>(4).fill('reserve-not-met'),
    ]
    const plans: Plan[] = await Promise.all(kinds.map(async (kind, i) => {
      const id = await createTestListing(db, seller.companyId, { reserve_price: kind === 'reserve-not-met' ? 500_000 : null })
      const bid = async (who: TestCompany, amount: number) => {
        const r = await placeBid(db, { listingId: id, companyId: who.companyId, userId: who.owner.userId, amount, max: null, idempotencyKey: generateToken(), now: new Date(), baseUrl: BASE_URL })
        expect(r.ok, r.message).toBe(true)
      }
      let winner: TestCompany | null = null
      if (kind === 'one-bid' || kind === 'reserve-not-met') {
        await bid(buyers[i % 3], 100_000)
        winner = kind === 'one-bid' ? buyers[i % 3] : null
      }
      if (kind === 'two-bids') {
        await bid(buyers[i % 3], 100_000)
        await bid(buyers[(i + 1) % 3], 110_000)
        winner = buyers[(i + 1) % 3]
      }
      return { id, kind, winner, versionBefore: await version(id) }
    }))
    // Then all of them are made to end within the next 2–3 seconds, spread over that second.
    const start = Date.now()
    await Promise.all(plans.map((p, i) => db.updateTable('listings')
      .set({ ends_at: new Date(start + 2_000 + Math.round((1_000 * i) / plans.length)) }).where('id', '=', p.id).execute()))
    // A page on each instance watches one of the sold auctions.
    const watched = plans.find((p) => p.kind === 'two-bids')!
    const pages = [
      await new HttpClient(serverA.url).sse(`/listings/${watched.id}/live?v=${watched.versionBefore}`),
      await new HttpClient(serverB.url).sse(`/listings/${watched.id}/live?v=${watched.versionBefore}`),
    ]
    streams.push(...pages)

    const ids = plans.map((p) => p.id)
    const stillOpen = (list: string[]) => db.selectFrom('listings').select('id').where('id', 'in', list).where('status', '=', 'live').execute()
    await until(async () => (await stillOpen(ids)).length === 0, 'every due auction closed')

    // A second close, if there were to be one, must have had its chance before the counts
    // below. Markers: later auctions, due at once, one at a time, until each instance has
    // closed one. An instance's ticks never overlap (noOverlap), so by then whatever close
    // either one had begun on the earlier auctions has finished.
    const closedBy = (out: string) => [...out.matchAll(/"msg":"auctions closed","closed":(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0)
    const before = [closedBy(serverA.output()), closedBy(serverB.output())]
    const markers: string[] = []
    while (closedBy(serverA.output()) === before[0] || closedBy(serverB.output()) === before[1]) {
      expect(markers.length, 'markers needed before each instance closed one').toBeLessThan(40)
      const closedSoFar = closedBy(serverA.output()) + closedBy(serverB.output())
      markers.push(await createTestListing(db, seller.companyId, { ends_at: new Date() }))
      await until(async () => (await stillOpen(markers)).length === 0 && closedBy(serverA.output()) + closedBy(serverB.output()) > closedSoFar, 'the marker auction closed')
    }

    const rows = await db.selectFrom('listings').select(['id', 'status', 'outcome', 'version', 'current_price', 'ended_at', 'ends_at', 'leading_company_id'])
      .where('id', 'in', ids).execute()
    const sales = await db.selectFrom('deals').selectAll().where('listing_id', 'in', ids).execute()
    for (const p of plans) {
      const row = rows.find((r) => r.id === p.id)!
      expect(row.status).toBe('ended')
      expect(row.outcome).toBe(p.winner ? 'sold' : 'unsold')
      // Closing bumps the version once: a second close would have bumped it again.
      expect(row.version, `${p.kind} auction closed once`).toBe(p.versionBefore + 1)
      expect(row.ended_at!.getTime()).toBeGreaterThanOrEqual(row.ends_at!.getTime())
      const sale = sales.filter((s) => s.listing_id === p.id)
      expect(sale).toHaveLength(p.winner ? 1 : 0)
      if (p.winner) {
        expect(sale[0].buyer_company_id).toBe(p.winner.companyId)
        expect(sale[0].net_amount).toBe(row.current_price) // the price; the deal adds the VAT
        expect(sale[0].status).toBe('awaiting_payment')
      }
    }
    expect(sales).toHaveLength(plans.filter((p) => p.winner).length)

    // Exactly one email per recipient and auction: won to the buyer, sold to the seller,
    // no sale to the seller — counted by template, address and the auction's link.
    const expected: string[] = []
    for (const p of plans) {
      if (p.winner) expected.push(`auction-won|${p.winner.owner.email}|${p.id}`, `item-sold|${seller.owner.email}|${p.id}`)
      else expected.push(`no-sale|${seller.owner.email}|${p.id}`)
    }
    const mails = await db.selectFrom('outbox').select(['template', 'to_address', 'text_body'])
      .where('template', 'in', ['auction-won', 'item-sold', 'no-sale']).execute()
    const got = mails.map((m) => {
      const link = new RegExp(`${BASE_URL}/listings/([0-9a-f-]{36})`).exec(m.text_body)
      return `${m.template}|${m.to_address}|${link?.[1] ?? 'no link'}`
    }).filter((m) => !markers.some((id) => m.endsWith(`|${id}`)))
    expect(got.sort()).toEqual(expected.sort())

    // Both pages, one per instance, were told of the close once and let go.
    for (const page of pages) {
      const ended = await page.waitFor((f) => f.data.includes('Ended — sold'), FRAME_TIMEOUT)
      expect(ended.id).toBe(String(watched.versionBefore + 1))
      expect(await page.waitForClose(FRAME_TIMEOUT)).toBe(true)
      expect(page.frames.filter((f) => f.event === 'closed')).toHaveLength(1)
    }

    const [byA, byB] = [closedBy(serverA.output()), closedBy(serverB.output())]
    console.info(`closed by instance A: ${byA}, by instance B: ${byB} (${markers.length} of them markers)`)
    expect(byA + byB, 'closes counted by the two schedulers').toBe(plans.length + markers.length)
  })
})
