// SSE bench: 1,000 and 5,000 watchers (raw sockets in a separate process) on ONE auction of
// ONE server instance; for each of a series of bids posted over HTTP, the time from the POST's
// response to the frame with the new version arriving at every watcher (p50, p99, max over all
// watcher × bid pairs, and per bid the time to the last watcher), and the server's resident
// memory per idle connection. Both stream writers are measured: direct writes to the Node
// response (the default) and Hono's streamSSE (SSE_WRITER=stream). Memory is read after a full
// garbage collection in the server (see support/gc-on-signal.mjs).
//
//   npm run bench:sse   (optional: BENCH_SSE_SIZES=1000,5000, BENCH_SSE_WRITERS=direct,stream,
//                        BENCH_SSE_BIDS=20, BENCH_PROFILE=1 for a --cpu-prof of each server,
//                        BENCH_DATABASE_URL, BENCH_KEEP=1)
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { percentile, printTable, ts } from './support.js'
import { amountField, createAuction, createBenchDatabase, createCompanies, idempotencyKey, logIn, round1, rssKb, startBenchServer, type BenchServer, type Session } from './support/auction-setup.js'
import { Watchers } from './support/watchers.js'

const SIZES = (process.env.BENCH_SSE_SIZES ?? '1000,5000').split(',').map(Number)
const WRITERS = (process.env.BENCH_SSE_WRITERS ?? 'direct,stream').split(',') as ('direct' | 'stream')[]
const BIDS = Number(process.env.BENCH_SSE_BIDS ?? 20)
const PAUSE_MS = 150
const WAIT_MS = 5000
const INCREMENT = 5_000
const PROFILE = process.env.BENCH_PROFILE === '1'
const GC_PRELOAD = fileURLToPath(new URL('./support/gc-on-signal.mjs', import.meta.url))

type Memory = { rssKb: number; heapUsed: number; external: number }

/** The server's memory after a full garbage collection (asked for with SIGUSR2, see gc-on-signal.mjs). */
async function settledMemory(server: BenchServer): Promise<Memory> {
  const before = server.output().split('MEMORY ').length
  process.kill(server.pid, 'SIGUSR2')
  const deadline = Date.now() + 5000
  while (server.output().split('MEMORY ').length === before && Date.now() < deadline) await sleep(20)
  const parts = server.output().split('MEMORY ')
  const usage = JSON.parse(parts[parts.length - 1].split('\n')[0]) as { heapUsed: number; external: number }
  await sleep(200)
  return { rssKb: rssKb(server.pid), heapUsed: usage.heapUsed, external: usage.external }
}

/** The soft limit on open files of this process (its children inherit it). */
function openFileLimit() {
  const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'))
  return !m || m[1] === 'unlimited' ? Infinity : Number(m[1])
}

async function postBid(url: string, listingId: string, session: Session, amount: number) {
  const sent = Date.now()
  const res = await fetch(`${url}/listings/${listingId}/bids`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, cookie: session.cookie, 'hx-request': 'true' },
    body: new URLSearchParams({ amount: amountField(amount), idempotency_key: idempotencyKey(), _csrf: session.csrf }).toString(),
  })
  const html = await res.text()
  const at = Date.now()
  if (res.status !== 200) throw new Error(`bid answered ${res.status}: ${html.slice(0, 300)}`)
  return { sent, at }
}

type Row = {
  writer: string; clients: number; open: number; failed: number; connectS: number
  p50: number; p99: number; max: number; sentP50: number; sentP99: number; lastP50: number; lastMax: number; missing: number; kbPerConn: number; heapKbPerConn: number; rssBeforeMb: number; rssAfterMb: number
}

