import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Viewer } from '../../views/viewer.js'

export async function findViewer(db: Kysely<DB>, userId: string): Promise<Viewer | null> {
  const row = await db
    .selectFrom('users')
    .leftJoin('companies', 'companies.id', 'users.company_id')
    .select([
      'users.id', 'users.name', 'users.email', 'users.email_verified_at', 'users.is_admin', 'users.company_role',
      'companies.id as company_id', 'companies.legal_name', 'companies.country', 'companies.status', 'companies.status_reason',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (!row) return null
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

export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

