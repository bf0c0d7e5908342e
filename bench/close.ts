// Close bench: how fast a burst of endings closes through the real server's closing job
// (closeExpiredAuctions, every second with SCHEDULER=true). N live auctions (default 10,000),
// each with a leading bid, all ending at the same instant a few seconds after the server is up;
// from that instant, the seconds until none is live, auctions closed per second, the deals
// recorded and the emails queued, and whether every auction closed exactly once (ended, sold,
// one deal to its leader, its version moved on once). First with one server instance, then with
// two on one database, each scenario on a fresh database of its own.
//
// The aim is the closing: auctions closed, sales recorded, emails queued. The servers send
// through a local Postmark stand-in that answers each email after BENCH_MAIL_DELAY_MS (100, about
// what Postmark's API takes), so the outbox drain runs beside the close as it would in production;
// BENCH_MAILER=log sends through the log mailer instead, as fast as the CPU allows, a drain
// that competes with the close for the CPU far more than a real one would.
// Statements per close are counted first, on a small burst closed in this process.
//
//   npm run bench:close   (optional: BENCH_AUCTIONS=10000, BENCH_BIDDERS=50, BENCH_SELLERS=10,
//                          BENCH_CLOSE_TIMEOUT=75 seconds a scenario may take, BENCH_PROFILE=1 for
//                          a --cpu-prof of each server, BENCH_MAILER=log, BENCH_MAIL_DELAY_MS=100,
//                          BENCH_COUNT_AUCTIONS=1000, BENCH_DRAIN_WATCH_S=10, BENCH_DATABASE_URL,
//                          BENCH_KEEP=1)
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { printTable, ts } from './support.js'
import { CLOSING_BATCH, CLOSING_WORKERS } from '../src/auctions/close-expired.js'
import { createBenchDatabase, round1, startBenchServer, type BenchDatabase, type BenchServer } from './support/auction-setup.js'
import { machineBusyMs, parentPid, postgresCpuMs, processCpuMs } from './support/cpu.js'
import { createBurst, endAllAt, verifyClose, type Verdict } from './close/setup.js'
import { statementsPerClose } from './close/statements.js'
import { startPostmarkStandIn } from '../tests/stand-ins/postmark.js'

const AUCTIONS = Number(process.env.BENCH_AUCTIONS ?? 10_000)
const BIDDERS = Number(process.env.BENCH_BIDDERS ?? 50)
const SELLERS = Number(process.env.BENCH_SELLERS ?? 10)
const TIMEOUT_S = Number(process.env.BENCH_CLOSE_TIMEOUT ?? 75)
const PROFILE = process.env.BENCH_PROFILE === '1'
/** Auctions of the small burst whose statements are counted (BENCH_COUNT_AUCTIONS). */
const COUNT_AUCTIONS = Number(process.env.BENCH_COUNT_AUCTIONS ?? 1_000)
const LOG_MAILER = process.env.BENCH_MAILER === 'log'
const MAIL_DELAY_MS = Number(process.env.BENCH_MAIL_DELAY_MS ?? 100)
// After the close, how long to watch the drain send (its pace in emails a second).
const DRAIN_WATCH_S = Number(process.env.BENCH_DRAIN_WATCH_S ?? 10)
const AIM_SECONDS = 30
/** Time from moving the ends to the ending itself: the update and its vacuum go first. */
const LEAD_MS = 3_000

type Result = {
  instances: number; finished: boolean; seconds: number; firstCloseS: number; perS: number; left: number
  emailsSent: number; emailsPerS: number; serverCpuS: number; pgCpuS: number; machineCores: number; otherCores: number; verdict: Verdict; profiles: string[]
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Ctrl-C ends the scenario under way through its `finally`, so the servers stop and the database is dropped.
let interrupted = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { interrupted = true })
const checkInterrupted = () => { if (interrupted) throw new Error('interrupted') }

