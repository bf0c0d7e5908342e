// SIGTERM while pages watch an auction live and two companies bid in a loop over keep-alive
// connections. Busy keep-alive connections used to hold the shutdown open until its 10-second
// timeout. Now: every answer after the signal closes its connection, a request on an old
// connection gets a 503 with Retry-After, live streams end with a retry hint, the process
// exits soon after the last request in flight is answered, and no accepted bid is lost.
import { Agent, request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import type { ServerProcess } from '../support/server-process.js'
import { databaseForServers } from '../support/server-database.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { HttpClient, type SseReader } from '../support/http-client.js'
import { generateToken } from '../../src/lib/tokens.js'

const STREAMS = 300
// The issue asks for an exit within 2 s of the last request in flight; the test allows a
// margin for a busy test machine (runs here measure 1.0-1.2 s, most of it the server's 1 s
// grace for connections idle at the signal).
const EXIT_BOUND_MS = 2_000 + 1_500

const servers = await databaseForServers()
const db = servers.db
let server: ServerProcess

/** Resolves when `check` holds; fails with `what` after `timeoutMs` (a generous bound, not a measurement). */
async function until(check: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function refused(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(false) })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'))
  })
}

type Answer = { key: string; status: number; connection?: string; retryAfter?: string; body: string; at: number }
type Failure = { key: string; code: string; reused: boolean; at: number }
type Outcome = ({ kind: 'answer' } & Answer) | ({ kind: 'failure' } & Failure)

/** One bid as the page's htmx form sends it, on the company's own keep-alive connection. */
function postBid(agent: Agent, client: HttpClient, listingId: string, amount: number): Promise<Outcome> {
  const key = generateToken()
  const body = new URLSearchParams({ amount: String(amount / 100), idempotency_key: key, _csrf: client.cookies.get('csrf') ?? '' }).toString()
  return new Promise((resolve) => {
    const req = request(`${client.baseUrl}/listings/${listingId}/bids`, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        cookie: client.cookieHeader(),
        origin: client.baseUrl,
        'hx-request': 'true',
      },
    }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => { text += d })
      res.on('end', () => resolve({
        kind: 'answer', key, status: res.statusCode!, connection: res.headers.connection,
        retryAfter: res.headers['retry-after'], body: text, at: performance.now(),
      }))
    })
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'failure', key, code: err.code ?? err.message, reused: req.reusedSocket, at: performance.now() }))
    req.end(body)
  })
}

/** A raw keep-alive connection, to hold a request half-sent across the signal. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1')
  let received = ''
  let ended = false
  socket.setEncoding('utf8')
  socket.on('data', (d: string) => { received += d })
  const closed = new Promise<void>((resolve) => socket.on('close', () => { ended = true; resolve() }))
  socket.on('error', () => {})
  return {
    socket,
    closed,
    get ended() { return ended },
    /** The responses received so far, split at each status line. */
    responses: () => received.split(/(?=HTTP\/1\.1 )/).filter(Boolean),
  }
}

