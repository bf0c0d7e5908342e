import { sql, type Kysely } from 'kysely'
import type { AuditSearch } from './schemas.js'
import type { DB, Json, JsonObject } from '../db/schema.js'
import type { CompanyStatus } from '../db/types.js'
import type {
  AuditEntry, CompanyDetail, CompanyPage, CompanyRegistration, CompanySearch, PersonSummary, StatusCounts,
} from './types.js'

export const COMPANY_PAGE_SIZE = 50

import { isUuid } from '../lib/ids.js'

export { isUuid }

/**
 * Makes user input match itself literally inside a LIKE pattern: a search for "100%" must not
 * match everything starting with "100". Backslash is PostgreSQL's default LIKE escape.
 */
export function escapeLike(input: string): string {
  return input.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

export async function countCompaniesByStatus(db: Kysely<DB>): Promise<StatusCounts> {
  const rows = await db
    .selectFrom('companies')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  const counts: StatusCounts = { pending: 0, approved: 0, rejected: 0, suspended: 0 }
  for (const row of rows) counts[row.status] = Number(row.n)
  return counts
}

/** Listings waiting for an admin's review, for the dashboard. */
export async function countPendingListings(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('listings').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending_review').executeTakeFirstOrThrow()
  return Number(row.n)
}

const companyColumns = [
  'companies.id', 'companies.legal_name', 'companies.org_number', 'companies.country', 'companies.address_line',
  'companies.postcode', 'companies.city', 'companies.contact_name', 'companies.status', 'companies.status_reason',
  'companies.status_changed_at', 'companies.created_at',
] as const

type CompanyRow = {
  id: string; legal_name: string; org_number: string; country: string; address_line: string; postcode: string; city: string
  contact_name: string; status: CompanyStatus; status_reason: string | null; status_changed_at: Date | null; created_at: Date
}

function toRegistration(row: CompanyRow, owners: PersonSummary[]): CompanyRegistration {
  return {
    id: row.id, legalName: row.legal_name, orgNumber: row.org_number, country: row.country, addressLine: row.address_line,
    postcode: row.postcode, city: row.city, contactName: row.contact_name, status: row.status, statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at, createdAt: row.created_at, owners,
  }
}

/** The people of several companies in one query, grouped by company id. */
async function peopleByCompany(db: Kysely<DB>, companyIds: string[], opts: { ownersOnly: boolean }) {
  const byCompany = new Map<string, PersonSummary[]>()
  if (companyIds.length === 0) return byCompany
  let query = db
    .selectFrom('users')
    .select(['id', 'company_id', 'name', 'email', 'company_role', 'email_verified_at', 'created_at'])
    .where('company_id', 'in', companyIds)
  if (opts.ownersOnly) query = query.where('company_role', '=', 'owner')
  const rows = await query.orderBy('created_at').orderBy('id').execute()
  for (const row of rows) {
    const list = byCompany.get(row.company_id!) ?? []
    list.push({ id: row.id, name: row.name, email: row.email, role: row.company_role, emailVerified: row.email_verified_at !== null, createdAt: row.created_at })
    byCompany.set(row.company_id!, list)
  }
  return byCompany
}

async function withOwners(db: Kysely<DB>, rows: CompanyRow[]): Promise<CompanyRegistration[]> {
  const owners = await peopleByCompany(db, rows.map((r) => r.id), { ownersOnly: true })
  return rows.map((row) => toRegistration(row, owners.get(row.id) ?? []))
}

/** Companies awaiting approval, oldest first: the one waiting longest is handled first. */
export async function listPendingCompanies(db: Kysely<DB>, limit = 100): Promise<CompanyRegistration[]> {
  const rows = await db
    .selectFrom('companies')
    .select(companyColumns)
    .where('status', '=', 'pending')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute()
  return withOwners(db, rows)
}

/** One pending company as shown in the queue, or null once it has left the queue. */
export async function findCompanyRegistration(db: Kysely<DB>, companyId: string): Promise<CompanyRegistration | null> {
  if (!isUuid(companyId)) return null
  const row = await db.selectFrom('companies').select(companyColumns).where('id', '=', companyId).executeTakeFirst()
  if (!row) return null
  const [company] = await withOwners(db, [row])
  return company ?? null
}

/**
 * Companies newest first, filtered by a case-insensitive search over legal name, organisation
 * number and member emails, and by status. Keyset pagination: `before` is the id of the last
 * company on the previous page; comparing (created_at, id) against that row in SQL keeps the
 * full timestamp precision that a cursor round-tripped through a JS Date would lose.
 */
export async function searchCompanies(
  db: Kysely<DB>,
  search: CompanySearch & { before?: string | null },
  limit = COMPANY_PAGE_SIZE,
): Promise<CompanyPage> {
  let query = db.selectFrom('companies').select(companyColumns)
  const q = search.q.trim()
  if (q) {
    const pattern = `%${escapeLike(q)}%`
    query = query.where((eb) => eb.or([
      eb('companies.legal_name', 'ilike', pattern),
      eb('companies.org_number', 'ilike', pattern),
      eb.exists(
        eb.selectFrom('users').select(sql`1`.as('one'))
          .whereRef('users.company_id', '=', 'companies.id')
          .where('users.email', 'ilike', pattern),
      ),
    ]))
  }
  if (search.status) query = query.where('companies.status', '=', search.status)
  if (search.before && isUuid(search.before)) {
    const before = search.before
    query = query.where(sql<boolean>`(companies.created_at, companies.id) < (select c.created_at, c.id from companies c where c.id = ${before})`)
  }
  const rows = await query
    .orderBy('companies.created_at', 'desc')
    .orderBy('companies.id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return {
    companies: await withOwners(db, page),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  }
}

/** A company with all its members, for the admin's company page; null for an unknown id. */
export async function findCompanyDetail(db: Kysely<DB>, companyId: string): Promise<CompanyDetail | null> {
  if (!isUuid(companyId)) return null
  const row = await db.selectFrom('companies').select(companyColumns).where('id', '=', companyId).executeTakeFirst()
  if (!row) return null
  const people = (await peopleByCompany(db, [companyId], { ownersOnly: false })).get(companyId) ?? []
  return { ...toRegistration(row, people.filter((p) => p.role === 'owner')), members: people }
}

function auditQuery(db: Kysely<DB>) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id', 'audit_log.created_at', 'audit_log.action', 'audit_log.subject_type', 'audit_log.subject_id',
      'audit_log.detail', 'audit_log.ip', 'users.email as actor_email',
    ])
}

