// Builders for the people and companies tests need, written straight to the test database,
// and a logged-in browser that gets its session the way a person does: POST /login.
import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import type { DB } from '../../src/db/schema.js'
import type { CompanyRole, CompanyStatus } from '../../src/db/types.js'
import { hashPassword } from '../../src/accounts/passwords.js'
import { createAdmin } from '../../src/admin/create-admin.js'
import { TestBrowser } from './browser.js'
import { validVatNumber } from './vat-numbers.js'

export const TEST_PASSWORD = 'correct horse battery staple'

let sequence = 0
/** A short value unique within the test run, for emails and organisation numbers. */
export function unique(prefix = 'x') {
  sequence += 1
  return `${prefix}${sequence}${Math.random().toString(36).slice(2, 6)}`
}

export type TestUser = { userId: string; email: string; password: string; name: string }

/** A platform admin, made the way the CLI command makes one. */
export async function createTestAdmin(db: Kysely<DB>, opts: { email?: string; password?: string; name?: string } = {}): Promise<TestUser> {
  const email = (opts.email ?? `${unique('admin')}@nordicloop.test`).toLowerCase()
  const password = opts.password ?? TEST_PASSWORD
  const name = opts.name ?? 'Ada Admin'
  const { userId } = await createAdmin(db, { email, password, name })
  return { userId, email, password, name }
}

export type TestCompany = {
  companyId: string
  legalName: string
  orgNumber: string
  country: string
  /** A valid VAT number for the country (null for countries tests/support/vat-numbers.ts has no shape for). */
  vatNumber: string | null
  owner: TestUser
}

/**
 * A company in the given status (pending by default) with one owner whose email is verified
 * unless `ownerVerified: false`. `createdAt` lets a test order registrations.
 */
export async function createTestCompany(
  db: Kysely<DB>,
  opts: {
    status?: CompanyStatus
    statusReason?: string | null
    legalName?: string
    orgNumber?: string
    country?: string
    /** Default: a valid number for the country; null for none. */
    vatNumber?: string | null
    ownerEmail?: string
    ownerName?: string
    ownerVerified?: boolean
    password?: string
    createdAt?: Date
  } = {},
): Promise<TestCompany> {
  const legalName = opts.legalName ?? `${unique('Company ')} AB`
  const orgNumber = opts.orgNumber ?? unique('SE')
  const country = opts.country ?? 'SE'
  const vatNumber = opts.vatNumber === undefined ? validVatNumber(country) : opts.vatNumber
  const createdAt = opts.createdAt ?? new Date()
  const company = await db
    .insertInto('companies')
    .values({
      legal_name: legalName, org_number: orgNumber, country, vat_number: vatNumber, address_line: 'Hamngatan 1', postcode: '111 47', city: 'Stockholm',
      contact_name: opts.ownerName ?? 'Olle Owner', status: opts.status ?? 'pending', status_reason: opts.statusReason ?? null,
      status_changed_at: opts.status && opts.status !== 'pending' ? createdAt : null, created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const owner = await addTestMember(db, company.id, {
    role: 'owner', email: opts.ownerEmail, name: opts.ownerName ?? 'Olle Owner', verified: opts.ownerVerified ?? true,
    password: opts.password, createdAt,
  })
  return { companyId: company.id, legalName, orgNumber, country, vatNumber, owner }
}

/** Another person in a company: a member by default, verified unless told otherwise. */
/** The three companies of a deal's tests: a Swedish seller, a Finnish buyer and a Norwegian outsider. */
export function tradingCompanies(db: Kysely<DB>): Promise<[seller: TestCompany, buyer: TestCompany, third: TestCompany]> {
  return Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Papper AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Kartong Oy', country: 'FI' }),
    createTestCompany(db, { status: 'approved', legalName: 'Tredje Part AS', country: 'NO' }),
  ])
}

export async function addTestMember(
  db: Kysely<DB>,
  companyId: string,
  opts: { role?: CompanyRole; email?: string; name?: string; verified?: boolean; password?: string; createdAt?: Date } = {},
): Promise<TestUser> {
  const email = (opts.email ?? `${unique('person')}@example.test`).toLowerCase()
  const password = opts.password ?? TEST_PASSWORD
  const name = opts.name ?? 'Mia Member'
  const createdAt = opts.createdAt ?? new Date()
  const user = await db
    .insertInto('users')
    .values({
      company_id: companyId, company_role: opts.role ?? 'member', email, name, password_hash: await passwordHash(password),
      email_verified_at: opts.verified === false ? null : createdAt, created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { userId: user.id, email, password, name }
}

// One argon2 hash per distinct password: hashing is deliberately slow, and tests create many people.
const hashes = new Map<string, Promise<string>>()
function passwordHash(password: string) {
  let hash = hashes.get(password)
  if (!hash) hashes.set(password, (hash = hashPassword(password)))
  return hash
}

type AnyApp = ConstructorParameters<typeof TestBrowser>[0]

/** A browser logged in as this user through the real login form. */
export async function logInAs(app: AnyApp, user: { email: string; password: string }): Promise<TestBrowser> {
  const browser = new TestBrowser(app)
  const res = await browser.post('/login', { email: user.email, password: user.password })
  expect(res.status, `login of ${user.email} should redirect`).toBe(303)
  return browser
}
