// No input ever gets a 500. Every route the app registers (read from the app itself, so a new
// route is covered without editing this file) is walked as a visitor, a member of an approved
// company and an admin, with generated bad input in every path parameter, query parameter and
// form field, and with damaged bodies. Each answer must be below 500, a 4xx must carry a
// message, and a refused request (any 4xx) or any GET must leave the database as it was.
//
// Field names are discovered, not listed: every form on every page the walk opens gives its
// action and input names; query keys come from GET forms and links on those pages, from the
// exported query schemas (`…Query`), and from the `c.req.query('…')` calls in the source.
//
// Tables left out of the "unchanged" snapshot, because refusing a request legitimately writes
// them: sessions (sliding expiry, a logout), audit_log (logouts and refusals are recorded),
// rate_limits (counting attempts is how limits work).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL, testConfig } from '../support/test-app.js'
import { STRIPE_WEBHOOK_PATH } from '../../src/app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestUser } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import * as accountSchemas from '../../src/accounts/schemas.js'
import * as adminSchemas from '../../src/admin/schemas.js'
import * as auctionSchemas from '../../src/auctions/schemas.js'
import * as listingSchemas from '../../src/listings/schemas.js'
import { SearchQuery } from '../../src/listings/search.js'
import { NotificationsQuery } from '../../src/notifications-page/routes.js'
import { ReviewQuery } from '../../src/listings/review-step.js'
import { ImpactQuery } from '../../src/impact/period.js'
import { FlagsQuery } from '../../src/flags/admin-routes.js'
import { GuideQuery } from '../../src/pricing/routes.js'
import { OutboxQuery } from '../../src/admin/outbox-routes.js'
import * as reportSchemas from '../../src/reports/schemas.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { fileReport } from '../../src/reports/reports.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'

// Card payments on, so Stripe's webhook is walked too (it makes no call to Stripe here).
const { app, db, clock } = await createTestApp({ config: { STRIPE_SECRET_KEY: 'sk_test_no500walk', STRIPE_WEBHOOK_SECRET: 'whsec_no500walk' } })
const categories = await categoryIds(db)

// ---------------------------------------------------------------------------------------------
// The world the walk runs in: a member's company (its owner and a colleague) with a live auction
// of its own, another seller's live auction, a pending company for the admin's decisions, a spare category.

const memberCompany = await createTestCompany(db, { status: 'approved' })
const otherSeller = await createTestCompany(db, { status: 'approved' })
const pendingCompany = await createTestCompany(db, { status: 'pending' })
const adminUser = await createTestAdmin(db)
const colleague = await addTestMember(db, memberCompany.companyId)
const ownListing = await createTestListing(db, memberCompany.companyId, { now: clock() })
const otherListing = await createTestListing(db, otherSeller.companyId, { now: clock() })
const spareCategory = Object.entries(categories).sort(([a], [b]) => b.localeCompare(a))[0]!
// A paid deal in which the member's company sells (the other seller bought its fixed-price lot),
// so that every deal form (steps, dispute, collection, chat) and the admin's deal queues are walked
// with bad values against a deal that exists.
// A lot of waste (an EWC code), so the deal's transfer note and its forms are walked too.
const soldLot = await createTestListing(db, memberCompany.companyId, { now: clock(), sale_type: 'fixed_price', fixed_price: 90_000, ewc_code: '150101' })
const terms = dealTerms(testConfig())
expect((await buyListing(db, { listingId: soldLot, companyId: otherSeller.companyId, user: { id: otherSeller.owner.userId, email: otherSeller.owner.email, name: otherSeller.owner.name }, now: clock(), terms })).ok).toBe(true)
const memberDeal = (await db.selectFrom('deals').select('id').where('listing_id', '=', soldLot).executeTakeFirstOrThrow()).id
expect((await recordPayment(db, { dealId: memberDeal, gateway: 'bank_transfer', amount: 90_000, currency: 'EUR', receivedAt: clock(), reference: 'WALK-1' },
  { viewer: { userId: adminUser.userId, companyId: null, isAdmin: true }, now: clock(), terms })).ok).toBe(true)