function toAuditEntry(row: {
  id: number; created_at: Date; action: string; subject_type: string | null; subject_id: string | null
  detail: Json; ip: string | null; actor_email: string | null
}): AuditEntry {
  return {
    id: Number(row.id), at: row.created_at, actorEmail: row.actor_email, action: row.action, subjectType: row.subject_type,
    // audit.ts always stores an object; anything else would show as no detail.
    subjectId: row.subject_id, detail: isJsonObject(row.detail) ? row.detail : {}, ip: row.ip,
  }
}

function isJsonObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The latest audit entries, newest first. */
export const AUDIT_PAGE_SIZE = 50

/**
 * The audit log, newest first, narrowed by what the admin searched for: the actor's email
 * (part of it), the action (exact, or a prefix ending in a dot: "company."), the target (a
 * subject's id, or its kind), and days in UTC. Keyset-paged by id.
 */
export async function searchAudit(db: Kysely<DB>, search: AuditSearch & { before?: number }, limit = AUDIT_PAGE_SIZE): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
  let query = auditQuery(db)
  if (search.actor) query = query.where('users.email', 'ilike', `%${escapeLike(search.actor)}%`)
  if (search.action) query = search.action.endsWith('.') ? query.where('audit_log.action', 'like', `${escapeLike(search.action)}%`) : query.where('audit_log.action', '=', search.action)
  if (search.target) {
    const target = search.target
    query = query.where((eb) => eb.or([eb('audit_log.subject_id', '=', target.toLowerCase()), eb('audit_log.subject_id', '=', target), eb('audit_log.subject_type', '=', target)]))
  }
  if (search.from) query = query.where('audit_log.created_at', '>=', new Date(`${search.from}T00:00:00Z`))
  if (search.to) query = query.where('audit_log.created_at', '<', new Date(Date.parse(`${search.to}T00:00:00Z`) + 86_400_000))
  if (search.before) query = query.where('audit_log.id', '<', search.before)
  const rows = await query.orderBy('audit_log.id', 'desc').limit(limit + 1).execute()
  const entries = rows.slice(0, limit).map(toAuditEntry)
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null }
}

/** What happened to a company and its people: moderation, invitations, logins of its members. */
export async function listCompanyActivity(db: Kysely<DB>, companyId: string, memberIds: string[], limit = 50): Promise<AuditEntry[]> {
  const rows = await auditQuery(db)
    .where((eb) => {
      const aboutCompany = eb.and([eb('audit_log.subject_type', '=', 'company'), eb('audit_log.subject_id', '=', companyId)])
      if (memberIds.length === 0) return aboutCompany
      return eb.or([aboutCompany, eb.and([eb('audit_log.subject_type', '=', 'user'), eb('audit_log.subject_id', 'in', memberIds)])])
    })
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toAuditEntry)
}