async function liveAuctions(bench: BenchDatabase): Promise<number> {
  const { rows: [r] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM listings WHERE status = 'live' AND sale_type = 'auction'`.execute(bench.db)
  return r.n
}

async function runScenario(instances: number): Promise<Result> {
  const bench = await createBenchDatabase()
  const servers: BenchServer[] = []
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'nordicloop-close-prof-')) : null
  const postmark = LOG_MAILER ? null : await startPostmarkStandIn({ delayMs: MAIL_DELAY_MS })
  const mail: Record<string, string> = postmark ? { POSTMARK_SERVER_TOKEN: postmark.token, POSTMARK_API_HOST: postmark.host } : {}
  try {
    let t = performance.now()
    await createBurst(bench.db, { count: AUCTIONS, sellers: SELLERS, bidders: BIDDERS })
    checkInterrupted()
    console.log(`${ts()} ${instances} instance(s): ${AUCTIONS} auctions with a leading bid written in ${((performance.now() - t) / 1000).toFixed(1)} s (database ${bench.name})`)
    for (let i = 0; i < instances; i++) {
      servers.push(await startBenchServer(bench.url, { SCHEDULER: 'true', ...mail }, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []))
    }
    // The end: a whole second a little ahead, so the job's tick at that second finds them all due.
    checkInterrupted()
    const due = new Date(Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000)
    await endAllAt(bench.db, due)
    if (Date.now() >= due.getTime()) throw new Error('moving the ends took longer than the lead: raise LEAD_MS')
    const { rows: [outbox] } = await sql<{ max: number }>`SELECT coalesce(max(id), 0)::int AS max FROM outbox`.execute(bench.db)
    const { rows: [backend] } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(bench.db)
    const postmaster = parentPid(backend.pid)
    console.log(`${ts()} ${servers.length} server(s) up with the scheduler; all end at ${due.toISOString().slice(11, 19)}`)

    await sleep(due.getTime() - Date.now())
    const dueAt = performance.now()
    const cpuNow = () => {
      const pg = postgresCpuMs(postmaster, bench.name)
      const self = process.cpuUsage()
      return { server: servers.reduce((s, x) => s + processCpuMs(x.pid), 0), pg: pg.databaseMs, pgAll: pg.allMs, self: (self.user + self.system) / 1000, machine: machineBusyMs() }
    }
    const cpu0 = cpuNow()
    let firstCloseS = NaN
    let left = AUCTIONS
    let lastReport = dueAt
    t = dueAt
    while (left > 0 && performance.now() - dueAt < TIMEOUT_S * 1000 && !interrupted) {
      await sleep(100)
      left = await liveAuctions(bench)
      t = performance.now()
      if (left < AUCTIONS && Number.isNaN(firstCloseS)) firstCloseS = (t - dueAt) / 1000
      if (t - lastReport > 10_000) {
        console.log(`${ts()}   ${AUCTIONS - left} closed, ${left} live`)
        lastReport = t
      }
    }
    const seconds = (t - dueAt) / 1000
    const cpu1 = cpuNow()
    const serverCpuS = (cpu1.server - cpu0.server) / 1000
    const pgCpuS = (cpu1.pg - cpu0.pg) / 1000
    // Busy time of the whole machine, and what was neither the servers, PostgreSQL nor this bench.
    const machineCores = (cpu1.machine - cpu0.machine) / 1000 / seconds
    const otherCores = Math.max(0, (cpu1.machine - cpu0.machine) - (cpu1.server - cpu0.server) - (cpu1.pgAll - cpu0.pgAll) - (cpu1.self - cpu0.self)) / 1000 / seconds
    checkInterrupted()
    const finished = left === 0
    // The outbox drain (every 5 s, batches of 50, ten sends at once) runs beside the close in the same server.
    const sentSoFar = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE id > ${outbox.max} AND status = 'sent'`.execute(bench.db)).rows[0]!.n
    const sent = { n: await sentSoFar() }
    // How fast the drain sends once the close is done: the emails sent in the next DRAIN_WATCH_S.
    const drainFrom = performance.now()
    await sleep(finished && !interrupted ? DRAIN_WATCH_S * 1000 : 0)
    const emailsPerS = finished ? (await sentSoFar() - sent.n) / ((performance.now() - drainFrom) / 1000) : NaN
    if (!finished) console.log(`${ts()}   gave up after ${TIMEOUT_S} s with ${left} still live (BENCH_CLOSE_TIMEOUT)`)
    for (const s of servers.splice(0)) await s.stop()
    // Read after the servers stopped: a close still in flight has committed or rolled back by now.
    const verdict = await verifyClose(bench.db, AUCTIONS, outbox.max)
    const profiles = profileDir ? readdirSync(profileDir).sort().map((f) => join(profileDir, f)) : []
    return { instances, finished, seconds, firstCloseS, perS: (AUCTIONS - left) / seconds, left, emailsSent: sent.n, emailsPerS, serverCpuS, pgCpuS, machineCores, otherCores, verdict, profiles }
  } finally {
    for (const s of servers) await s.stop()
    await postmark?.close()
    await bench.drop()
  }
}