// A waste permit of the member's company waiting for an admin: the permit pages and the admin's decisions get the bad values.
const memberPermit = (await db.insertInto('waste_permits').values({ company_id: memberCompany.companyId, permit_number: 'WALK-P1', issuing_authority: 'Walk authority',
  expires_on: '2030-01-01', document_key: `permits/${memberCompany.companyId}/walk/document.pdf`, document_content_type: 'application/pdf' }).returning('id').executeTakeFirstOrThrow()).id

// An open report of the other seller's lot by the member's company, and an email that failed:
// the admin's report decisions and the outbox's retry meet the bad values with a row to act on.
expect((await fileReport(db, { listingId: otherListing, companyId: memberCompany.companyId, companyStatus: 'approved', userId: memberCompany.owner.userId,
  kind: 'other', details: 'Walk: the photos show another lot.', now: clock() })).ok).toBe(true)
const failedEmail = (await db.insertInto('outbox').values({ template: 'walk', to_address: 'walk@example.com', subject: 'Walk', html_body: '<p>Walk</p>', text_body: 'Walk',
  status: 'failed', attempts: 5, last_error: 'Walk: refused by the provider' }).returning('id').executeTakeFirstOrThrow()).id

// ---------------------------------------------------------------------------------------------
// The bad input: one table, used for fields, query parameters alike.

const FILE = Symbol('a file where text is expected')
const REPEAT = Symbol('the same name sent twice')
type Bad = { label: string; value: string | typeof FILE | typeof REPEAT }

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const someUuid = '3f2b8c1e-6d4a-4f7e-9b1c-2a5d8e9f0a1b'

// Each class once; the control-character class in full (all 65 of them, in every shared field
// type) is generated in tests/lib/fields.test.ts.
const BAD: Bad[] = [
  { label: 'empty', value: '' },
  { label: 'only spaces', value: '   ' },
  { label: '1 MB string', value: 'x'.repeat(1_000_000) },
  { label: 'NUL', value: 'a\u0000b' },
  { label: 'C0 and C1 controls, an escape sequence', value: '\u0001\u0007\u001b[31mred\u007f\u0085\u009b' },
  { label: 'CR LF and tab', value: 'line\r\nnext\tcolumn' },
  { label: 'RTL override', value: '\u202Egnp.exe\u202C' },
  { label: 'Arabic with combining characters', value: 'مرحبا Z\u0351\u0352a\u0300\u0301\u0302lgo' },
  { label: 'tsquery syntax', value: "a & | !b:* <-> ' \\ ( ) :*" },
  { label: 'SQL and markup', value: "'; DROP TABLE users; --<script>alert(1)</script>" },
  { label: 'malformed uuid', value: '00000000-0000-0000-0000-00000000000g' },
  { label: 'unknown uuid', value: someUuid },
  { label: '1e308', value: '1e308' },
  { label: '-1e308', value: '-1e308' },
  { label: 'NaN', value: 'NaN' },
  { label: 'huge integer', value: '99999999999999999999999999' },
  { label: 'negative', value: '-1' },
  { label: 'impossible date', value: '2026-02-30T10:00' },
  { label: 'year 0', value: '0000-01-01T00:00' },
  { label: 'year 275760', value: '+275760-09-13T00:00' },
  { label: 'emoji and joiners', value: '💩\uFE0F👨‍👩‍👧' },
  { label: 'prototype keys', value: '__proto__' },
  { label: 'stray percent signs', value: '%zz%00%' },
  { label: 'cursor on 30 February', value: cursor({ s: 'newest', k: '2026-02-30T00:00:00.000000Z', id: someUuid }) },
  { label: 'cursor in year 0', value: cursor({ s: 'ending', k: '0000-01-01T00:00:00.000000Z', id: someUuid }) },
  { label: 'cursor rank 1e308', value: cursor({ s: 'relevance', k: 1e308, id: someUuid }) },
  { label: 'cursor rank 1e-300', value: cursor({ s: 'relevance', k: 1e-300, id: someUuid }) },
  { label: 'cursor price 1e20', value: cursor({ s: 'price_asc', k: 1e20, id: someUuid }) },
  { label: 'a file', value: FILE },
  { label: 'a repeated name', value: REPEAT },
]

/**
 * In a URL the long value is as long as the server takes (Node refuses request heads past
 * 16 KB before the app sees them); bodies get the full megabyte.
 */
const LONGEST_QUERY_VALUE = 12_000

