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

    // Another visitor keeps requesting on a keep-alive connection: after the signal each
    // answer says `Connection: close`, so that connection cannot hold the shutdown open either.
    const busyAgent = new Agent({ keepAlive: true, maxSockets: 1 })
    let busy = true
    const busyStatuses: number[] = []
    const busyLoop = (async () => {
      while (busy) {
        const status = await new Promise<number>((resolve) => {
          request(`${server.url}/healthz`, { agent: busyAgent }, (r) => { r.resume(); r.on('end', () => resolve(r.statusCode!)) })
            .on('error', () => resolve(0)).end()
        })
        busyStatuses.push(status)
        if (status === 0) busy = false // refused: the server has stopped listening
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
    await sleep(300) // the server has the headers and the first part, and waits for the rest

    const signalled = Date.now()
    server.proc.kill('SIGTERM')

    // The listening socket closes at once, while the request is still open.
    let stoppedListening = false
    for (let i = 0; i < 40 && !stoppedListening; i++) {
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

    const exit = await Promise.race([server.exited, sleep(5_000).then(() => 'timeout' as const)])
    expect(exit).toEqual({ code: 0, signal: null })
    const tookMs = Date.now() - signalled
    expect(tookMs).toBeLessThan(5_000)
    agent.destroy()

    busy = false
    await busyLoop
    busyAgent.destroy()
    expect(busyStatuses.filter((s) => s === 200).length).toBeGreaterThan(0)
    expect(busyStatuses.filter((s) => s !== 200 && s !== 0)).toEqual([])

    expect(await refused(server.port)).toBe(true)
    const logs = server.output().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; signal?: string; path?: string; status?: number })
    expect(logs.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' })
    // The request was answered after the signal, and the process said goodbye last.
    const order = logs.filter((l) => l.path !== '/healthz').map((l) => (l.msg === 'request' ? `${l.path} ${l.status}` : l.msg))
    expect(order.slice(order.indexOf('shutting down'))).toEqual(['shutting down', '/login 401', 'stopped'])
  })
})
