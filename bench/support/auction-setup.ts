// What the auction benches share: a database of their own on the local PostgreSQL, approved
// companies whose owners can log in, one hot auction, the real server as a child process, and
// a logged-in cookie jar over HTTP.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import type { Database } from '../../src/db/database.js'
import { hashPassword } from '../../src/accounts/passwords.js'
import { spawn } from 'node:child_process'
import { freePort, ROOT } from '../../tests/support/server-process.js'
import { createFreshDatabase, type FreshDatabase } from '../../tests/support/fresh-database.js'

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const PASSWORD = 'bench horse battery staple'

export type BenchDatabase = FreshDatabase & { database: Database; db: Kysely<DB> }

/** A fresh, migrated database named nordicloop_bench_<random>; drop() removes it (BENCH_KEEP=1 keeps it). */
export async function createBenchDatabase(poolSize = 4): Promise<BenchDatabase> {
  const database = await createFreshDatabase(ADMIN_URL, 'nordicloop_bench', { poolSize, keep: process.env.BENCH_KEEP === '1' })
  return { ...database, database }
}

export type BenchCompany = { companyId: string; userId: string; email: string }

/** `count` approved companies, each with a verified owner whose password is PASSWORD. */
export async function createCompanies(db: Kysely<DB>, count: number, prefix: string): Promise<BenchCompany[]> {
  const hash = await hashPassword(PASSWORD)
  const out: BenchCompany[] = []
  for (let i = 0; i < count; i++) {
    const company = await db.insertInto('companies').values({
      legal_name: `${prefix} ${i} AB`, org_number: `${prefix.toUpperCase()}-${i}-${randomBytes(3).toString('hex')}`, country: 'SE',
      address_line: 'Hamngatan 1', postcode: '111 47', city: 'Stockholm', contact_name: 'Bench', status: 'approved',
      status_changed_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow()
    const email = `${prefix.toLowerCase()}${i}-${randomBytes(3).toString('hex')}@bench.test`
    const user = await db.insertInto('users').values({
      company_id: company.id, company_role: 'owner', email, name: `${prefix} ${i}`, password_hash: hash, email_verified_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow()
    out.push({ companyId: company.id, userId: user.id, email })
  }
  return out
}

/** A live auction of the seller's that started an hour ago and ends in 3 days (no soft close during a bench). */
export async function createAuction(db: Kysely<DB>, sellerCompanyId: string, opts: { startPrice: number; increment: number; title?: string }) {
  const category = await db.selectFrom('categories').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
  const now = new Date()
  const row = await db.insertInto('listings').values({
    company_id: sellerCompanyId, title: opts.title ?? 'Baled cardboard, bench lot', description: 'Clean, dry corrugated cardboard in bales.',
    category_id: category.id, quantity: '12', unit: 't', location_city: 'Malmö', location_postcode: '211 20', location_country: 'SE',
    logistics: 'pickup', recurrence: 'one_off', sale_type: 'auction', start_price: opts.startPrice, bid_increment: opts.increment,
    starts_at: new Date(now.getTime() - 3600_000), ends_at: new Date(now.getTime() + 3 * 86400_000), status: 'live',
    published_at: now, submitted_at: now, created_at: now, updated_at: now, search_extra: '',
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export type BenchServer = { url: string; port: number; pid: number; output(): string; stop(): Promise<void> }

/**
 * The real server (`node --import tsx src/server.ts`) on a free port of 127.0.0.1, quiet and
 * without the scheduler, as tests/support/server-process.ts starts it but with room for Node
 * flags (--cpu-prof is not allowed in NODE_OPTIONS). Resolves once /readyz answers 200.
 */
export async function startBenchServer(databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), BASE_URL: url,
      DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'warn', SCHEDULER: 'false', SEED_DEMO_DATA: 'false', DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '10', ...env,
    },
  })
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  proc.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  let exited = false
  const exit = new Promise<void>((resolve) => proc.on('exit', () => { exited = true; resolve() }))
  const stop = async () => {
    if (exited) return
    proc.kill('SIGTERM') // a clean exit, so that --cpu-prof writes its profile
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
    await exit
    clearTimeout(timer)
  }
  const deadline = Date.now() + 30_000
  for (;;) {
    if (exited) throw new Error(`server exited early:\n${out}`)
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => null)
    if (res?.status === 200) break
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`server did not get ready in time:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, port, pid: proc.pid!, output: () => out, stop }
}

/** Resident memory of a process in KB (Linux /proc). */
export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) : NaN
}

export type Session = { cookie: string; csrf: string }

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const eq = pair.indexOf('=')
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
  }
}

/** Logs in through the real form (GET /login for the csrf cookie, POST /login) and returns the cookies. */
export async function logIn(baseUrl: string, email: string, password = PASSWORD): Promise<Session> {
  const jar = new Map<string, string>()
  cookiesOf(await fetch(`${baseUrl}/login`, { redirect: 'manual' }), jar)
  const csrf = jar.get('csrf')
  if (!csrf) throw new Error('GET /login set no csrf cookie')
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, cookie: header() },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  })
  cookiesOf(res, jar)
  if (res.status !== 303 || !jar.get('session')) throw new Error(`login of ${email} answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
  // Logging in issues a fresh CSRF token (src/web/csrf.ts): forms after it carry the new one.
  return { cookie: header(), csrf: jar.get('csrf') ?? csrf }
}

/** A fresh idempotency key, as the bid form carries (base32, 32 characters). */
export function idempotencyKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  const bytes = randomBytes(32)
  let key = ''
  for (const b of bytes) key += alphabet[b & 31]
  return key
}

/** "1250.50" from minor units, as a person types it into the bid form. */
export function amountField(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`
}

export const round1 = (n: number) => Math.round(n * 10) / 10
