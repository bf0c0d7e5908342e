// Live updates of an auction page against the real server process over real sockets: what
// each kind of viewer's SSE stream receives after a bid, an extension and the close, how a
// reconnecting page catches up through Last-Event-ID, and that a reader who never reads is
// dropped instead of growing the server's memory. Frames are waited for with a generous
// timeout, and "nothing was sent" is shown by a later change arriving first; how fast a frame
// arrives is measured by the SSE bench (npm run bench:sse), not asserted here.
import { connect, type Socket } from 'node:net'
import pg from 'pg'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/test-app.js'
import { startServer } from '../support/server-process.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { HttpClient, type SseReader } from '../support/http-client.js'
import { generateToken } from '../../src/lib/tokens.js'
import { placeBid } from '../../src/auctions/place-bid.js'

const database = await createTestDatabase()
if (!database.url) throw new Error('these tests need the PostgreSQL server (a real server process shares its database)')
const db = database.db
// A frame for every change (no interval): the slow reader's test needs thousands of frames.
const server = await startServer({ DATABASE_URL: database.url, SCHEDULER: 'true', LIVE_FRAME_INTERVAL_MS: '0' })
afterAll(async () => {
  await server.stop()
  await database.drop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** How long to wait for a frame before calling it missing: far beyond any normal delay. */
const FRAME_TIMEOUT = 10_000
const streams: SseReader[] = []
const companies: TestCompany[] = []
afterAll(() => { for (const s of streams) s.close() })

async function member() {
  const company = await createTestCompany(db, { status: 'approved' })
  companies.push(company)
  return { company, client: await new HttpClient(server.url).login(company.owner) }
}
const listing = (id: string) => db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

async function watch(client: HttpClient, id: string, opts: { v?: number; lastEventId?: number } = {}) {
  const v = opts.v ?? (await listing(id)).version
  const stream = await client.sse(`/listings/${id}/live?v=${v}`, { lastEventId: opts.lastEventId })
  streams.push(stream)
  return stream
}

/** Bids over HTTP as the page's form does; returns when the response arrived. */
async function bid(client: HttpClient, id: string, amount: string, extra: Record<string, string> = {}) {
  const res = await client.post(`/listings/${id}/bids`, { amount, idempotency_key: generateToken(), ...extra })
  await res.arrayBuffer()
  expect(res.status, `bid of ${amount}`).toBe(303)
}

/** A bid placed straight through the bidding module (as another instance would), at `at`. */
async function directBid(id: string, companyId: string, userId: string, amount: number, at = new Date()) {
  const result = await placeBid(db, { listingId: id, companyId, userId, amount, max: null, idempotencyKey: generateToken(), now: at, baseUrl: server.url })
  expect(result.ok, result.message).toBe(true)
}

const names = () => companies.map((c) => c.legalName)

describe('live auction stream', () => {
  it('tells each viewer the new price and bid count after a bid, with personal state and no names', async () => {
    const seller = await member()
    const a = await member()
    const b = await member()
    const id = await createTestListing(db, seller.company.companyId)
    const streamA = await watch(a.client, id)
    const streamB = await watch(b.client, id)
    const visitor = await watch(new HttpClient(server.url), id)
    const sellerStream = await watch(seller.client, id)
    const all = [streamA, streamB, visitor, sellerStream]

    await bid(a.client, id, '1000')
    const v1 = String((await listing(id)).version)
    for (const s of all) {
      const f = await s.waitFor((f) => f.id === v1, FRAME_TIMEOUT)
      expect(f.data).toContain('€1,000.00')
      expect(f.data).toMatch(/>1 bid</)
    }
    expect(streamA.frames.at(-1)!.data).toContain('You are the highest bidder.')
    for (const s of [streamB, visitor, sellerStream]) {
      expect(s.frames.at(-1)!.data).not.toContain('highest bidder')
      expect(s.frames.at(-1)!.data).not.toContain('outbid')
    }

    await bid(b.client, id, '1 100')
    const v2 = String((await listing(id)).version)
    const frames = await Promise.all(all.map((s) => s.waitFor((f) => f.id === v2, FRAME_TIMEOUT)))
    for (const f of frames) {
      expect(f.data).toContain('€1,100.00')
      expect(f.data).toMatch(/>2 bids</)
    }
    const [fa, fb, fv, fs] = frames
    expect(fa.data).toContain('You have been outbid.')
    expect(fa.data).not.toContain('You are the highest bidder.')
    expect(fb.data).toContain('You are the highest bidder.')
    expect(fb.data).not.toContain('outbid')
    for (const f of [fv, fs]) {
      expect(f.data).not.toContain('You have been outbid.')
      expect(f.data).not.toContain('You are the highest bidder.')
    }
    // Bidders are "You" or "Bidder N": no company's name ever travels in a frame.
    expect(fa.data).toMatch(/Bidder 2/)
    expect(fa.data).toMatch(/You/)
    for (const s of all) for (const f of s.frames) for (const name of names()) expect(f.data).not.toContain(name)
  })

  it('shows the new end time when a bid in the last 2 minutes extends the auction', async () => {
    const seller = await member()
    const a = await member()
    const now = Date.now()
    const id = await createTestListing(db, seller.company.companyId, { ends_at: new Date(now + 90_000) })
    const before = (await listing(id)).ends_at!
    const stream = await watch(a.client, id)
    const visitor = await watch(new HttpClient(server.url), id)
    await bid(a.client, id, '1000')
    const answered = Date.now()
    const after = await listing(id)
    expect(after.ends_at!.getTime()).toBeGreaterThan(before.getTime())
    // The end moved to 2 minutes after the bid, on the server's clock (between the moment
    // before the bid was sent and the moment its answer arrived, plus 2 minutes).
    expect(after.ends_at!.getTime()).toBeGreaterThanOrEqual(now + 120_000)
    expect(after.ends_at!.getTime()).toBeLessThanOrEqual(answered + 120_000)
    for (const s of [stream, visitor]) {
      const f = await s.waitFor((f) => f.id === String(after.version), FRAME_TIMEOUT)
      expect(f.data).toContain(`datetime="${after.ends_at!.toISOString()}"`)
      expect(f.data).not.toContain(`datetime="${before.toISOString()}"`)
    }
  })

  it('shows "Ended — sold" once the auction closes, sends `closed` and ends the stream', async () => {
    const seller = await member()
    const a = await member()
    const endsAt = new Date(Date.now() + 3_000)
    const id = await createTestListing(db, seller.company.companyId, { ends_at: endsAt })
    // Placed well before the last 2 minutes (on the bidding clock), so the end stays put.
    await directBid(id, a.company.companyId, a.company.owner.userId, 100_000, new Date(endsAt.getTime() - 10 * 60_000))
    expect((await listing(id)).ends_at!.getTime()).toBe(endsAt.getTime())
    const stream = await watch(a.client, id)
    const visitor = await watch(new HttpClient(server.url), id)

    const results = await Promise.all([stream, visitor].map(async (s) => {
      // The scheduler closes the auction within seconds of its end; a generous wait.
      const ended = await s.waitFor((f) => f.data.includes('Ended — sold'), 15_000).catch(async (err: Error) => {
        const row = await listing(id)
        const warnings = server.output().split('\n').filter((l) => /"level":"(warn|error)"|auctions closed/.test(l)).slice(-10)
        throw new Error(`${err.message}\nlisting: ${row.status} v${row.version} ended ${row.ended_at?.toISOString()} (ends ${row.ends_at?.toISOString()}, now ${new Date().toISOString()})\n${warnings.join('\n')}`)
      })
      const closedEvent = await s.waitFor((f) => f.event === 'closed', FRAME_TIMEOUT)
      const serverClosed = await s.waitForClose(FRAME_TIMEOUT)
      return { ended, closedEvent, serverClosed, error: s.error, frames: s.frames }
    }))
    const closed = await listing(id)
    expect(closed.status).toBe('ended')
    expect(closed.outcome).toBe('sold')
    // Closed by the scheduler after the end time, not before.
    expect(closed.ended_at!.getTime()).toBeGreaterThanOrEqual(endsAt.getTime())
    for (const r of results) {
      expect(r.ended.id).toBe(String(closed.version))
      // The final state, then `closed`, then nothing: the stream ends.
      expect(r.frames.slice(-2)).toEqual([r.ended, r.closedEvent])
      expect(r.serverClosed, 'the server ends the stream after `closed`').toBe(true)
      expect(r.error).toBeUndefined()
    }
    expect(results[0].ended.data).toContain('You won this auction.')
    expect(results[1].ended.data).not.toContain('You won')
    expect(results[0].ended.data).toContain('Sold for')
  })

  it('catches a reconnecting page up through Last-Event-ID, and sends nothing to a page that is current', async () => {
    const seller = await member()
    const a = await member()
    const b = await member()
    const id = await createTestListing(db, seller.company.companyId)
    await bid(a.client, id, '1000')
    const seen = (await listing(id)).version
    const first = await watch(a.client, id)
    // Connected with the current version: nothing to send. The next change is the marker: the
    // first frame to arrive must be that change, not the state the page already shows.
    await bid(b.client, id, '1100')
    const marker = await first.waitFor(() => true, FRAME_TIMEOUT)
    expect(marker.id, `frames: ${first.describe()}`).toBe(String(seen + 1))
    first.close()

    await bid(a.client, id, '1200')
    const current = await listing(id)
    expect(current.version).toBe(seen + 2)

    // The page's URL still says ?v=<old>; the header says what it last saw.
    const behind = await watch(a.client, id, { v: seen, lastEventId: seen })
    const f = await behind.waitFor(() => true, FRAME_TIMEOUT)
    expect(f.id).toBe(String(current.version))
    expect(behind.lastEventId).toBe(String(current.version))
    expect(f.data).toContain('€1,200.00')
    expect(f.data).toMatch(/>3 bids</)
    expect(f.data).toContain('You are the highest bidder.')

    // A page that has seen the current version gets nothing until the next change (the marker).
    const upToDate = await watch(b.client, id, { v: seen, lastEventId: current.version })
    await bid(b.client, id, '1300')
    const next = await upToDate.waitFor(() => true, FRAME_TIMEOUT)
    expect(next.id, `no state frame for a page that has seen the current version; frames: ${upToDate.describe()}`).toBe(String(current.version + 1))
    expect(next.data).toContain('You are the highest bidder.')
    // The page that caught up got one frame for the versions it missed, then the marker.
    const behindNext = await behind.waitFor(() => true, FRAME_TIMEOUT, 1)
    expect(behindNext.id, `frames: ${behind.describe()}`).toBe(String(current.version + 1))
  })

  // The heartbeat (": ping" every 15 s) has no setting to shorten it, so it is not waited for here.

  const DROP_CAP_MS = 150_000
  it('drops a reader that never reads, while the others keep receiving', async () => {
    const seller = await member()
    const a = await member()
    const b = await member()
    const id = await createTestListing(db, seller.company.companyId)
    const fast = await watch(new HttpClient(server.url), id)

    // A client that sends its request and then never reads a byte.
    const slow: Socket = connect(server.port, '127.0.0.1')
    await once(slow, 'connect')
    const clientPort = slow.localPort!
    slow.write(`GET /listings/${id}/live?v=0 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAccept: text/event-stream\r\n\r\n`)
    slow.pause()
    let slowError: Error | null = null
    slow.on('error', (err) => { slowError = err })
    await sleep(200)
    expect(serverSideState(server.port, clientPort)).not.toBe('gone')

    // Real bids first, so every render carries a full bid history (about 2 KB a frame)...
    let price = 100_000
    const bids = 20
    for (let i = 0; i < bids; i++) {
      const who = i % 2 === 0 ? a : b
      await directBid(id, who.company.companyId, who.company.owner.userId, price)
      price += 5_000
    }
    // ...then announced change after change, each one render, until the server gives up on
    // the slow socket. The kernel buffers about 4 MB for a socket nobody reads (loopback send
    // buffer autotuning) before Node's own buffer starts to fill, hence so many renders.
    const started = Date.now()
    let stop = false
    let announced = 0
    const announcer = (async () => {
      const client = new pg.Client({ connectionString: database.url! })
      await client.connect()
      try {
        // Nothing here needs to survive a crash: no wait for the disk on each commit.
        await client.query('SET synchronous_commit = off')
        while (!stop) {
          const { rows } = await client.query<{ version: number }>(
            `WITH changed AS (UPDATE listings SET version = version + 1 WHERE id = $1 RETURNING id, version)
             SELECT version, pg_notify('listing_events', id || ':' || version) FROM changed`, [id])
          announced += 1
          const v = String(rows[0].version)
          await fast.waitFor((f) => f.id === v, FRAME_TIMEOUT, Math.max(0, fast.frames.length - 3))
        }
        return null
      } finally {
        await client.end()
      }
    })().catch((err: Error) => { stop = true; return err })
    // Linux shows when the server let go of its end; elsewhere, run until the cap. About 2,000
    // changes fill the buffers: some 40 s on a busy machine, so the cap is far beyond that.
    while (!stop && Date.now() - started < DROP_CAP_MS && serverSideState(server.port, clientPort) === 'established') await sleep(100)
    const droppedAfterMs = Date.now() - started
    stop = true
    expect(await announcer).toBeNull()
    const dropVersion = (await listing(id)).version

    // Later changes still reach the fast reader: the server went on without the slow one.
    await bid(a.client, id, String(price / 100))
    const after = await fast.waitFor((f) => f.data.includes(`>${bids + 1} bids<`), FRAME_TIMEOUT)
    expect(Number(after.id)).toBeGreaterThan(dropVersion)
    expect(fast.isClosed).toBe(false)

    // Now read what the kernel had buffered: the stream ends there, without the later frames.
    const chunks: Buffer[] = []
    slow.on('data', (d: Buffer) => { chunks.push(d) })
    const ended = new Promise<boolean>((resolve) => {
      slow.once('close', () => resolve(true))
      setTimeout(() => resolve(false), 10_000)
    })
    slow.resume()
    expect(await ended, `the server should have closed the slow stream (after ${announced} changes, ${fast.bytes} bytes to the fast reader)`).toBe(true)
    expect(slowError === null || /ECONNRESET/.test(String(slowError))).toBe(true)
    const text = Buffer.concat(chunks).toString('utf8')
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))
    expect(ids.length).toBeGreaterThan(0)
    expect(Math.max(...ids), 'the slow reader never got frames written after it was dropped').toBeLessThan(Number(after.id))
    expect(text.length).toBeLessThan(fast.bytes)
    console.info(`slow reader dropped after ${announced} changes in ${droppedAfterMs} ms: it got ${text.length} bytes, the fast reader ${fast.bytes}`)
  }, DROP_CAP_MS + 60_000)
})

/**
 * The state of the server's end of a connection, from the kernel's table (Linux): whether the
 * server still holds it open. 'unknown' where /proc/net/tcp does not exist.
 */
function serverSideState(serverPort: number, clientPort: number): 'established' | 'closing' | 'gone' | 'unknown' {
  if (!existsSync('/proc/net/tcp')) return 'unknown'
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0')
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/)
    if (cols.length < 4) continue
    if (cols[1].endsWith(`:${hex(serverPort)}`) && cols[2].endsWith(`:${hex(clientPort)}`)) {
      return cols[3] === '01' ? 'established' : 'closing'
    }
  }
  return 'gone'
}
