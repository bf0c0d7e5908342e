// PostgreSQL restarts (fast, then immediate) while two companies bid against each other on the
// real server over HTTP. The server must stay up, answer bids with a clean 503 while the
// database is gone, take bids again once it is back, lose no accepted bid, and keep open
// auction pages current: its LISTEN connection comes back and pages catch up. Each of these is
// waited for with a generous timeout; how long recovery took is printed, not asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { openPostgres, type Database } from '../../src/db/database.js'
import type { DB } from '../../src/db/schema.js'
import { createLogger } from '../../src/lib/logger.js'
import { formatMoney } from '../../src/lib/money.js'
import { generateToken } from '../../src/lib/tokens.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import {
  PG_BIN, createPgCluster, postgresBinariesPresent, startServer, type PgCluster, type ServerProcess,
} from '../support/server-process.js'

const available = postgresBinariesPresent()
const mustRun = process.env.CI === 'true'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Far beyond any normal wait: what has not happened by then is not going to. */
const WAIT_MS = 20_000

/** Polls until `ok()`; returns how long it took (for the log), or throws after `ms`. */
async function within(ms: number, what: string, ok: () => boolean | Promise<boolean>, fatal?: () => void) {
  const started = Date.now()
  for (;;) {
    fatal?.()
    if (await ok()) return Date.now() - started
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`)
    await sleep(20)
  }
}

/** A cookie-keeping client for a server reached over a socket, posting forms as a page does. */
class HttpClient {
  private cookies = new Map<string, string>()
  constructor(readonly base: string) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async get(path: string) {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual', signal: AbortSignal.timeout(10_000) })
    this.remember(res)
    return res
  }

  async post(path: string, fields: Record<string, string>) {
    if (!this.cookies.has('csrf')) await this.get('/login')
    const body = new URLSearchParams({ ...fields, _csrf: this.cookies.get('csrf') ?? '' })
    const res = await fetch(this.base + path, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(10_000),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), origin: this.base },
    })
    this.remember(res)
    return res
  }
}

type Frame = { id: number | null; event: string | null; data: string }

/**
 * An auction page's live stream. With `reconnect`, it behaves like htmx's SSE extension: when
 * the stream breaks or is refused it tries again, sending Last-Event-ID.
 */
class SseClient {
  frames: Frame[] = []
  connects = 0
  lastId: number | null = null
  private controller: AbortController | null = null
  private stopped = false
  readonly done: Promise<void>

  constructor(readonly url: string, readonly reconnect: boolean) {
    this.done = this.run()
  }

  get lastFrame() {
    return this.frames.filter((f) => f.event === null).at(-1)
  }

  /** What the page shows after the last update: its version, price and bid count. */
  get shows() {
    const f = this.lastFrame
    if (!f) return null
    return {
      version: f.id,
      price: /data-live="price">([^<]*)</.exec(f.data)?.[1] ?? null,
      bids: /data-live="bids">(\d+) bids?</.exec(f.data)?.[1] ?? null,
    }
  }

  /** Breaks the current connection, as a network blip would. */
  drop() {
    this.controller?.abort()
  }

  close() {
    this.stopped = true
    this.controller?.abort()
    return this.done
  }

  private async run() {
    do {
      this.controller = new AbortController()
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' }
        if (this.lastId !== null) headers['last-event-id'] = String(this.lastId)
        const res = await fetch(this.url, { headers, signal: this.controller.signal })
        if (res.status === 200 && res.body) {
          this.connects += 1
          await this.read(res.body)
        } else {
          await res.arrayBuffer().catch(() => {})
        }
      } catch {
        // aborted or refused: try again below
      }
      if (!this.stopped && this.reconnect) await sleep(200)
    } while (!this.stopped && this.reconnect)
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder()
    let buffer = ''
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true })
      let end
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const frame: Frame = { id: null, event: null, data: '' }
        const data: string[] = []
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) frame.id = Number(line.slice(4))
          else if (line.startsWith('event: ')) frame.event = line.slice(7)
          else if (line.startsWith('data: ')) data.push(line.slice(6))
        }
        if (frame.id === null && frame.event === null && data.length === 0) continue // a comment
        frame.data = data.join('\n')
        if (frame.id !== null) this.lastId = frame.id
        this.frames.push(frame)
      }
    }
  }
}

if (!available && !mustRun) {
  console.warn(`auction database restart test skipped: initdb and pg_ctl not found in ${PG_BIN} (set PG_BIN; with CI=true it must run)`)
  describe('bidding through a database restart', () => {
    it.skip(`skipped: PostgreSQL server binaries (initdb, pg_ctl) not found in ${PG_BIN}; set PG_BIN to run it`, () => {})
  })
} else {
  describe('bidding through a database restart', () => {
    let cluster: PgCluster
    let server: ServerProcess
    let database: Database
    let db: Kysely<DB>
    let listingId: string
    let bidders: { company: TestCompany; http: HttpClient }[]
    let viewer: SseClient
    let reconnecting: SseClient

    beforeAll(async () => {
      if (!available) throw new Error(`CI=true but PostgreSQL server binaries are missing in ${PG_BIN}`)
      cluster = await createPgCluster()
      // The server migrates the new cluster as it starts; the scheduler runs as in production.
      server = await startServer({ DATABASE_URL: cluster.url, DATABASE_POOL_SIZE: '5', SCHEDULER: 'true' })
      database = openPostgres(cluster.url, createLogger('silent'), 2)
      db = database.db
      const [seller, a, b] = await Promise.all([0, 1, 2].map(() => createTestCompany(db, { status: 'approved' })))
      listingId = await createTestListing(db, seller.companyId, { now: new Date() })
      bidders = []
      for (const company of [a, b]) {
        const http = new HttpClient(server.url)
        const res = await http.post('/login', { email: company.owner.email, password: company.owner.password })
        expect(res.status, 'login').toBe(303)
        bidders.push({ company, http })
      }
      viewer = new SseClient(`${server.url}/listings/${listingId}/live`, false)
      reconnecting = new SseClient(`${server.url}/listings/${listingId}/live`, true)
      await within(WAIT_MS, 'both live streams open', () => viewer.connects === 1 && reconnecting.connects === 1)
    })

    afterAll(async () => {
      await viewer?.close()
      await reconnecting?.close()
      await database?.close()
      if (cluster && !cluster.running) await cluster.start().catch(() => {})
      const exit = await server?.stop()
      await cluster?.destroy()
      if (exit) expect(exit).toEqual({ code: 0, signal: null })
    })

    const alive = () => server.proc.exitCode === null && server.proc.signalCode === null
    const mustBeAlive = () => {
      if (!alive()) throw new Error(`the server process died (exit ${server.proc.exitCode}):\n${server.output().slice(-3000)}`)
    }

    // Bids alternate between the two companies, each the minimum the rules allow. A bid refused
    // with 503 is sent again with the same idempotency key, as a person pressing "Bid" again
    // would: if it had committed before the connection died, the retry gets its answer instead
    // of placing it twice.
    const accepted: { companyId: string; amount: number; at: number }[] = []
    const statuses: number[] = []
    let unavailableBody = ''
    let next = 100_000
    let running = false
    let loop: Promise<void> = Promise.resolve()

    async function placeOne() {
      const bidder = bidders[accepted.length % 2]
      const key = generateToken()
      const amount = next
      while (running) {
        const res = await bidder.http.post(`/listings/${listingId}/bids`, { amount: String(amount / 100), idempotency_key: key }).catch(() => null)
        statuses.push(res?.status ?? 0)
        const body = await res?.text().catch(() => '')
        if (res?.status === 303) {
          accepted.push({ companyId: bidder.company.companyId, amount, at: Date.now() })
          next = amount + 5_000
          return
        }
        if (res?.status === 503) {
          unavailableBody ||= body ?? ''
          await sleep(50)
          continue
        }
        running = false
        throw new Error(`bid of ${amount} answered ${res?.status ?? 'no response'}:\n${body?.slice(0, 500)}`)
      }
    }
    const startBidding = () => {
      running = true
      loop = (async () => { while (running) { mustBeAlive(); await placeOne() } })()
    }
    const stopBidding = async () => {
      running = false
      await loop
    }

    it.each(['fast', 'immediate'] as const)('keeps bidding through a %s restart; pages catch up and LISTEN comes back', { timeout: 150_000 }, async (mode) => {
      const restoredBefore = server.output().split('listen connection restored').length - 1
      const before = accepted.length
      startBidding()
      await within(WAIT_MS, 'bids accepted before the restart', () => accepted.length >= before + 3, mustBeAlive)

      const statusesBefore = statuses.length
      await cluster.stop(mode)
      // A page that loses its stream now reconnects by itself; it is refused until the database is back.
      reconnecting.drop()
      await within(WAIT_MS, 'bids refused with 503 while the database is down', () => statuses.slice(statusesBefore).includes(503), mustBeAlive)
      const during = statuses.slice(statusesBefore)
      expect(alive()).toBe(true)

      await cluster.start()
      const acceptedBeforeReturn = accepted.length
      const recovered = await within(WAIT_MS, 'a bid accepted after the database came back', () => accepted.length > acceptedBeforeReturn, mustBeAlive)
      await within(WAIT_MS, 'more bids accepted', () => accepted.length >= acceptedBeforeReturn + 3, mustBeAlive)
      await stopBidding()

      // Nothing but accepted bids and clean refusals: no 500, no dropped connection.
      expect(statuses.filter((s) => s !== 303 && s !== 503)).toEqual([])
      expect(unavailableBody).toContain('temporarily unavailable')

      // Every accepted bid has its row, once, in order; nothing else was recorded.
      const rows = await db.selectFrom('bids').select(['company_id', 'amount', 'kind']).where('listing_id', '=', listingId).orderBy('id').execute()
      expect(rows).toEqual(accepted.map((b) => ({ company_id: b.companyId, amount: b.amount, kind: 'bid' })))
      const listing = await db.selectFrom('listings').select(['current_price', 'bid_count', 'version']).where('id', '=', listingId).executeTakeFirstOrThrow()
      expect(listing.current_price).toBe(accepted.at(-1)!.amount)
      expect(listing.bid_count).toBe(accepted.length)

      // Open pages catch up with the price after the restart: the stream that survived (it is to
      // the app, not the database) without reconnecting, the one that broke by reconnecting.
      const price = formatMoney(listing.current_price!)
      const state = { version: listing.version, price, bids: String(listing.bid_count) }
      const current = (c: SseClient) => JSON.stringify(c.shows) === JSON.stringify(state)
      await within(WAIT_MS, `the open page shows ${price}`, () => current(viewer), mustBeAlive)
      expect(viewer.connects).toBe(1)
      await within(WAIT_MS, `the reconnected page shows ${price}`, () => current(reconnecting), mustBeAlive)
      expect(reconnecting.connects).toBeGreaterThan(1)

      // LISTEN is back: a bid placed now reaches the open page through NOTIFY (nothing else
      // would bring it: the hub refreshes pages only on a notification or a LISTEN reconnect).
      await within(WAIT_MS, 'the LISTEN connection restored', () => server.output().split('listen connection restored').length - 1 > restoredBefore, mustBeAlive)
      running = true
      await placeOne()
      running = false
      const after = await db.selectFrom('listings').select(['current_price', 'bid_count', 'version']).where('id', '=', listingId).executeTakeFirstOrThrow()
      expect(after.version).toBeGreaterThan(listing.version)
      const latest = { version: after.version, price: formatMoney(accepted.at(-1)!.amount), bids: String(after.bid_count) }
      const arrived = await within(WAIT_MS, `the open page shows ${latest.price}`, () => JSON.stringify(viewer.shows) === JSON.stringify(latest), mustBeAlive)
      expect(viewer.connects).toBe(1)
      expect(alive()).toBe(true)
      console.info(`${mode} restart: ${during.filter((s) => s === 503).length} bids refused with 503 while down, first bid accepted ${recovered} ms after the database was back, `
        + `${accepted.length} bids accepted so far, the reconnecting page connected ${reconnecting.connects} times, NOTIFY after LISTEN's return reached the open page in ${arrived} ms`)
      expect(server.output()).not.toMatch(/uncaught|unhandled 'error' event|"level":"error","msg":"unhandled error"/i)
    })
  })
}
