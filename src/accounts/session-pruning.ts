import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

/** Expired sessions are refused when presented; this only keeps the table from growing. */
export async function pruneExpiredSessions(db: Kysely<DB>, now: Date) {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