async function main() {
  const started = performance.now()
  const results: Result[] = []
  const counted = await statementsPerClose(COUNT_AUCTIONS, { sellers: SELLERS, bidders: BIDDERS })
  console.log(`${ts()} statements: ${counted.statements} for ${counted.closed} closes in this process, ${counted.perClose.toFixed(2)} a close (BEGIN and COMMIT included)`)
  for (const instances of [1, 2]) results.push(await runScenario(instances))

  const name = (r: Result) => (r.instances === 1 ? 'one instance' : `${r.instances} instances`)
  const yes = (b: boolean) => (b ? 'yes' : 'NO')
  const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–')
  console.log(`\n${AUCTIONS} auctions with a leading bid each (${BIDDERS} bidder companies, ${SELLERS} sellers), all ending at one instant;`)
  console.log(`the servers' scheduler closes them (every second, ${CLOSING_WORKERS} workers an instance, ${CLOSING_BATCH} auctions a transaction). Seconds from the end until none is live;`)
  console.log(`emails sent ${LOG_MAILER ? 'by the log mailer, as fast as the CPU allows' : `through a Postmark stand-in answering in ${MAIL_DELAY_MS} ms`}; "then sent/s": the drain's pace in the ${DRAIN_WATCH_S} s after. Statements per close: ${counted.perClose.toFixed(2)}.\n`)
  printTable(['scenario', 'seconds', 'closed/s', 'first close s', 'still live', 'deals', 'emails queued', 'of them sent by the end', 'then sent/s', 'aim ≤ 30 s'],
    results.map((r) => [name(r), r.finished ? r.seconds.toFixed(1) : `>${r.seconds.toFixed(0)}`, r.perS.toFixed(0), fixed(r.firstCloseS, 1), String(r.left),
      String(r.verdict.deals), String(r.verdict.emails), String(r.emailsSent), fixed(r.emailsPerS, 0), yes(r.finished && r.seconds <= AIM_SECONDS)]))
  console.log('\nCPU in the window: the server process(es), the bench database\'s PostgreSQL backends and its cluster\'s own processes,')
  console.log('per auction closed; the machine\'s busy cores (of all), and those used by anything else\n')
  printTable(['scenario', 'server CPU s', 'PG CPU s', 'server ms/close', 'PG ms/close', 'machine busy cores', 'other processes\' cores'],
    results.map((r) => {
      const closed = AUCTIONS - r.left
      return [name(r), r.serverCpuS.toFixed(1), r.pgCpuS.toFixed(1), fixed((r.serverCpuS * 1000) / closed, 2), fixed((r.pgCpuS * 1000) / closed, 2),
        r.machineCores.toFixed(2), r.otherCores.toFixed(2)]
    }))
  const noisy = results.filter((r) => r.otherCores > 0.2)
  if (noisy.length) console.log(`\nNOTE: other processes used CPU during ${noisy.map(name).join(' and ')}: the machine was not the bench's alone, so those figures are likely low.`)
  console.log('')
  printTable(['scenario', 'ended', 'sold', 'version +1', 'one deal each', 'deal to leader', '2 emails each', 'exactly once'],
    results.map((r) => [name(r), String(r.verdict.ended), String(r.verdict.sold), String(r.verdict.bumpedOnce), String(r.verdict.listingsWithOneDeal),
      String(r.verdict.dealsToLeader), yes(r.verdict.emails === 2 * AUCTIONS), yes(r.verdict.exactlyOnce)]))
  for (const r of results) for (const p of r.profiles) console.log(`Server CPU profile (${name(r)}): node --import tsx bench/support/profile-summary.ts ${p}`)
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s\n`)

  const figures = (r: Result) => ({
    seconds: r.finished ? round1(r.seconds) : null, per_s: round1(r.perS), deals: r.verdict.deals, emails: r.verdict.emails, emails_sent: r.emailsSent, emails_per_s_after: Number.isFinite(r.emailsPerS) ? round1(r.emailsPerS) : null,
    first_close_s: Number.isFinite(r.firstCloseS) ? round1(r.firstCloseS) : null, still_live: r.left, server_cpu_s: round1(r.serverCpuS), pg_cpu_s: round1(r.pgCpuS),
    other_cores: Math.round(r.otherCores * 100) / 100,
  })
  console.log(JSON.stringify({
    bench: 'close', auctions: AUCTIONS, statements_per_close: Math.round(counted.perClose * 100) / 100, one_instance: figures(results[0]), two_instances: figures(results[1]), aim_seconds: AIM_SECONDS,
    exactly_once: results.every((r) => r.verdict.exactlyOnce),
  }))
  if (!results.every((r) => r.verdict.exactlyOnce) || !counted.exactlyOnce) process.exitCode = 1
}

await main()
