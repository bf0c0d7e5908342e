// /metrics: Prometheus' text format, served only to the configured scraper (its bearer token)
// or to a process on this machine connecting directly; its figures follow what happens.
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { logInAs, tradingCompanies } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'
import { enqueueEmail } from '../../src/notifications/outbox.js'
import { buildEmail } from '../../views/emails/email.js'
import { createMetrics, timedJob } from '../../src/metrics/metrics.js'
import { generateToken } from '../../src/lib/tokens.js'

const TOKEN = 'scraper-token-0123456789'
const { app, db, clock, hub } = await createTestApp({ config: { METRICS_TOKEN: TOKEN } })
const scrape = (token = TOKEN) => app.request('/metrics', { headers: { authorization: `Bearer ${token}` } })

type Sample = { name: string; labels: Record<string, string>; value: number }
function parse(text: string): Sample[] {
  return text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`)
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]))
    return { name: m[1]!, labels, value: Number(m[3]) }
  })
}
async function samples() {
  const res = await scrape()
  expect(res.status).toBe(200)
  return parse(await res.text())
}
const value = (all: Sample[], name: string, labels: Record<string, string> = {}) =>
  all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0)

describe('who may read /metrics', () => {
  it('the scraper with the token gets the text format; without it, or with another, a 404 like any missing page', async () => {
    const ok = await scrape()
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toContain('text/plain')
    expect(await ok.text()).toContain('# TYPE nordicloop_http_request_duration_seconds histogram')
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }]) {
      const res = await app.request('/metrics', { headers })
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('nordicloop_')
    }
  })

  describe('over a real socket, without the token', () => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
    afterAll(() => new Promise<void>((done) => server.close(() => done())))
    const get = (headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
      const { port } = server.address() as AddressInfo
      httpRequest({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0) }).on('error', reject).end()
    })

    it('a process on this machine connecting directly may read it', async () => {
      expect(await get({})).toBe(200)
    })

    it.each(['x-forwarded-for', 'forwarded', 'x-real-ip'])('a request a proxy on this machine passes on (%s) may not', async (header) => {
      expect(await get({ [header]: header === 'forwarded' ? 'for=203.0.113.9' : '203.0.113.9' })).toBe(404)
    })
  })
})

describe('what it counts', () => {
  it('requests by route pattern and status, never by the path with its ids', async () => {
    const [seller] = await tradingCompanies(db)
    const listing = await createTestListing(db, seller.companyId, { now: clock() })
    const before = await samples()
    const name = 'nordicloop_http_request_duration_seconds_count'
    const listingRoute = before.find((s) => s.name === name && s.labels.route?.includes('/listings/:id'))?.labels.route
    await app.request(`/listings/${listing}`)
    await app.request(`/listings/${listing}`)
    await app.request('/no/such/page')
    await app.request('/')
    const after = await samples()
    const routes = new Set(after.filter((s) => s.name === name).map((s) => s.labels.route!))
    expect(routes).toContain('/')
    expect(routes).toContain('unmatched')
    expect([...routes].find((r) => r.startsWith('/listings/:id') && !r.includes('/', '/listings/:id'.length))).toBe(listingRoute ?? '/listings/:id')
    for (const route of routes) expect(route).not.toMatch(/[0-9a-f]{8}-|[{}]/)
    expect(value(after, name, { route: '/listings/:id', status: '200' }) - value(before, name, { route: '/listings/:id', status: '200' })).toBe(2)
    expect(value(after, name, { route: 'unmatched', status: '404' }) - value(before, name, { route: 'unmatched', status: '404' })).toBe(1)
  })

  it('bids accepted, repeated and refused', async () => {
    const [seller, buyer] = await tradingCompanies(db)
    const listing = await createTestListing(db, seller.companyId, { now: clock() })
    const browser = await logInAs(app, buyer.owner)
    const before = await samples()
    const first = generateToken()
    const statuses = []
    for (const [amount, key] of [['1000', first], ['1000', first], ['1000', generateToken()], ['lots', generateToken()]]) {
      statuses.push((await browser.post(`/listings/${listing}/bids`, { amount: amount!, idempotency_key: key! })).status)
    }
    // Taken; the same form again (its first answer); refused (already leading at that price); not an amount.
    expect(statuses).toEqual([303, 303, 409, 422])
    const after = await samples()
    const added = (outcome: string) => value(after, 'nordicloop_bids_total', { outcome }) - value(before, 'nordicloop_bids_total', { outcome })
    expect([added('accepted'), added('repeat'), added('refused')]).toEqual([1, 1, 2])
  })

  it('deals by state, the outbox backlog and its age, and auctions overdue for closing, as the database has them', async () => {
    const [seller, buyer] = await tradingCompanies(db)
    const browser = await logInAs(app, buyer.owner)
    await buyFixedPriceLot(db, browser, { sellerCompanyId: seller.companyId, title: 'Steel offcuts', price: 50_000, now: clock() })
    await enqueueEmail(db, buildEmail({ template: 'verify_email', to: 'metrics@x.example', subject: 'Hi', greeting: 'Hello', paragraphs: ['Hi.'] }))
    await db.updateTable('outbox').set({ status: 'failed', last_error: 'refused by Postmark' }).where('to_address', '=', 'metrics@x.example').execute()
    await enqueueEmail(db, buildEmail({ template: 'verify_email', to: 'metrics2@x.example', subject: 'Hi', greeting: 'Hello', paragraphs: ['Hi.'] }))
    await db.updateTable('outbox').set({ created_at: new Date(clock().getTime() - 120_000) }).where('to_address', '=', 'metrics2@x.example').execute()
    const overdue = await createTestListing(db, seller.companyId, { now: clock(), ends_at: new Date(clock().getTime() - 90_000) })
    const all = await samples()
    const deals = await db.selectFrom('deals').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute()
    expect(deals.length).toBeGreaterThan(0)
    for (const row of deals) expect(value(all, 'nordicloop_deals', { state: row.status })).toBe(Number(row.n))
    const outbox = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute()
    for (const status of ['pending', 'failed']) expect(value(all, 'nordicloop_outbox_emails', { status })).toBe(Number(outbox.find((r) => r.status === status)?.n ?? 0))
    expect(value(all, 'nordicloop_outbox_emails', { status: 'failed' })).toBeGreaterThanOrEqual(1)
    expect(value(all, 'nordicloop_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(120)
    expect(value(all, 'nordicloop_auctions_overdue_seconds')).toBeGreaterThanOrEqual(90)
    await db.updateTable('listings').set({ status: 'ended' }).where('id', '=', overdue).execute()
  })

  it('open live pages on this instance', async () => {
    const [seller] = await tradingCompanies(db)
    const listing = await createTestListing(db, seller.companyId, { now: clock() })
    const before = value(await samples(), 'nordicloop_sse_connections')
    const controller = new AbortController()
    const res = await app.request(`/listings/${listing}/live`, { signal: controller.signal })
    const reader = res.body!.getReader()
    await reader.read()
    expect(hub.connectionCount).toBe(before + 1)
    expect(value(await samples(), 'nordicloop_sse_connections')).toBe(before + 1)
    await reader.cancel()
    expect(value(await samples(), 'nordicloop_sse_connections')).toBe(before)
  })
})

describe('without a database', () => {
  it('a scrape fails as a whole with a 503 that says why, never a 500', async () => {
    const other = await createTestApp({ config: { METRICS_TOKEN: TOKEN } })
    await other.hub.stop()
    await other.database.drop()
    const res = await other.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('The database did not answer')
  })
})

describe('scheduled jobs', () => {
  it('each run: its lag behind the tick, its duration and result, and its last success', async () => {
    const metrics = createMetrics()
    const tick = new Date(Date.now() - 1500)
    await timedJob(metrics, 'close-auctions', tick, async () => { await new Promise((r) => setTimeout(r, 30)) })
    await expect(timedJob(metrics, 'drain-outbox', new Date(), async () => { throw new Error('database down') })).rejects.toThrow('database down')
    const all = parse(await metrics.registry.metrics())
    expect(value(all, 'nordicloop_job_lag_seconds', { job: 'close-auctions' })).toBeGreaterThanOrEqual(1.5)
    expect(value(all, 'nordicloop_job_duration_seconds_count', { job: 'close-auctions', result: 'ok' })).toBe(1)
    expect(value(all, 'nordicloop_job_duration_seconds_sum', { job: 'close-auctions', result: 'ok' })).toBeGreaterThanOrEqual(0.03)
    expect(value(all, 'nordicloop_job_duration_seconds_count', { job: 'drain-outbox', result: 'failed' })).toBe(1)
    expect(value(all, 'nordicloop_job_last_success_timestamp_seconds', { job: 'close-auctions' })).toBeGreaterThan(Date.now() / 1000 - 60)
    expect(all.some((s) => s.name === 'nordicloop_job_last_success_timestamp_seconds' && s.labels.job === 'drain-outbox')).toBe(false)
  })
})
