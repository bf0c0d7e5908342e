// What an operator watches, in Prometheus' text format (prom-client): requests by route and
// status with their latency, live connections, bids taken and refused, deals by state, the
// email outbox, and how late and how long the scheduler's jobs run. Each app instance has its
// own registry; figures read from the database (deals, outbox, overdue auctions) are the same
// on every instance and read when scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { countDealsByStatus } from '../admin/deal-queries.js'
import { countOutboxBacklog } from '../admin/outbox-queries.js'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

export type BidOutcome = 'accepted' | 'repeat' | 'refused'

export type Metrics = {
  registry: Registry
  /** One observation per answered request: its count is the request count. */
  requests: Histogram<'method' | 'route' | 'status'>
  bids: Counter<'outcome'>
  jobDuration: Histogram<'job' | 'result'>
  /** Seconds between a job's scheduled tick and its start, at its last run. */
  jobLag: Gauge<'job'>
  jobLastSuccess: Gauge<'job'>
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'nordicloop_' })
  const registers = [registry]
  return {
    registry,
    requests: new Histogram({
      name: 'nordicloop_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    }),
    bids: new Counter({ name: 'nordicloop_bids_total', help: 'Bids answered: accepted, a repeated form (answered as before), or refused', labelNames: ['outcome'], registers }),
    jobDuration: new Histogram({
      name: 'nordicloop_job_duration_seconds', help: 'How long a scheduled job ran, by job and result (ok or failed)',
      labelNames: ['job', 'result'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300], registers,
    }),
    jobLag: new Gauge({ name: 'nordicloop_job_lag_seconds', help: 'At the last run of a job: seconds from its scheduled tick to its start', labelNames: ['job'], registers }),
    jobLastSuccess: new Gauge({ name: 'nordicloop_job_last_success_timestamp_seconds', help: 'When a job last ended without error (Unix seconds)', labelNames: ['job'], registers }),
  }
}

/** Gauges read when scraped: open live connections, and from the database what every instance shares. */
export function collectPlatformGauges(metrics: Metrics, deps: { db: Kysely<DB>; liveConnections: () => number; clock: () => Date }) {
  const registers = [metrics.registry]
  const { db } = deps
  new Gauge({
    name: 'nordicloop_sse_connections', help: 'Live pages (Server-Sent Events streams) open on this instance', registers,
    collect() { this.set(deps.liveConnections()) },
  })
  new Gauge({
    name: 'nordicloop_deals', help: 'Deals by state', labelNames: ['state'], registers,
    async collect() {
      const counts = await countDealsByStatus(db)
      this.reset()
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n)
    },
  })
  new Gauge({
    name: 'nordicloop_outbox_emails', help: 'Emails in the outbox by status (pending and sending are the backlog; failed gave up)', labelNames: ['status'], registers,
    async collect() {
      for (const [status, n] of Object.entries(await countOutboxBacklog(db))) this.set({ status }, n)
    },
  })
  new Gauge({
    name: 'nordicloop_outbox_oldest_pending_seconds', help: 'Age of the oldest email waiting to be sent (0 when none waits)', registers,
    async collect() {
      const row = await db.selectFrom('outbox').select((eb) => eb.fn.min('created_at').as('oldest')).where('status', 'in', ['pending', 'sending']).executeTakeFirst()
      this.set(row?.oldest ? Math.max(0, (deps.clock().getTime() - new Date(row.oldest).getTime()) / 1000) : 0)
    },
  })
  new Gauge({
    name: 'nordicloop_auctions_overdue_seconds', help: 'How long past its end the most overdue auction still open is (0 when the closing job keeps up)', registers,
    async collect() {
      const { rows } = await sql<{ oldest: Date | null }>`SELECT min(ends_at) AS oldest FROM listings
        WHERE status = 'live' AND sale_type = 'auction' AND ends_at <= ${deps.clock()}`.execute(db)
      const oldest = rows[0]?.oldest
      this.set(oldest ? (deps.clock().getTime() - new Date(oldest).getTime()) / 1000 : 0)
    },
  })
}

/** Times one run of a scheduled job: its lag behind the tick, its duration and result. */
export async function timedJob(metrics: Metrics | undefined, job: string, scheduledAt: Date | undefined, run: () => Promise<void>) {
  if (!metrics) return run()
  const started = Date.now()
  if (scheduledAt) metrics.jobLag.set({ job }, Math.max(0, (started - scheduledAt.getTime()) / 1000))
  try {
    await run()
    metrics.jobLastSuccess.set({ job }, Date.now() / 1000)
    metrics.jobDuration.observe({ job, result: 'ok' }, (Date.now() - started) / 1000)
  } catch (err) {
    metrics.jobDuration.observe({ job, result: 'failed' }, (Date.now() - started) / 1000)
    throw err
  }
}
