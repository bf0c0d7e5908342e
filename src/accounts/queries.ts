import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Viewer } from './viewer.js'
import type { CompanyRole, CompanyStatus } from './company-status.js'

const viewerColumns = [
  'users.id', 'users.name', 'users.email', 'users.email_verified_at', 'users.is_admin', 'users.company_role',
  'companies.id as company_id', 'companies.legal_name', 'companies.country', 'companies.status', 'companies.status_reason',
] as const

function viewerFromRow(row: {
  id: string; name: string; email: string; email_verified_at: Date | null; is_admin: boolean; company_role: CompanyRole | null
  company_id: string | null; legal_name: string | null; country: string | null; status: CompanyStatus | null; status_reason: string | null
}): Viewer {
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    emailVerified: row.email_verified_at !== null,
    isAdmin: row.is_admin,
    company: row.company_id && row.company_role
      ? { id: row.company_id, legalName: row.legal_name!, country: row.country!, status: row.status!, statusReason: row.status_reason, role: row.company_role }
      : null,
  }
}

export type SessionViewer = { expiresAt: Date; absoluteExpiresAt: Date; viewer: Viewer }

/**
 * The sessions behind cookies and who they belong to, in one query: it runs for every request,
 * so it is one round trip, shared by the requests that arrive together (sessions.ts).
 */
export async function findSessionViewers(db: Kysely<DB>, sessionIds: string[]): Promise<Map<string, SessionViewer>> {
  const rows = await db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('companies', 'companies.id', 'users.company_id')
    .select([...viewerColumns, 'sessions.id as session_id', 'sessions.expires_at', 'sessions.absolute_expires_at'])
    .where('sessions.id', 'in', sessionIds).execute()
  return new Map(rows.map((row) => [row.session_id, { expiresAt: row.expires_at, absoluteExpiresAt: row.absolute_expires_at, viewer: viewerFromRow(row) }]))
}

export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