async function main() {
  const started = performance.now()
  const limit = openFileLimit()
  const need = Math.max(...SIZES) + 200
  if (limit < need) console.warn(`Open-file limit ${limit} is below ${need}: run through \`npm run bench:sse\` (it raises it) or \`ulimit -n ${need}\`.`)
  const bench = await createBenchDatabase()
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'nordicloop-sse-prof-')) : null
  const rows: Row[] = []
  try {
    const [seller] = await createCompanies(bench.db, 1, 'Seller')
    const bidders = await createCompanies(bench.db, 2, 'Bidder')
    const listingId = await createAuction(bench.db, seller.companyId, { startPrice: 100_000, increment: INCREMENT })
    const path = `/listings/${listingId}/live`

    for (const writer of WRITERS) {
      for (const size of SIZES) {
        const n = Math.min(size, limit - 200)
        const server = await startBenchServer(bench.url, { SSE_WRITER: writer },
          ['--expose-gc', '--import', GC_PRELOAD, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])])
        const watchers = new Watchers()
        try {
          const sessions = await Promise.all(bidders.map((b) => logIn(server.url, b.email)))
          const price = async () => {
            const l = await bench.db.selectFrom('listings').select(['current_price', 'start_price', 'version', 'leading_company_id']).where('id', '=', listingId).executeTakeFirstOrThrow()
            return { next: l.current_price === null ? l.start_price! : l.current_price + INCREMENT, version: l.version, leader: l.leading_company_id }
          }
          // Bidders take turns: the one not leading bids (a leader cannot outbid itself).
          const bid = async () => {
            const p = await price()
            return postBid(server.url, listingId, sessions[p.leader === bidders[0].companyId ? 1 : 0], p.next)
          }
          // Warm-up: the bid path, one stream opened and closed, the live panel rendered.
          for (let i = 0; i < 3; i++) await bid()
          const warm = await fetch(server.url + path, { signal: AbortSignal.timeout(1000) })
          const reader = warm.body!.getReader()
          await reader.read()
          await reader.cancel()
          await sleep(1000)
          const before = await settledMemory(server)
          const rssBefore = before.rssKb
          // As the page does: ?v= the version it was rendered with, so no frame is due on connect.
          const livePath = `${path}?v=${(await price()).version}`

          console.log(`${ts()} ${writer}: connecting ${n} watchers`)
          const connected = await watchers.ask({ type: 'connect', port: server.port, path: livePath, n }, 'connected')
          await sleep(2000) // idle
          const after = await settledMemory(server)
          const rssAfter = after.rssKb
          const kbPerConn = (rssAfter - rssBefore) / Math.max(1, connected.open)
          const heapKbPerConn = (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / Math.max(1, connected.open)
          console.log(`${ts()} ${writer}: ${connected.open} open (${connected.failed} failed) in ${(connected.ms / 1000).toFixed(1)} s; RSS ${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MB; ${BIDS} bids`)

          const pairs: number[] = []
          const lasts: number[] = []
          // From the moment the POST was sent: an upper bound that does not depend on when the
          // bidder's own response got out (at 5,000 watchers it may leave after the fan-out).
          const fromSent: number[] = []
          let missing = 0
          for (let i = 0; i < BIDS; i++) {
            const { sent, at } = await bid()
            const { version } = await price()
            const { times } = await watchers.ask({ type: 'wait', version, timeoutMs: WAIT_MS }, 'arrivals')
            let last = -Infinity
            for (const t of times) {
              if (t === null) { missing += 1; continue }
              pairs.push(t - at)
              fromSent.push(t - sent)
              last = Math.max(last, t - at)
            }
            if (last > -Infinity) lasts.push(last)
            await sleep(PAUSE_MS)
          }
          rows.push({
            writer, clients: n, open: connected.open, failed: connected.failed, connectS: connected.ms / 1000,
            p50: percentile(pairs, 50), p99: percentile(pairs, 99), max: Math.max(...pairs), lastP50: percentile(lasts, 50), lastMax: Math.max(...lasts),
            sentP50: percentile(fromSent, 50), sentP99: percentile(fromSent, 99),
            missing, kbPerConn, heapKbPerConn, rssBeforeMb: rssBefore / 1024, rssAfterMb: rssAfter / 1024,
          })
        } finally {
          await watchers.close()
          await server.stop()
        }
      }
    }

    console.log(`\nPOST response → frame at every watcher, ${BIDS} bids a size, one auction, one server instance (watchers anonymous, one process of raw sockets)\n`)
    printTable(['writer', 'watchers', 'p50 ms', 'p99 ms', 'max ms', 'last watcher p50', 'last watcher max', 'from POST sent p50/p99', 'missing', 'RSS KB/idle conn', 'JS heap+ext KB/conn', 'RSS MB before → after', 'connect s'],
      rows.map((r) => [r.writer, `${r.open}${r.failed ? ` (${r.failed} failed)` : ''}`, r.p50.toFixed(1), r.p99.toFixed(1), r.max.toFixed(1), r.lastP50.toFixed(1), r.lastMax.toFixed(1), `${r.sentP50.toFixed(0)} / ${r.sentP99.toFixed(0)}`,
        String(r.missing), r.kbPerConn.toFixed(1), r.heapKbPerConn.toFixed(1), `${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)}`, r.connectS.toFixed(1)]))
    console.log('\nAims: p99 ≤ 100 ms at 1,000 and ≤ 300 ms at 5,000; ≤ 20 KB server memory per idle connection.')
    if (profileDir) console.log(`Server CPU profiles: ${profileDir}`)
    const totalS = (performance.now() - started) / 1000
    console.log(`Total ${totalS.toFixed(0)} s\n`)
    console.log(JSON.stringify({
      bench: 'sse', bids: BIDS,
      runs: rows.map((r) => ({
        writer: r.writer, watchers: r.open, failed: r.failed, p50_ms: round1(r.p50), p99_ms: round1(r.p99), max_ms: round1(r.max),
        last_watcher_p50_ms: round1(r.lastP50), last_watcher_max_ms: round1(r.lastMax), from_sent_p50_ms: round1(r.sentP50), from_sent_p99_ms: round1(r.sentP99), missing: r.missing, kb_per_idle_conn: round1(r.kbPerConn), heap_kb_per_idle_conn: round1(r.heapKbPerConn),
      })),
      total_s: round1(totalS),
    }))
  } finally {
    await bench.drop()
  }
}

await main()
