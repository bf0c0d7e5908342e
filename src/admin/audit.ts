import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

/** Admin actions and security events (logins, password changes, approvals), for the audit log. */
export async function recordAudit(
  db: Kysely<DB>,
  entry: { actorUserId: string | null; action: string; subjectType?: string; subjectId?: string; detail?: Record<string, unknown>; ip?: string | null },
) {
  await db.insertInto('audit_log').values({
    actor_user_id: entry.actorUserId,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip ?? null,
  }).execute()
}
