// Bids bench: accepted bids per second on ONE hot auction, many companies bidding at once over
// HTTP against the real server (a child process), in several scenarios of one run: by default
// 20 companies × 2 bids in flight each and 64 companies × 1, each without and with 1,000 SSE
// watchers on the auction's live stream (in a process of their own). For each: bids and requests per
// second, round-trip p50/p99, bids per version (per batch), and CPU per request of the server
// and of PostgreSQL. Beside them the ceiling: the raw rate of the equivalent single-row
// transaction (lock, update, insert, NOTIFY) run by pgbench on the same database in the same
// run, with 8 clients and with as many clients as the largest scenario has bids in flight.
//
//   npm run bench:bids   (optional: BENCH_SCENARIOS=20x2,20x2+1000w,64x1,64x1+1000w (<bidders>x<in flight>
//                         [+<watchers>w]), BENCH_SECONDS=12 per scenario, BENCH_PGBENCH_SECONDS=8,
//                         BENCH_PROFILE=1 for a --cpu-prof of the server (all scenarios),
//                         BENCH_INSTANCES=2 for two app instances on the one database, the
//                         bidders and watchers spread over them (server CPU: all of them),
//                         BENCH_DATABASE_URL, BENCH_KEEP=1, PGBENCH=path)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { sql } from 'kysely'
import { printTable, ts } from './support.js'
import { ADMIN_URL, createAuction, createBenchDatabase, createCompanies, logIn, round1, startBenchServer } from './support/auction-setup.js'
import { parentPid } from './support/cpu.js'
import { describeScenario, parseScenario, runScenario, type ScenarioResult } from './support/bid-scenario.js'

const SCENARIOS = (process.env.BENCH_SCENARIOS ?? '20x2,20x2+1000w,64x1,64x1+1000w').split(',').filter(Boolean).map(parseScenario)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12)
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 8)
const INCREMENT = 100 // €1: prices stay readable after tens of thousands of bids
const START_PRICE = 100_000
const PROFILE = process.env.BENCH_PROFILE === '1'
// App instances on the one database: bidders and watchers are spread over them.
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1)
const BIDDERS = Math.max(...SCENARIOS.map((s) => s.bidders))
const MAX_IN_FLIGHT = Math.max(...SCENARIOS.map((s) => s.bidders * s.inFlight))

function pgbenchPath() {
  if (process.env.PGBENCH) return process.env.PGBENCH
  for (const p of ['/usr/lib/postgresql/15/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/17/bin/pgbench']) if (existsSync(p)) return p
  return 'pgbench'
}

/** Connections the server has left for pgbench, keeping a margin for the app's pool and others. */
async function freeConnections() {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  const { rows } = await c.query<{ max: string; used: string }>(`SELECT current_setting('max_connections') AS max, (SELECT count(*) FROM pg_stat_activity) AS used`)
  await c.end()
  return Number(rows[0].max) - Number(rows[0].used) - 10
}

