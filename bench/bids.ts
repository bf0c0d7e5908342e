// Bids bench: accepted bids per second on ONE hot auction, many companies bidding at once over
// HTTP against the real server (a child process), beside the ceiling: the raw rate of the
// equivalent single-row transaction (lock, update, insert, NOTIFY) run by pgbench on the same
// database in the same run, with 8 clients and with as many clients as there are bidders.
//
//   npm run bench:bids   (optional: BENCH_BIDDERS=64, BENCH_SECONDS=12, BENCH_PROFILE=1 for a
//                         --cpu-prof of the server, BENCH_DATABASE_URL, BENCH_KEEP=1, PGBENCH=path)
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { sql } from 'kysely'
import { percentile, printTable, ts } from './support.js'
import { ADMIN_URL, createAuction, createBenchDatabase, createCompanies, logIn, round1, startBenchServer } from './support/auction-setup.js'
import type { LoadJob, LoadResult } from './support/bid-load.js'

const BIDDERS = Number(process.env.BENCH_BIDDERS ?? 64)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12)
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 8)
const INCREMENT = 100 // €1: prices stay readable after tens of thousands of bids
const START_PRICE = 100_000
const PROFILE = process.env.BENCH_PROFILE === '1'

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

function runLoad(job: LoadJob): Promise<LoadResult> {
  const file = fileURLToPath(new URL('./support/bid-load.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as LoadResult))
    child.once('exit', (code) => { if (code !== 0) reject(new Error(`load generator exited with ${code}`)) })
    child.send(job)
  })
}

async function main() {
  const started = performance.now()
  const bench = await createBenchDatabase()
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'nordicloop-bids-prof-')) : null
  const scratch = mkdtempSync(join(tmpdir(), 'nordicloop-bids-'))
  let server: Awaited<ReturnType<typeof startBenchServer>> | null = null
  try {
    const [seller] = await createCompanies(bench.db, 1, 'Seller')
    const bidders = await createCompanies(bench.db, BIDDERS, 'Bidder')
    const listingId = await createAuction(bench.db, seller.companyId, { startPrice: START_PRICE, increment: INCREMENT })
    const ceilingListingId = await createAuction(bench.db, seller.companyId, { startPrice: START_PRICE, increment: INCREMENT, title: 'Ceiling lot' })
    server = await startBenchServer(bench.url, {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])
    console.log(`${ts()} server up at ${server.url} (database ${bench.name}); logging in ${BIDDERS} bidders`)
    const sessions = await Promise.all(bidders.map((b) => logIn(server!.url, b.email)))

    console.log(`${ts()} ${BIDDERS} bidders bidding on one auction for 2 s warm-up + ${SECONDS} s`)
    const load = await runLoad({
      url: server.url, listingId, sessions, concurrency: BIDDERS, increment: INCREMENT, startPrice: START_PRICE,
      warmupMs: 2000, durationMs: SECONDS * 1000, proxyShare: 0.02,
    })
    const counted = await bench.db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('listing_id', '=', listingId).where('kind', '=', 'bid')
      .where('created_at', '>=', new Date(load.windowStart)).where('created_at', '<', new Date(load.windowEnd)).executeTakeFirstOrThrow()
    const autos = await bench.db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('listing_id', '=', listingId).where('kind', '=', 'auto').executeTakeFirstOrThrow()
    const windowS = (load.windowEnd - load.windowStart) / 1000
    const acceptedPerS = Number(counted.n) / windowS

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
    const highClients = Math.max(8, Math.min(BIDDERS, await freeConnections()))
    const ceilings: { clients: number; notify: boolean; tps: number }[] = []
    for (const clients of [8, highClients]) {
      for (const notify of [true, false]) {
        console.log(`${ts()} pgbench ${clients} clients ${notify ? 'with' : 'without'} NOTIFY, ${PGBENCH_SECONDS} s`)
        ceilings.push({ clients, notify, tps: runPgbench(bench.url, script(notify), clients, PGBENCH_SECONDS) })
      }
    }
    const ceilingNotify = Math.max(...ceilings.filter((c) => c.notify).map((c) => c.tps))
    const ceilingPlain = Math.max(...ceilings.filter((c) => !c.notify).map((c) => c.tps))
    const ratio = acceptedPerS / ceilingNotify

    const p50 = percentile(load.latenciesMs, 50)
    const p99 = percentile(load.latenciesMs, 99)
    console.log(`\nOne hot auction, ${BIDDERS} bidder companies over HTTP (htmx bid form, keep-alive), ${windowS.toFixed(1)} s measured\n`)
    printTable(['measure', 'value'], [
      ['accepted bids/s (bids rows of kind bid in the window)', acceptedPerS.toFixed(0)],
      ['requests/s (all answers; a bid plainly too low is refused before the row lock)', (load.sent / windowS).toFixed(0)],
      ['refusals', `${load.refusals} (${Object.entries(load.refusalKinds).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`],
      ['transport errors', String(load.errors)],
      ['auto bids from proxies (whole run)', String(autos.n)],
      ['bid request latency p50 ms', p50.toFixed(1)],
      ['bid request latency p99 ms', p99.toFixed(1)],
      ['history strictly increasing; price = last bid', `${Number(history.bad) === 0 ? 'yes' : `NO (${history.bad} out of order)`}; ${String(history.last) === String(history.price) ? 'yes' : 'NO'}`],
    ])
    console.log(`\nCeiling: the same single-row transaction through pgbench on the same database (${PGBENCH_SECONDS} s each)\n`)
    printTable(['clients', 'NOTIFY', 'tx/s', 'HTTP accepted / ceiling'], ceilings.map((c) => [String(c.clients), c.notify ? 'yes' : 'no', c.tps.toFixed(0), (acceptedPerS / c.tps).toFixed(2)]))
    console.log(`\nRatio (accepted bids/s ÷ best ceiling with NOTIFY): ${ratio.toFixed(2)} (aim ≥ 0.6); all bid requests/s ÷ that ceiling: ${(load.sent / windowS / ceilingNotify).toFixed(2)}`)
    if (profileDir) console.log(`Server CPU profile (written when the server stops): ${profileDir}`)
    const totalS = (performance.now() - started) / 1000
    console.log(`Total ${totalS.toFixed(0)} s\n`)

    await server.stop()
    server = null
    console.log(JSON.stringify({
      bench: 'bids', bidders: BIDDERS, seconds: round1(windowS),
      accepted_per_s: round1(acceptedPerS), requests_per_s: round1(load.sent / windowS), refusals: load.refusals, errors: load.errors,
      p50_ms: round1(p50), p99_ms: round1(p99),
      ceiling_notify_tps: round1(ceilingNotify), ceiling_plain_tps: round1(ceilingPlain), ratio: Math.round(ratio * 100) / 100,
      requests_ratio: Math.round((load.sent / windowS / ceilingNotify) * 100) / 100,
      ceilings: ceilings.map((c) => ({ clients: c.clients, notify: c.notify, tps: round1(c.tps) })),
      history_ok: Number(history.bad) === 0 && String(history.last) === String(history.price), total_s: round1(totalS),
    }))
  } finally {
    await server?.stop()
    rmSync(scratch, { recursive: true, force: true })
    await bench.drop()
  }
}

await main()
