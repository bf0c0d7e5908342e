// Page weights as a phone downloads them: the demo marketplace (`npm start` on an empty data
// folder, seeded), then the pages traders live on, as a visitor and as a logged-in buyer:
// HTML, CSS and JS (gzip, as served) and images (loaded at once, and lazy ones apart).
// Every page's HTML+CSS+JS must stay under 30 KB.
//
//   npm run bench:pages                      (starts its own demo server; takes about 90 s to seed)
//   BENCH_URL=http://127.0.0.1:3000 npm run bench:pages    (weighs a demo server already running)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HttpClient } from '../tests/support/http-client.js'
import { startServer, type ServerProcess } from '../tests/support/server-process.js'
import { formatKb, PAGE_CODE_BUDGET_BYTES, weighPage, type Fetcher } from '../tests/support/page-weight.js'
import { printTable, ts } from './support.js'

const DEMO_BUYER = { email: 'karin.lindqvist@vanerpack.example', password: 'nordicloop-demo' }

async function demoServer(): Promise<{ url: string; server?: ServerProcess; cleanup: () => void }> {
  if (process.env.BENCH_URL) return { url: process.env.BENCH_URL, cleanup: () => {} }
  const dir = mkdtempSync(join(tmpdir(), 'nordicloop-weight-'))
  console.log(`${ts()} starting the demo server on an empty data folder (seeding takes a minute or two)`)
  const server = await startServer(
    { PGLITE_DIR: join(dir, 'db'), UPLOAD_DIR: join(dir, 'uploads'), SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn' },
    { timeoutMs: 300_000 },
  )
  return { url: server.url, server, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The first link on a page to a listing of the given kind. */
async function firstListing(client: HttpClient, search: string): Promise<string> {
  const html = await (await client.get(search)).text()
  const id = /href="\/listings\/([0-9a-f-]{36})"/.exec(html)?.[1]
  if (!id) throw new Error(`no listing linked from ${search}`)
  return `/listings/${id}`
}

const { url, server, cleanup } = await demoServer()
try {
  const visitor = new HttpClient(url)
  const buyer = await new HttpClient(url).login(DEMO_BUYER)
  const fetcher = (client: HttpClient): Fetcher => (path, headers) => client.get(path, headers)
  const auction = await firstListing(visitor, '/listings?sale=auction')
  const fixed = await firstListing(visitor, '/listings?sale=fixed_price')
  const pages: [who: string, client: HttpClient, path: string, name: string][] = [
    ['visitor', visitor, '/', 'home'],
    ['visitor', visitor, '/listings?q=cardboard', 'search results'],
    ['visitor', visitor, auction, 'auction listing'],
    ['visitor', visitor, fixed, 'fixed-price listing'],
    ['buyer', buyer, '/', 'home'],
    ['buyer', buyer, auction, 'auction listing'],
    ['buyer', buyer, '/my/bids', 'my bids'],
    ['buyer', buyer, '/my/listings', 'my listings'],
    ['buyer', buyer, '/watching', 'watching'],
    ['buyer', buyer, '/deals', 'deals'],
  ]
  const rows = []
  for (const [who, client, path, name] of pages) rows.push({ who, name, ...(await weighPage(fetcher(client), path)) })
  console.log(`\nPage weights (gzip as a browser accepting gzip gets them; images as stored). Budget: HTML+CSS+JS ≤ ${formatKb(PAGE_CODE_BUDGET_BYTES)}\n`)
  printTable(['page', 'as', 'status', 'HTML', 'CSS', 'JS', 'HTML+CSS+JS', 'images', 'lazy images', 'budget'], rows.map((r) => [
    r.name, r.who, String(r.status), formatKb(r.html), formatKb(r.css), formatKb(r.js), formatKb(r.code), formatKb(r.images), formatKb(r.lazyImages),
    r.code <= PAGE_CODE_BUDGET_BYTES ? 'ok' : 'OVER',
  ]))
  const heaviest = rows.reduce((a, b) => (b.code > a.code ? b : a))
  console.log(JSON.stringify({
    bench: 'page-weight', budget_bytes: PAGE_CODE_BUDGET_BYTES, heaviest_page: heaviest.name, heaviest_code_bytes: heaviest.code,
    ratio_of_budget: Number((heaviest.code / PAGE_CODE_BUDGET_BYTES).toFixed(3)),
    pages: rows.map((r) => ({ page: r.name, as: r.who, html: r.html, css: r.css, js: r.js, images: r.images, lazy_images: r.lazyImages })),
  }))
} finally {
  await server?.stop()
  cleanup()
}