/** Bad path parameters: what a mistyped or crafted link could hold. */
const BAD_PARAMS = ['not-a-uuid', '00000000-0000-0000-0000-00000000000g', '%00', '%zz', '-1', '99999999999999999999', "1'or'1'='1", '%E2%80%AE%D9%85']

/** Damaged bodies: each is a content type and raw bytes. */
// `status`: what the one body parser answers on every route, before any guard or handler.
const DAMAGED_BODIES: Array<{ label: string; type: string | null; body: string | Uint8Array; status?: 400 | 415 }> = [
  { label: 'multipart, boundary not in body', type: 'multipart/form-data; boundary=XYZ', body: '--ABC\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--ABC--\r\n', status: 400 },
  { label: 'multipart without boundary', type: 'multipart/form-data', body: '--ABC\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--ABC--\r\n', status: 400 },
  { label: 'multipart cut short', type: 'multipart/form-data; boundary=XYZ', body: '--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nbbbbb', status: 400 },
  { label: 'multipart part without headers', type: 'multipart/form-data; boundary=XYZ', body: '--XYZ\r\n\r\n\r\nb\r\n--XYZ--\r\n', status: 400 },
  { label: 'multipart with empty boundary', type: 'multipart/form-data; boundary=', body: '--\r\n\r\n', status: 400 },
  { label: 'bad percent-encoding', type: 'application/x-www-form-urlencoded', body: 'a=%zz&%=b&c=%E0%A4%A&d=%' },
  { label: 'invalid UTF-8', type: 'application/x-www-form-urlencoded', body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe, 0xc0, 0x80]) },
  { label: 'many fields', type: 'application/x-www-form-urlencoded', body: 'a=1&'.repeat(100_000) },
  { label: 'prototype keys', type: 'application/x-www-form-urlencoded', body: '__proto__=x&constructor=y&toString=z&_csrf[]=1' },
  { label: 'JSON', type: 'application/json', body: '{"title": "x", "amount": 1e308', status: 415 },
  { label: 'plain text', type: 'text/plain', body: 'amount=100', status: 415 },
  { label: 'no content type', type: null, body: 'a=b' },
]

// ---------------------------------------------------------------------------------------------
// Roles, as browsers: a visitor (with a CSRF cookie), a member, an admin.

type Role = { name: string; user: TestUser | null; browser: TestBrowser }

async function visitor(): Promise<TestBrowser> {
  const browser = new TestBrowser(app)
  await browser.get('/login')
  return browser
}

const roles: Role[] = [
  { name: 'visitor', user: null, browser: await visitor() },
  { name: 'member', user: memberCompany.owner, browser: await logInAs(app, memberCompany.owner) },
  { name: 'admin', user: adminUser, browser: await logInAs(app, adminUser) },
]

// A saved search of the member's, so its delete route has a real id to act on.
await roles[1]!.browser.post('/saved-searches', { query: 'q=cardboard' })
const savedSearch = await db.selectFrom('saved_searches').select('id').where('user_id', '=', memberCompany.owner.userId).executeTakeFirstOrThrow()

/** A request answered, with what the walk needs to judge it. */
type Answer = { status: number; text: string; location: string | null }

function remember(browser: TestBrowser, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';')
    const eq = pair!.indexOf('=')
    const name = pair!.slice(0, eq).trim()
    const value = pair!.slice(eq + 1).trim()
    if (value === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) browser.cookies.delete(name)
    else browser.cookies.set(name, value)
  }
}

async function read(res: Response): Promise<Answer> {
  // A live stream never ends by itself: its status is the answer.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel()
    return { status: res.status, text: '(stream)', location: null }
  }
  return { status: res.status, text: await res.text(), location: res.headers.get('location') }
}

async function send(role: Role, method: string, path: string, init: { body?: BodyInit; type?: string | null; csrfHeader?: boolean; htmx?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  const browser = role.browser
  const headers: Record<string, string> = { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), origin: TEST_BASE_URL }
  if (init.type) headers['content-type'] = init.type
  if (init.csrfHeader) headers['x-csrf-token'] = browser.csrf
  if (init.htmx) headers['hx-request'] = 'true'
  Object.assign(headers, init.headers)
  const res = await app.request(TEST_BASE_URL + path, { method, headers, body: method === 'GET' ? undefined : init.body })
  remember(browser, res)
  const answer = await read(res)
  // A walk that logged itself out (POST /logout, a password change) logs back in.
  if (role.user && !browser.cookies.has('session')) role.browser = await logInAs(app, role.user)
  return answer
}

