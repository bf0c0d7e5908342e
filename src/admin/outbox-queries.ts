// The email outbox as an admin sees it: what waits, what failed and why, what went out; and
// sending a failed email again. Bodies are never read here: an email may carry a secret link
// (a password reset, an invitation), and the list has no need of it.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { OutboxStatus } from '../db/types.js'
import { recordAudit } from './audit.js'

export const OUTBOX_PAGE_SIZE = 50
/** A failure's message, cut to what a table cell can show; the full one stays in the database. */
const ERROR_SHOWN = 300

export type OutboxEntry = {
  id: number
  status: OutboxStatus
  template: string
  to: string
  subject: string
  attempts: number
  nextAttemptAt: Date
  leaseUntil: Date | null
  lastError: string | null
  createdAt: Date
  sentAt: Date | null
}

export type OutboxPage = { entries: OutboxEntry[]; nextCursor: number | null }

/** One page, newest first, below the id `before`; `status` narrows it. */
export async function listOutbox(db: Kysely<DB>, opts: { status?: OutboxStatus; before?: number }): Promise<OutboxPage> {
  let query = db.selectFrom('outbox')
    .select(['id', 'status', 'template', 'to_address', 'subject', 'attempts', 'next_attempt_at', 'lease_until', 'created_at', 'sent_at'])
    .select((eb) => eb.fn<string | null>('left', ['last_error', eb.lit(ERROR_SHOWN)]).as('last_error'))
  if (opts.status) query = query.where('status', '=', opts.status)
  if (opts.before !== undefined) query = query.where('id', '<', opts.before)
  const rows = await query.orderBy('id', 'desc').limit(OUTBOX_PAGE_SIZE + 1).execute()
  const entries = rows.slice(0, OUTBOX_PAGE_SIZE).map((r): OutboxEntry => ({
    id: r.id, status: r.status, template: r.template, to: r.to_address, subject: r.subject, attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at, leaseUntil: r.lease_until, lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at,
  }))
  return { entries, nextCursor: rows.length > OUTBOX_PAGE_SIZE ? entries[entries.length - 1]!.id : null }
}

/** How many emails wait, are being sent, or failed (from the partial indexes; sent ones are not counted). */
export async function countOutboxBacklog(db: Kysely<DB>): Promise<Record<'pending' | 'sending' | 'failed', number>> {
  const rows = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', 'in', ['pending', 'sending', 'failed']).groupBy('status').execute()
  const counts = { pending: 0, sending: 0, failed: 0 }
  for (const r of rows) if (r.status !== 'sent') counts[r.status] = Number(r.n)
  return counts
}

export type RetryResult =
  | { ok: true; id: number; to: string }
  | { ok: false; status: 404 | 409; message: string }

/**
 * A failed email back in the queue, due now, with a fresh count of attempts (the drain gives up
 * after MAX_SEND_ATTEMPTS, and a failed one has used them up). Only a failed email: the
 * conditional UPDATE is the check, so a second click, or two admins at once, change nothing.
 */
export async function retryFailedEmail(db: Kysely<DB>, args: { id: number; adminId: string; now: Date; ip?: string | null }): Promise<RetryResult> {
  return db.transaction().execute(async (trx): Promise<RetryResult> => {
    const before = await trx.selectFrom('outbox').select(['id', 'status', 'attempts', 'last_error', 'to_address', 'template'])
      .where('id', '=', args.id).forUpdate().executeTakeFirst()
    if (!before) return { ok: false, status: 404, message: 'There is no such email in the outbox.' }
    if (before.status !== 'failed') {
      return {
        ok: false, status: 409,
        message: `Email #${before.id} is ${before.status === 'sent' ? 'already sent' : `${before.status}, already queued to be sent`}: only a failed email can be retried. Nothing was changed.`,
      }
    }
    await trx.updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: args.now, attempts: 0, lease_until: null })
      .where('id', '=', before.id).where('status', '=', 'failed')
      .execute()
    await recordAudit(trx, {
      actorUserId: args.adminId, action: 'outbox.retried', subjectType: 'outbox', subjectId: String(before.id), ip: args.ip ?? null,
      detail: { to: before.to_address, template: before.template, attempts: before.attempts, lastError: before.last_error?.slice(0, ERROR_SHOWN) ?? null },
    })
    return { ok: true, id: before.id, to: before.to_address }
  })
}