function runPgbench(url: string, script: string, clients: number, seconds: number): number {
  const u = new URL(url)
  const out = execFileSync(pgbenchPath(), [
    '-n', '-c', String(clients), '-j', String(Math.min(clients, 4)), '-T', String(seconds), '-f', script,
    '-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), u.pathname.slice(1),
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const m = /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(out)
  if (!m) throw new Error(`could not read pgbench output:\n${out}`)
  return Number(m[1])
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–')
const round2 = (n: number) => Math.round(n * 100) / 100
/** JSON has no NaN: a figure that could not be had (no requests, no version change) is null. */
const orNull = (n: number, round: (n: number) => number) => (Number.isFinite(n) ? round(n) : null)

async function main() {
  const started = performance.now()
  const bench = await createBenchDatabase()
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'nordicloop-bids-prof-')) : null
  const scratch = mkdtempSync(join(tmpdir(), 'nordicloop-bids-'))
  const servers: Awaited<ReturnType<typeof startBenchServer>>[] = []
  try {
    const [seller] = await createCompanies(bench.db, 1, 'Seller')
    const bidders = await createCompanies(bench.db, BIDDERS, 'Bidder')
    const listingId = await createAuction(bench.db, seller.companyId, { startPrice: START_PRICE, increment: INCREMENT })
    const ceilingListingId = await createAuction(bench.db, seller.companyId, { startPrice: START_PRICE, increment: INCREMENT, title: 'Ceiling lot' })
    for (let i = 0; i < INSTANCES; i++) servers.push(await startBenchServer(bench.url, {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []))
    console.log(`${ts()} ${INSTANCES === 1 ? 'server' : `${INSTANCES} servers`} up at ${servers.map((s) => s.url).join(', ')} (database ${bench.name}); logging in ${BIDDERS} bidders`)
    // A session is a row in the database: it works on every instance.
    const sessions = await Promise.all(bidders.map((b) => logIn(servers[0]!.url, b.email)))

    // The cluster's postmaster is the parent of any of its backends, such as this one.
    const { rows: [backend] } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(bench.db)
    const postmaster = parentPid(backend.pid)
    const results: ScenarioResult[] = []
    for (const scenario of SCENARIOS) {
      results.push(await runScenario({
        db: bench.db, database: bench.name, postmaster, servers, listingId, sessions, increment: INCREMENT, startPrice: START_PRICE, warmupMs: 2000, durationMs: SECONDS * 1000,
      }, scenario))
    }
    const autos = await bench.db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('listing_id', '=', listingId).where('kind', '=', 'auto').executeTakeFirstOrThrow()

    // History check: the auction's bids strictly increase, and the price is the last of them.
    const { rows: [history] } = await sql<{ bad: string; last: string; price: string }>`
      SELECT (SELECT count(*) FROM (SELECT amount <= lag(amount) OVER (ORDER BY id) AS bad FROM bids WHERE listing_id = ${listingId}) x WHERE bad) AS bad,
             (SELECT amount FROM bids WHERE listing_id = ${listingId} ORDER BY id DESC LIMIT 1) AS last,
             (SELECT current_price FROM listings WHERE id = ${listingId}) AS price`.execute(bench.db)

    // The ceiling, with the server still up and LISTENing, as in production.
    const script = (notify: boolean) => {
      const file = join(scratch, notify ? 'bid-notify.sql' : 'bid.sql')
      writeFileSync(file, [
        'BEGIN;',
        `SELECT id, status, current_price, bid_count, leading_company_id, version FROM listings WHERE id = '${ceilingListingId}' FOR UPDATE;`,
        `UPDATE listings SET current_price = current_price + 1, bid_count = bid_count + 1, version = version + 1 WHERE id = '${ceilingListingId}';`,
        `INSERT INTO bids (listing_id, company_id, user_id, amount, kind, created_at) VALUES ('${ceilingListingId}', '${bidders[0].companyId}', '${bidders[0].userId}', 100001, 'bid', now());`,
        ...(notify ? [`SELECT pg_notify('listing_events', '${ceilingListingId}:1');`] : []),
        'COMMIT;', '',
      ].join('\n'))
      return file
    }
    await bench.db.updateTable('listings').set({ current_price: START_PRICE }).where('id', '=', ceilingListingId).execute()
    const highClients = Math.max(8, Math.min(MAX_IN_FLIGHT, await freeConnections()))
    const ceilings: { clients: number; notify: boolean; tps: number }[] = []
    for (const clients of [8, highClients]) {
      for (const notify of [true, false]) {
        console.log(`${ts()} pgbench ${clients} clients ${notify ? 'with' : 'without'} NOTIFY, ${PGBENCH_SECONDS} s`)
        ceilings.push({ clients, notify, tps: runPgbench(bench.url, script(notify), clients, PGBENCH_SECONDS) })
      }
    }
    const ceilingNotify = Math.max(...ceilings.filter((c) => c.notify).map((c) => c.tps))
    const ceilingPlain = Math.max(...ceilings.filter((c) => !c.notify).map((c) => c.tps))
    const historyOk = Number(history.bad) === 0 && String(history.last) === String(history.price)

    console.log(`\nOne hot auction over HTTP (htmx bid form, keep-alive), ${SECONDS} s measured a scenario; bidders × bids in flight each`)
    console.log('bids/batch: accepted bids ÷ the listing\'s version increase. CPU ms/req: utime+stime in the window ÷ bid requests, of the server process,')
    console.log('and of PostgreSQL: the bench database\'s backends and the cluster\'s own processes ("all": every process named postgres on the machine)\n')
    printTable(['scenario', 'accepted bids/s', 'bid requests/s', 'p50 ms', 'p99 ms', 'bids/batch', 'server CPU ms/req', 'PG CPU ms/req', 'accepted ÷ ceiling'],
      results.map((r) => [describeScenario(r), fixed(r.acceptedPerS, 0), fixed(r.requestsPerS, 0), fixed(r.p50, 1), fixed(r.p99, 1),
        fixed(r.bidsPerBatch, 2), fixed(r.serverCpuMsPerRequest, 2), fixed(r.pgCpuMsPerRequest, 2), fixed(r.acceptedPerS / ceilingNotify, 2)]))
    console.log('')
    printTable(['scenario', 'answered 200/s', 'refusals', 'transport errors', 'watchers open', 'frames at watchers/s', 'PG CPU ms/req (all)', 'server event loop busy', 'machine busy (cores)', 'other processes\' CPU (cores)'],
      results.map((r) => [describeScenario(r), fixed(r.takenPerS, 0),
        `${r.load.refusals} (${Object.entries(r.load.refusalKinds).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`,
        String(r.load.errors), String(r.watchersOpen), r.watchers ? fixed(r.watcherFrames / r.windowS, 0) : '–',
        fixed(r.pgAllCpuMsPerRequest, 2), `${fixed(r.eventLoopBusy * 100, 0)} %`, `${fixed(r.machineCores, 2)} of ${availableParallelism()}`, fixed(r.otherCores, 2)]))
    console.log('answered 200/s: new bids and leaders raising their own maximum (accepted, no new bid in the history).')
    console.log('Event loop busy: the share of the window the server\'s main thread ran. Machine busy: every process, the bench\'s own included.')
    // A quiet machine shows a few hundredths of a core here; a test run or a build beside the bench shows most of one.
    const noisy = results.filter((r) => r.otherCores > 0.2)
    if (noisy.length) console.log(`\nNOTE: other processes used CPU during ${noisy.map(describeScenario).join('; ')}: the machine was not the bench's alone, so those figures are likely low.`)
    console.log(`\nAuto bids from proxies (whole run): ${autos.n}. History strictly increasing: ${Number(history.bad) === 0 ? 'yes' : `NO (${history.bad} out of order)`}; price = last bid: ${String(history.last) === String(history.price) ? 'yes' : 'NO'}`)
    console.log(`\nCeiling: the same single-row transaction through pgbench on the same database (${PGBENCH_SECONDS} s each)\n`)
    printTable(['clients', 'NOTIFY', 'tx/s'], ceilings.map((c) => [String(c.clients), c.notify ? 'yes' : 'no', c.tps.toFixed(0)]))
    console.log(`\nRatio: accepted bids/s ÷ the best ceiling with NOTIFY (${ceilingNotify.toFixed(0)} tx/s), per scenario above (aim ≥ 0.6)`)
    const totalS = (performance.now() - started) / 1000
    console.log(`Total ${totalS.toFixed(0)} s\n`)

    for (const server of servers.splice(0)) await server.stop()
    if (profileDir) {
      // --cpu-prof writes its profiles as the server exits, one a thread (the main thread's has .0. in its name).
      for (const f of readdirSync(profileDir).sort()) console.log(`Server CPU profile: node --import tsx bench/support/profile-summary.ts ${join(profileDir, f)}`)
      console.log('')
    }
    console.log(JSON.stringify({
      bench: 'bids', seconds: SECONDS, instances: INSTANCES,
      scenarios: results.map((r) => ({
        bidders: r.bidders, in_flight: r.inFlight, watchers: r.watchers, watchers_open: r.watchersOpen, seconds: round1(r.windowS),
        accepted_per_s: round1(r.acceptedPerS), answered_200_per_s: round1(r.takenPerS), requests_per_s: round1(r.requestsPerS), refusals: r.load.refusals, errors: r.load.errors,
        p50_ms: orNull(r.p50, round1), p99_ms: orNull(r.p99, round1), bids_per_batch: orNull(r.bidsPerBatch, round2),
        server_cpu_ms_per_request: orNull(r.serverCpuMsPerRequest, round2), pg_cpu_ms_per_request: orNull(r.pgCpuMsPerRequest, round2),
        pg_all_cpu_ms_per_request: orNull(r.pgAllCpuMsPerRequest, round2), event_loop_busy: round2(r.eventLoopBusy), machine_cores: round2(r.machineCores), other_cores: round2(r.otherCores),
        ratio: round2(r.acceptedPerS / ceilingNotify),
      })),
      ceiling_notify_tps: round1(ceilingNotify), ceiling_plain_tps: round1(ceilingPlain),
      ceilings: ceilings.map((c) => ({ clients: c.clients, notify: c.notify, tps: round1(c.tps) })),
      history_ok: historyOk, total_s: round1(totalS),
    }))
  } finally {
    for (const server of servers) await server.stop()
    rmSync(scratch, { recursive: true, force: true })
    await bench.drop()
  }
}

await main()
