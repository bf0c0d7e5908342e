// SIGTERM (a deploy, a scale-down) must not cut a visitor's request in half: the server
// stops accepting connections, finishes what is in flight, closes the database and exits 0.
import { request, Agent } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/test-app.js'
import { startServer, type ServerProcess } from '../support/server-process.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resolves true when a TCP connection to the port is refused, false when it is accepted. */
function refused(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(false) })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'))
  })
}

let database: TestDatabase
beforeAll(async () => { database = await createTestDatabase() })
afterAll(() => database.drop())

describe('graceful shutdown on SIGTERM', () => {
  let server: ServerProcess
  afterAll(() => server?.stop('SIGKILL'))

  it('finishes the request in flight, refuses new connections, and exits 0', async () => {
    server = await startServer({ DATABASE_URL: database.url! })
    expect(database.url).toBeTruthy()

    // A login form as a browser has it: the CSRF cookie and the token in the page.
    const form = await fetch(`${server.url}/login`)
    const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1]
    expect(cookie).toMatch(/^csrf=/)
    expect(token).toBeTruthy()

    // An idle keep-alive connection from another visitor must not hold the shutdown open.
    const agent = new Agent({ keepAlive: true })
    const idle = await new Promise<number>((resolve, reject) => {
      request(`${server.url}/healthz`, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)) })
        .on('error', reject).end()
    })
    expect(idle).toBe(200)

    // Another visitor keeps requesting on a keep-alive connection: after the signal the answer
    // says `Connection: close` (or, for a request that came after the signal, is a 503 with
    // Retry-After), so that connection cannot hold the shutdown open either.
    const busyAgent = new Agent({ keepAlive: true, maxSockets: 1 })
    let busy = true
    type BusyAnswer = { status: number; connection?: string; retryAfter?: string; error?: string }
    const busyAnswers: BusyAnswer[] = []
    const busyLoop = (async () => {
      while (busy) {
        const answer = await new Promise<BusyAnswer>((resolve) => {
          request(`${server.url}/healthz`, { agent: busyAgent }, (r) => {
            r.resume()
            r.on('end', () => resolve({ status: r.statusCode!, connection: r.headers.connection, retryAfter: r.headers['retry-after'] }))
          }).on('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, error: err.code })).end()
        })
        busyAnswers.push(answer)
        if (answer.status === 0) busy = false // refused: the server has stopped listening
      }
    })()

    // The slow request: its body arrives in two parts, with the signal in between.
    const body = `_csrf=${encodeURIComponent(token!)}&email=nobody%40example.se&password=not-the-password`
    const cut = 30
    const inFlight = request(`${server.url}/login`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(body),
        Origin: server.url,
        Cookie: cookie,
      },
    })
    const response = new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      inFlight.on('response', (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => { text += d })
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
        res.on('error', reject)
      })
      inFlight.on('error', reject)
    })
    inFlight.flushHeaders()
    inFlight.write(body.slice(0, cut))
    // The server must have the headers before the signal. There is no event to wait for, so
    // give it time, then make one round trip on another connection: it is answered after the
    // server has read what was already in its sockets.
    await sleep(300)
    await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer())

    server.proc.kill('SIGTERM')

    // The listening socket closes, while the request is still open.
    let stoppedListening = false
    for (let i = 0; i < 200 && !stoppedListening; i++) {
      stoppedListening = await refused(server.port)
      if (!stoppedListening) await sleep(50)
    }
    expect(stoppedListening).toBe(true)
    expect(server.proc.exitCode).toBeNull() // still finishing the request in flight

    inFlight.end(body.slice(cut))
    const res = await response
    // The real answer to a wrong password, not a reset connection or a 5xx.
    expect(res.status).toBe(401)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.text).toContain('<!doctype html>')
    expect(res.text).toMatch(/<form[^>]+action="\/login"/)

    // Well before the server's own 10-second timeout (which it would log, see below).
    const exit = await Promise.race([server.exited, sleep(8_000).then(() => 'still running' as const)])
    expect(exit).toEqual({ code: 0, signal: null })
    agent.destroy()

    busy = false
    await busyLoop
    busyAgent.destroy()
    expect(busyAnswers.filter((a) => a.status === 200).length).toBeGreaterThan(0)
    // Kept alive until the signal; then one answer that closes the connection; then refused.
    const closing = busyAnswers.findIndex((a) => a.connection === 'close')
    expect(closing, JSON.stringify(busyAnswers.slice(-3))).toBe(busyAnswers.length - 2)
    expect(busyAnswers.slice(0, closing).every((a) => a.status === 200 && a.connection === 'keep-alive')).toBe(true)
    expect([200, 503]).toContain(busyAnswers[closing].status)
    if (busyAnswers[closing].status === 503) expect(busyAnswers[closing].retryAfter).toMatch(/^\d+$/)
    expect(busyAnswers.at(-1)).toEqual({ status: 0, error: 'ECONNREFUSED' })

    expect(await refused(server.port)).toBe(true)
    const logs = server.output().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; signal?: string; path?: string; status?: number })
    expect(logs.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' })
    // The request was answered after the signal, and the process said goodbye last.
    const order = logs.filter((l) => l.path !== '/healthz').map((l) => (l.msg === 'request' ? `${l.path} ${l.status}` : l.msg))
    expect(order.slice(order.indexOf('shutting down'))).toEqual(['shutting down', '/login 401', 'stopped'])
  })
})