describe('SIGTERM under load', () => {
  it('drains busy keep-alive connections, ends live streams with a retry hint, exits soon after the last request, loses no accepted bid', async () => {
    server = await servers.startServer()
    const seller = await createTestCompany(db, { status: 'approved' })
    const listingId = await createTestListing(db, seller.companyId)
    const bidders = await Promise.all([0, 1].map(async () => {
      const company = await createTestCompany(db, { status: 'approved' })
      return new HttpClient(server.url).login(company.owner)
    }))

    // Pages watching the auction.
    const watcher = new HttpClient(server.url)
    const streams: SseReader[] = await Promise.all(Array.from({ length: STREAMS }, () => watcher.sse(`/listings/${listingId}/live`)))
    await Promise.all(streams.map((s) => s.waitFor(() => true, 30_000)))

    // Two companies bid in a loop, each on one keep-alive connection, with rising amounts
    // (some are overtaken by the other's and refused as too low: that is part of the load).
    let next = 100_000
    let stopLoops = false
    const outcomes: Outcome[][] = [[], []]
    const loops = bidders.map(async (client, i) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      try {
        while (!stopLoops) {
          next += 5_000
          const outcome = await postBid(agent, client, listingId, next)
          outcomes[i].push(outcome)
          if (outcome.kind === 'failure') break
        }
      } finally {
        agent.destroy()
      }
    })
    const accepted = (i: number) => outcomes[i].filter((o) => o.kind === 'answer' && o.status === 200).length
    await until(() => accepted(0) >= 20 && accepted(1) >= 20, 'both companies to have bids accepted')
    expect(outcomes.flat().filter((o) => o.kind === 'answer' && o.connection === 'close'), 'before the signal, connections are kept alive').toEqual([])

    // A third client is half-way through sending a request on its kept-alive connection.
    const raw = rawConnection(server.port)
    raw.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`)
    await until(() => raw.responses().length === 1 && raw.responses()[0].endsWith('}'), 'the first answer on the raw connection')
    expect(raw.responses()[0]).toMatch(/^HTTP\/1\.1 200 /)
    raw.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`)

    let exitedAt = 0
    const exit = server.exited.then((e) => { exitedAt = performance.now(); return e })
    const bidsBefore = outcomes.map((o) => o.length)
    // This process's own stalls, for the failure messages: a client that stalls longer than the
    // server's grace for idle connections (1 s) can find its idle connection closed.
    const stalls = monitorEventLoopDelay({ resolution: 10 })
    stalls.enable()
    server.proc.kill('SIGTERM')

    // The listening socket closes; then the half-sent request is completed: a request on an
    // old connection after the signal gets a clean 503 that closes the connection.
    let listening = true
    for (let i = 0; i < 200 && listening; i++) {
      listening = !(await refused(server.port))
      if (listening) await new Promise((r) => setTimeout(r, 25))
    }
    expect(listening, 'the server stops listening after SIGTERM').toBe(false)
    raw.socket.write('\r\n')
    await raw.closed
    const rawAnswer = raw.responses()[1] ?? ''
    const rawAnsweredAt = performance.now()
    expect(rawAnswer).toMatch(/^HTTP\/1\.1 503 /)
    expect(rawAnswer).toMatch(/\r\nretry-after: \d+\r\n/i)
    expect(rawAnswer).toMatch(/\r\nconnection: close\r\n/i)
    expect(rawAnswer).toMatch(/try again/i)

    // Both loops end once the server has stopped listening: the answer that closed their
    // connection, then a refused new connection.
    await Promise.all(loops)
    stopLoops = true
    stalls.disable()
    const stalled = `longest stall of this test process ${Math.round(stalls.max / 1e6)} ms`
    for (const [i, list] of outcomes.entries()) {
      const after = list.slice(bidsBefore[i])
      const context = `company ${i} (${stalled}): ${JSON.stringify(after.map((o) => (o.kind === 'answer' ? `${o.status} ${o.connection}` : `${o.code} reused=${o.reused}`)))}`
      const last = list.at(-1)!
      expect(last, context).toMatchObject({ kind: 'failure', code: 'ECONNREFUSED', reused: false })
      const lastAnswer = list.at(-2)!
      expect(lastAnswer.kind === 'answer' && lastAnswer.connection, `${context}: the last answer closes the connection`).toBe('close')
      for (const o of after) {
        if (o.kind === 'failure') continue
        expect([200, 409, 422, 503], context).toContain(o.status)
        if (o.status === 503) {
          expect(o.retryAfter, context).toMatch(/^\d+$/)
          expect(o.body, context).toMatch(/try again/i)
        }
      }
      expect(list.filter((o) => o.kind === 'failure'), `${context}: no reset, only the refused new connection`).toHaveLength(1)
      expect(list.filter((o) => o.kind === 'answer' && ![200, 409, 422, 503].includes(o.status)), context).toEqual([])
    }

    // Every page got the hint to reconnect after a pause, then its stream ended cleanly.
    for (const s of streams) {
      const hint = await s.waitFor((f) => f.event === 'reconnect', 10_000)
      expect(hint.retry).toMatch(/^\d+$/)
      expect(Number(hint.retry)).toBeGreaterThanOrEqual(1_000)
      expect(await s.waitForClose(10_000)).toBe(true)
      expect(s.error).toBeUndefined()
      expect(s.frames.at(-1)).toBe(hint)
    }

    expect(await Promise.race([exit, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).toEqual({ code: 0, signal: null })
    const lastAnswerAt = Math.max(rawAnsweredAt, ...outcomes.flat().filter((o) => o.kind === 'answer').map((o) => o.at))
    const exitAfterLastMs = exitedAt - lastAnswerAt
    const stopped = server.output().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; ms?: number; refused?: number })
      .find((l) => l.msg === 'stopped')
    console.info(`shutdown under load: exit ${Math.round(exitAfterLastMs)} ms after the last answer; ${stalled}; server log ${JSON.stringify(stopped)}`)
    expect(exitAfterLastMs, 'exit soon after the last request in flight is answered').toBeLessThan(EXIT_BOUND_MS)

    // No accepted bid is lost: each 200 is a request recorded in the database.
    const keys = new Set((await db.selectFrom('bid_requests').select('idempotency_key').where('listing_id', '=', listingId).execute()).map((r) => r.idempotency_key))
    const ok = outcomes.flat().filter((o) => o.kind === 'answer' && o.status === 200)
    expect(ok.length).toBeGreaterThanOrEqual(40)
    expect(ok.filter((o) => !keys.has(o.key)).map((o) => o.key)).toEqual([])
  }, 90_000)
})
