// One scenario of the bids bench: so many bidder companies, each with so many bids in flight,
// on one hot auction, optionally with SSE watchers of that auction's live stream connected (in
// a process of their own). At the edges of the measuring window, which the load generator
// announces over IPC, it samples the CPU time of the server and of PostgreSQL and the
// listing's version, so the window yields CPU per request and bids per version (per batch).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { percentile, ts } from '../support.js'
import type { BenchServer, Session } from './auction-setup.js'
import { sampleCpu, type CpuSample } from './cpu.js'
import type { LoadJob, LoadMessage, LoadResult } from './bid-load.js'
import { Watchers } from './watchers.js'

export type Scenario = { bidders: number; inFlight: number; watchers: number }

/** "20x2+1000w" → 20 bidders × 2 in flight, 1,000 watchers; "64x1" → 64 × 1, none. */
export function parseScenario(spec: string): Scenario {
  const m = /^(\d+)x(\d+)(?:\+(\d+)w)?$/.exec(spec.trim())
  if (!m) throw new Error(`scenario "${spec}" is not of the form <bidders>x<in flight>[+<watchers>w], e.g. 20x2+1000w`)
  return { bidders: Number(m[1]), inFlight: Number(m[2]), watchers: Number(m[3] ?? 0) }
}

export const describeScenario = (s: Scenario) =>
  `${s.bidders} × ${s.inFlight}${s.watchers ? `, ${s.watchers} watchers` : ''}`

export type ScenarioResult = Scenario & {
  windowS: number
  load: LoadResult
  acceptedPerS: number
  /** Bid requests answered 200: new bids, and leaders raising their own maximum (no new bid row). */
  takenPerS: number
  requestsPerS: number
  p50: number
  p99: number
  /** Accepted bid rows in the window ÷ the listing's version increase over it. */
  bidsPerBatch: number
  serverCpuMsPerRequest: number
  /** The bench database's backends and its cluster's own processes. */
  pgCpuMsPerRequest: number
  /** Every process named postgres on the machine. */
  pgAllCpuMsPerRequest: number
  /** Cores' worth of CPU that processes other than the server, its database and the bench's own used in the window: noise from a shared machine. */
  otherCores: number
  /** Share of the window a server's main thread (its event loop) was running, averaged over the instances: near 1, it is the limit. */
  eventLoopBusy: number
  /** Cores' worth of CPU the whole machine used in the window (of its cores in all). */
  machineCores: number
  watchersOpen: number
  /** Events the watchers received in the window, all of them together. */
  watcherFrames: number
}

export type ScenarioContext = {
  db: Kysely<DB>
  /** The bench database's name, and the pid of its cluster's postmaster. */
  database: string
  postmaster: number
  /** The app instances (one, or BENCH_INSTANCES), all on the bench database. */
  servers: BenchServer[]
  listingId: string
  /** Logged-in bidder companies; a scenario uses the first `bidders` of them. */
  sessions: Session[]
  increment: number
  startPrice: number
  warmupMs: number
  durationMs: number
}

/** The load generator in its own process; `onEdge` hears of the window's start and end as they pass. */
function runLoad(job: LoadJob, onEdge: (edge: 'window-start' | 'window-end', loadPid: number) => void): Promise<LoadResult> {
  const file = fileURLToPath(new URL('./bid-load.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'result') resolve(m.result)
      else onEdge(m.type, child.pid!)
    })
    child.once('exit', (code) => { if (code !== 0) reject(new Error(`load generator exited with ${code}`)) })
    child.send(job)
  })
}

async function listingVersion(db: Kysely<DB>, listingId: string) {
  const row = await db.selectFrom('listings').select('version').where('id', '=', listingId).executeTakeFirstOrThrow()
  return row.version
}

type Edge = { at: number; cpu: CpuSample; version: Promise<number>; frames: Promise<number> }