// ---------------------------------------------------------------------------------------------
// Changes to the database, as they commit: a trigger on every tracked table (this test's own
// database only) logs each row inserted, deleted or really updated, in the writing transaction,
// so a write that is rolled back leaves no trace and "nothing changed" is one count.

// deal_chat_reads: opening a deal page marks its messages read, a read receipt like a session's last use.
const UNTRACKED = new Set(['sessions', 'audit_log', 'rate_limits', 'deal_chat_reads'])

await sql`create table no500_changes (id bigint generated always as identity, table_name text not null, op text not null)`.execute(db)
await sql`create function no500_log() returns trigger language plpgsql as $$
  begin
    if tg_op <> 'UPDATE' or old is distinct from new then
      insert into no500_changes (table_name, op) values (tg_table_name, tg_op);
    end if;
    return null;
  end $$`.execute(db)
const tables = (await sql<{ name: string }>`
  select table_name as name from information_schema.tables
  where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%' and table_name <> 'no500_changes'`.execute(db))
  .rows.map((r) => r.name).filter((t) => !UNTRACKED.has(t))
for (const t of tables) {
  await sql`create trigger no500_log after insert or update or delete on ${sql.table(t)} for each row execute function no500_log()`.execute(db)
}

/** How many changes so far; the tables they touched when asked for changes after a mark. */
async function snapshot(): Promise<number> {
  const row = await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from no500_changes`.execute(db)
  return row.rows[0]!.n
}
async function changedTables(after: number): Promise<string> {
  const rows = await sql<{ t: string }>`select distinct table_name || ' ' || op as t from no500_changes where id > ${after}`.execute(db)
  return rows.rows.map((r) => r.t).join(', ')
}

// ---------------------------------------------------------------------------------------------
// The routes, from the app; path parameters filled with real ids or with bad values.

type Route = { method: string; path: string }
const routes: Route[] = []
for (const r of app.routes) {
  // Middleware (app.use) is registered under ALL; it is exercised by every route below.
  if (r.method === 'ALL' || routes.some((x) => x.method === r.method && x.path === r.path)) continue
  routes.push({ method: r.method, path: r.path })
}

const PARAM = /^:([A-Za-z_]+)(\{.*\})?$/

/** A real value for a path parameter, chosen by the segment before it; a listing id otherwise. */
function realParam(before: string, name: string): string {
  if (before === 'companies') return pendingCompany.companyId
  if (before === 'categories') return name === 'slug' ? spareCategory[0] : String(spareCategory[1])
  if (before === 'saved-searches') return savedSearch.id
  if (before === 'members') return colleague.userId
  if (before === 'photos' || name === 'photoId') return someUuid
  if (before === 'impact' && name === 'file') return 'categories.csv'
  if (name === 'file') return '400.webp'
  if (before === 'outbox') return String(failedEmail)
  if (name === 'token') return 'tokentokentokentokentoken'
  if (before === 'mail') return '1'
  if (before === 'permits') return memberPermit
  if (before === 'deals' || before === 'payments' || before === 'payouts' || before === 'disputes') return memberDeal
  return ownListing
}

function fillPath(path: string, bad?: string): string {
  const segments = path.split('/')
  return segments.map((s, i) => {
    const m = PARAM.exec(s)
    if (!m) return s
    return bad ?? encodeURIComponent(realParam(segments[i - 1] ?? '', m[1]!))
  }).join('/')
}

/** The other seller's listing in the place of the member's own: bids, purchase and watching act on it. */
const withOtherListing = (path: string) => path.replace(ownListing, otherListing)

function routePattern(path: string): RegExp {
  const body = path.split('/').map((s) => {
    const m = PARAM.exec(s)
    if (m) return m[2] ? `(${m[2].slice(1, -1)})` : '[^/]+'
    return s === '*' ? '.*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }).join('/')
  return new RegExp(`^${body}$`)
}

// ---------------------------------------------------------------------------------------------
// Discovery: forms and links on every page the roles can open.

const formFields = new Map<string, Set<string>>() // "POST /path" → names
const queryKeys = new Set<string>()
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")

function discover(html: string) {
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = form[1]!
    const method = (/\bmethod="([^"]*)"/i.exec(attrs)?.[1] ?? 'get').toUpperCase()
    const action = decode(/\baction="([^"]*)"/.exec(attrs)?.[1] ?? '').split('?')[0]!
    const names = [...form[2]!.matchAll(/\bname="([^"]+)"/g)].map((m) => decode(m[1]!)).filter((n) => n !== '_csrf')
    if (method === 'GET') names.forEach((n) => queryKeys.add(n))
    else {
      const key = `POST ${action}`
      const set = formFields.get(key) ?? new Set<string>()
      names.forEach((n) => set.add(n))
      formFields.set(key, set)
    }
  }
  for (const href of html.matchAll(/\bhref="([^"]*\?[^"]*)"/g)) {
    for (const key of new URLSearchParams(decode(href[1]!).split('?')[1]).keys()) queryKeys.add(key)
  }
}

function sourceQueryKeys(dir: string): string[] {
  const keys: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) keys.push(...sourceQueryKeys(path))
    else if (/\.tsx?$/.test(entry.name)) for (const m of readFileSync(path, 'utf8').matchAll(/\.query\('([\w-]+)'\)/g)) keys.push(m[1]!)
  }
  return keys
}

/** The keys of every exported query schema (SearchQuery, CompanyListQuery, LiveQuery, …). */
function schemaQueryKeys(): string[] {
  const modules: Record<string, unknown> = { ...accountSchemas, ...adminSchemas, ...auctionSchemas, ...listingSchemas, ...reportSchemas, SearchQuery, NotificationsQuery, ReviewQuery, FlagsQuery, GuideQuery, OutboxQuery, ImpactQuery }
  return Object.entries(modules)
    .filter(([name, schema]) => name.endsWith('Query') && typeof schema === 'object' && schema !== null && 'shape' in schema)
    .flatMap(([, schema]) => Object.keys((schema as { shape: object }).shape))
}

/** The fields a POST route's forms have, or every field seen anywhere when no page shows its form. */
function fieldsFor(route: Route): string[] {
  const pattern = routePattern(route.path)
  const names = new Set<string>()
  let seen = false
  for (const [key, set] of formFields) {
    if (!pattern.test(key.slice(5))) continue
    seen = true
    set.forEach((n) => names.add(n))
  }
  // A form the pages show without fields (a retry, an approval button) gets none, so the walk
  // reaches its handler instead of stopping at the size limit with every field seen anywhere.
  if (seen) return [...names]
  return [...new Set([...formFields.values()].flatMap((s) => [...s]))]
}

// ---------------------------------------------------------------------------------------------
// Judging each answer.

const problems: string[] = []
let requests = 0
const slowest: Array<{ ms: number; what: string }> = []
let totalMs = 0
// A slice of a string keeps the whole string alive in V8: a copy, so a 1 MB URL is not kept.
const flat = (s: string) => Buffer.from(s).toString()

let mark = 0

async function check(role: Role, label: string, method: string, path: string, init: Parameters<typeof send>[3] = {}): Promise<Answer> {
  const started = performance.now()
  const answer = await send(role, method, path, init)
  const ms = performance.now() - started
  if (slowest.length < 8 || ms > slowest[slowest.length - 1]!.ms) {
    slowest.push({ ms, what: flat(`${role.name} ${method} ${path.slice(0, 60)} [${label}]`) })
    slowest.sort((a, b) => b.ms - a.ms).splice(8)
  }
  totalMs += ms
  requests += 1
  const where = flat(`${role.name} ${method} ${path.slice(0, 120)} [${label}] → ${answer.status}`)
  if (answer.status >= 500) problems.push(flat(`${where}: ${answer.text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`))
  if (answer.status >= 400 && answer.status < 500 && !/\p{L}{3}/u.test(answer.text.replace(/<[^>]*>/g, ' '))) problems.push(`${where}: a refusal without a message`)
  const now = await snapshot()
  if ((method === 'GET' || answer.status >= 400) && now !== mark) problems.push(`${where}: the database changed (${await changedTables(mark)})`)
  mark = now
  return answer
}

/** The guards' refusals: 401 and 403, and a visitor's page sent to the login form. */
const refusedByGuard = (a: Answer) => a.status === 401 || a.status === 403 || (a.status === 303 && Boolean(a.location?.startsWith('/login')))

/**
 * Sends every bad value once (request r gets value r, or r + i in field i): the roles take turns,
 * and a role a guard turns away leaves the rotation for this route, since the rest of the
 * values would only meet the same guard.
 */
async function walkValues(method: string, request: (role: Role, r: number) => { label: string; path: string; init?: Parameters<typeof send>[3] }) {
  let active = [...roles]
  for (let r = 0; r < BAD.length; r++) {
    const role = active[r % active.length]!
    const { label, path, init } = request(role, r)
    const answer = await check(role, label, method, path, init)
    if (refusedByGuard(answer)) {
      if (active.length > 1) active = active.filter((x) => x !== role)
    }
  }
}

/** Field i of request r gets BAD[(r + i) % BAD.length]: every value lands in every field once. */
function latinSquareBody(fields: string[], r: number, csrf: string, multipart: boolean): BodyInit {
  const form = new FormData()
  const params = new URLSearchParams()
  const add = (name: string, value: string | Blob) => {
    if (multipart) form.append(name, value)
    else params.append(name, typeof value === 'string' ? value : 'file.txt')
  }
  fields.forEach((name, i) => {
    const bad = BAD[(r + i) % BAD.length]!.value
    if (bad === FILE) add(name, new Blob(['not a photo \u0000'], { type: 'application/octet-stream' }))
    else if (bad === REPEAT) { add(name, 'one'); add(name, 'two') }
    else add(name, bad)
  })
  add('_csrf', csrf)
  return multipart ? form : params
}

function latinSquareQuery(keys: string[], r: number): string {
  const params = new URLSearchParams()
  keys.forEach((key, i) => {
    const bad = BAD[(r + i) % BAD.length]!.value
    if (bad === FILE) params.append(key, 'file.txt')
    else if (bad === REPEAT) { params.append(key, 'one'); params.append(key, 'two') }
    else params.append(key, bad.slice(0, LONGEST_QUERY_VALUE))
  })
  return params.toString()
}

describe('no input gets a 500', () => {
  it('walks every route as visitor, member and admin with generated bad input; answers are 4xx with a message and change nothing', async () => {
    const gets = routes.filter((r) => r.method === 'GET')
    const posts = routes.filter((r) => r.method !== 'GET')
    expect(gets.length).toBeGreaterThan(20)
    expect(posts.length).toBeGreaterThan(20)

    // Discovery first: every GET page with real ids, as each role.
    for (const role of roles) {
      for (const route of gets) {
        for (const path of new Set([fillPath(route.path), withOtherListing(fillPath(route.path))])) {
          const answer = await send(role, 'GET', path)
          if (answer.status < 300) discover(answer.text)
        }
      }
    }
    for (const key of [...schemaQueryKeys(), ...sourceQueryKeys('src')]) queryKeys.add(key)
    const keys = [...queryKeys]
    expect(keys).toEqual(expect.arrayContaining(['q', 'after', 'before', 'min', 'next', 'v', 'added']))
    expect(fieldsFor({ method: 'POST', path: '/listings' })).toEqual(expect.arrayContaining(['title', 'description', 'starts_at', 'fixed_price']))

    // The change log sees a committed write (and then the walk starts from here).
    mark = await snapshot()
    await db.updateTable('companies').set({ city: 'Lund' }).where('id', '=', pendingCompany.companyId).execute()
    expect(await snapshot()).toBeGreaterThan(mark)
    mark = await snapshot()

    // Every value in every field and query parameter of every route.
    for (const route of gets) {
      await walkValues('GET', (role, r) => ({ label: `query ${BAD[r]!.label} first`, path: `${fillPath(route.path)}?${latinSquareQuery(keys, r)}` }))
    }
    for (const route of posts) {
      const fields = fieldsFor(route)
      // The bad input reaches the handler: same-origin, with the CSRF token in the form; every
      // fourth request through htmx (the header token, and the fragment answers); every third
      // on the other seller's listing (bidding, buying and watching act on it).
      await walkValues(route.method, (role, r) => {
        const multipart = r % 2 === 1
        return {
          label: `fields from ${BAD[r]!.label}${multipart ? ', multipart' : ''}`,
          path: r % 3 === 2 ? withOtherListing(fillPath(route.path)) : fillPath(route.path),
          init: {
            body: latinSquareBody(fields, r, role.browser.csrf, multipart),
            type: multipart ? null : 'application/x-www-form-urlencoded',
            htmx: r % 4 === 3, csrfHeader: r % 4 === 3,
          },
        }
      })
    }

    let turn = 0
    const nextRole = () => roles[turn++ % roles.length]!

    // What a page reads besides its URL: the session, CSRF and time-zone cookies, Last-Event-ID
    // and htmx's headers, all bad at once, once per GET route.
    for (const [n, route] of gets.entries()) {
      const bad = (k: number) => {
        const value = BAD[(n + k) % BAD.length]!.value
        return typeof value === 'string' ? encodeURIComponent(value.slice(0, 4000)) : 'x'
      }
      await check(nextRole(), 'bad cookies and headers', 'GET', fillPath(route.path), {
        headers: {
          cookie: `session=${bad(0)}; csrf=${bad(1)}; tz=${bad(2)}`, 'last-event-id': bad(3),
          'hx-request': 'true', 'hx-current-url': bad(4), 'hx-history-restore-request': bad(5), 'hx-request-type': bad(6),
        },
      })
    }

    // Bad path parameters and damaged bodies are refused before any handler acts (the router,
    // the id checks, the body parser), so each route gets a share: half the bad parameters and a
    // third of the damaged bodies (one of each kind: multipart, urlencoded, not a form), the
    // roles taking turns, and across the routes every one of them many times.
    for (const [n, route] of routes.filter((r) => r.path.includes('/:')).entries()) {
      for (let j = 0; j < BAD_PARAMS.length / 2; j++) {
        const bad = BAD_PARAMS[j * 2 + (n % 2)]!
        const role = nextRole()
        await check(role, `path ${bad}`, route.method, fillPath(route.path, bad),
          route.method === 'GET' ? {} : { body: new URLSearchParams({ _csrf: role.browser.csrf }), type: 'application/x-www-form-urlencoded' })
      }
    }
    for (const [n, route] of posts.entries()) {
      // With the CSRF header, and without it (the token would then be in the damaged body).
      for (let j = 0; j < DAMAGED_BODIES.length / 3; j++) {
        const damaged = DAMAGED_BODIES[j * 3 + (n % 3)]!
        const csrfHeader = (n + j) % 2 === 0
        const label = `${damaged.label}${csrfHeader ? ', CSRF header' : ''}`
        const answer = await check(nextRole(), label, route.method, fillPath(route.path), { body: damaged.body as BodyInit, type: damaged.type, csrfHeader })
        // Stripe's webhook reads its body raw, not as a form: anything damaged fails its signature, a 400.
        const expected = route.path === STRIPE_WEBHOOK_PATH ? 400 : damaged.status
        if (expected && answer.status !== expected) problems.push(`${route.method} ${route.path} [${label}] → ${answer.status}, not ${expected}`)
      }
    }

    // Nothing typed reached the database with a control character in it.
    const textColumns = await sql<{ t: string; c: string }>`
      select table_name as t, column_name as c from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying')`.execute(db)
    for (const { t, c } of textColumns.rows) {
      const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)} where ${sql.ref(c)} ~ ${'[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]'}`.execute(db)
      if (found.rows[0]!.n > 0) problems.push(`${t}.${c} holds a control character`)
    }

    console.log(`no-500 walk: ${routes.length} routes, ${requests} requests, ${BAD.length} bad values, ${DAMAGED_BODIES.length} damaged bodies, ${keys.length} query keys, ${formFields.size} forms discovered`)
    console.log(`requests took ${Math.round(totalMs)} ms; slowest:`, slowest.map((x) => `${Math.round(x.ms)} ms ${x.what}`))
    expect(problems.slice(0, 60)).toEqual([])
    // The walk reached the handlers behind the rows made for it, not only their 404s: the failed
    // email was retried and the open report decided by one of the admin's requests.
    expect((await db.selectFrom('outbox').select('status').where('id', '=', failedEmail).executeTakeFirstOrThrow()).status).not.toBe('failed')
    expect((await db.selectFrom('listing_reports').select('status').where('listing_id', '=', otherListing).executeTakeFirstOrThrow()).status).not.toBe('open')
  }, 600_000)
})
