// One JSON line per request, carrying the request id the client also sees, so a support
// request quoting X-Request-Id leads straight to the log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-app.js'

let database: TestDatabase
beforeAll(async () => { database = await createTestDatabase() })
afterAll(() => database.drop())

function appWithLogLines() {
  const lines: string[] = []
  const log = createLogger('info', { service: 'nordicloop' }, (line) => lines.push(line))
  const app = createApp({ config: testConfig(), database, log })
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  return { app, lines, records }
}

describe('request logging', () => {
  it('writes one JSON line per request with method, path, status, ms and the X-Request-Id', async () => {
    const { app, lines, records } = appWithLogLines()
    const res = await app.request('/login?next=%2Faccount')
    expect(res.status).toBe(200)
    const requestId = res.headers.get('x-request-id')
    expect(requestId).toMatch(/^[\w-]{8,}$/)

    expect(lines).toHaveLength(1)
    // Every line is a JSON object on its own: no multi-line output for a shipper to stitch.
    expect(lines[0]).not.toContain('\n')
    const [entry] = records()
    expect(entry).toMatchObject({ level: 'info', msg: 'request', service: 'nordicloop', method: 'GET', path: '/login', status: 200, requestId })
    expect(typeof entry.ms).toBe('number')
    expect(entry.ms as number).toBeGreaterThanOrEqual(0)
    expect(Date.parse(entry.time as string)).not.toBeNaN()
  })

  it('gives each request its own id, and keeps one the proxy sent', async () => {
    const { app, records } = appWithLogLines()
    const a = await app.request('/healthz')
    const b = await app.request('/healthz')
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'))
    const c = await app.request('/healthz', { headers: { 'X-Request-Id': 'edge-1234' } })
    expect(c.headers.get('x-request-id')).toBe('edge-1234')
    expect(records().map((r) => r.requestId)).toEqual([a.headers.get('x-request-id'), b.headers.get('x-request-id'), 'edge-1234'])
  })

  it('logs the status of error responses too', async () => {
    const { app, records } = appWithLogLines()
    const res = await app.request('/no-such-page')
    expect(res.status).toBe(404)
    const requestLines = records().filter((r) => r.msg === 'request')
    expect(requestLines).toHaveLength(1)
    expect(requestLines[0]).toMatchObject({ method: 'GET', path: '/no-such-page', status: 404, requestId: res.headers.get('x-request-id') })
  })

  it('logs nothing below the configured level', () => {
    const lines: string[] = []
    const log = createLogger('warn', {}, (line) => lines.push(line))
    log.info('hidden')
    log.debug('hidden')
    log.warn('shown', { n: 1 })
    log.child({ requestId: 'r1' }).error('also shown')
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { level: 'warn', msg: 'shown', n: 1 },
      { level: 'error', msg: 'also shown', requestId: 'r1' },
    ])
  })
})