export async function runScenario(ctx: ScenarioContext, scenario: Scenario): Promise<ScenarioResult> {
  if (scenario.bidders > ctx.sessions.length) throw new Error(`scenario needs ${scenario.bidders} bidders, ${ctx.sessions.length} are logged in`)
  const watchers = scenario.watchers ? new Watchers() : null
  try {
    let watchersOpen = 0
    if (watchers) {
      // As the auction page does: ?v= the version it was rendered with, so no frame is due on connect.
      const path = `/listings/${ctx.listingId}/live?v=${await listingVersion(ctx.db, ctx.listingId)}`
      // Spread over the instances, as a load balancer would.
      for (const [i, server] of ctx.servers.entries()) {
        const n = Math.floor(scenario.watchers / ctx.servers.length) + (i < scenario.watchers % ctx.servers.length ? 1 : 0)
        const connected = await watchers.ask({ type: 'connect', port: server.port, path, n, track: false }, 'connected')
        console.log(`${ts()} ${connected.open - watchersOpen} watchers open on ${server.url} (${connected.failed} failed) in ${(connected.ms / 1000).toFixed(1)} s`)
        watchersOpen = connected.open // the watchers' process counts all it holds
      }
      await sleep(1000)
    }
    const frames = async () => (watchers ? (await watchers.ask({ type: 'stats' }, 'stats')).frames : 0)

    console.log(`${ts()} ${describeScenario(scenario)}: ${scenario.bidders} bidders, ${scenario.inFlight} bid(s) in flight each, ${ctx.warmupMs / 1000} s warm-up + ${ctx.durationMs / 1000} s`)
    const edges: Partial<Record<'window-start' | 'window-end', Edge>> = {}
    const load = await runLoad({
      urls: ctx.servers.map((server) => server.url), listingId: ctx.listingId, sessions: ctx.sessions.slice(0, scenario.bidders),
      concurrency: scenario.bidders * scenario.inFlight, increment: ctx.increment, startPrice: ctx.startPrice,
      warmupMs: ctx.warmupMs, durationMs: ctx.durationMs, proxyShare: 0.02,
    }, (edge, loadPid) => {
      // /proc first, synchronously, at the instant the message arrives; then the queries.
      const clientPids = [process.pid, loadPid, ...(watchers?.pid ? [watchers.pid] : [])]
      const cpu = sampleCpu({ serverPids: ctx.servers.map((server) => server.pid), postmaster: ctx.postmaster, database: ctx.database, clientPids })
      edges[edge] = { at: performance.now(), cpu, version: listingVersion(ctx.db, ctx.listingId), frames: frames() }
    })
    const start = edges['window-start']
    const end = edges['window-end']
    if (!start || !end) throw new Error('the load generator did not announce its window')
    const [v0, v1, f0, f1] = await Promise.all([start.version, end.version, start.frames, end.frames])

    const counted = await ctx.db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('listing_id', '=', ctx.listingId).where('kind', '=', 'bid')
      .where('created_at', '>=', new Date(load.windowStart)).where('created_at', '<', new Date(load.windowEnd)).executeTakeFirstOrThrow()
    const accepted = Number(counted.n)
    const windowS = (load.windowEnd - load.windowStart) / 1000
    const perRequest = (ms: number) => (load.sent ? ms / load.sent : NaN)
    const used = (k: keyof CpuSample) => end.cpu[k] - start.cpu[k]
    const other = used('machineMs') - used('serverMs') - used('postgresBenchMs') - used('clientsMs')
    return {
      ...scenario, windowS, load,
      acceptedPerS: accepted / windowS,
      takenPerS: load.accepted / windowS,
      requestsPerS: load.sent / windowS,
      p50: percentile(load.latenciesMs, 50),
      p99: percentile(load.latenciesMs, 99),
      bidsPerBatch: v1 > v0 ? accepted / (v1 - v0) : NaN,
      serverCpuMsPerRequest: perRequest(used('serverMs')),
      pgCpuMsPerRequest: perRequest(used('postgresBenchMs')),
      pgAllCpuMsPerRequest: perRequest(used('postgresMs')),
      otherCores: Math.max(0, other) / (end.at - start.at),
      machineCores: used('machineMs') / (end.at - start.at),
      eventLoopBusy: used('serverMainMs') / (end.at - start.at) / ctx.servers.length,
      watchersOpen,
      watcherFrames: f1 - f0,
    }
  } finally {
    await watchers?.close()
  }
}
