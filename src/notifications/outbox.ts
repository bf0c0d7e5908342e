import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { NewOutboxAttachment, OutboxRow, OutboxUpdate } from '../db/types.js'
import type { Logger } from '../lib/logger.js'
import type { Email } from './email.js'
import { attachmentRows, loadAttachments } from './attachments.js'
import { recordNotices } from './in-app.js'
import { MailError, type Mailer } from './mailer.js'
import { MAX_SEND_ATTEMPTS, retryDelayMs } from './retry.js'

/**
 * Queues an email. Call it with the transaction that makes the change the email speaks of,
 * so the email exists if and only if the change committed.
 */
export async function enqueueEmail(db: Kysely<DB>, email: Email) {
  await enqueueEmails(db, [email])
}

/**
 * Queues several emails in one go. An email's files are checked before anything is written
 * (AttachmentError), and are written in the same transaction as the email. This is the one
 * place every email passes: each email's in-app notification is written here too, by one
 * statement for the whole batch, so the page shows exactly what was sent.
 */
export async function enqueueEmails(db: Kysely<DB>, emails: Email[]): Promise<void> {
  if (emails.length === 0) return
  // The emails and their notifications stand or fall together, also for a caller without a transaction.
  if (!db.isTransaction) return db.transaction().execute((trx) => enqueueEmails(trx, emails))
  const files = emails.map(attachmentRows)
  await recordNotices(db, emails)
  const row = (e: Email) => ({ template: e.template, to_address: e.to, subject: e.subject, html_body: e.html, text_body: e.text })
  if (files.every((f) => f.length === 0)) {
    await db.insertInto('outbox').values(emails.map(row)).execute()
    return
  }
  // The files need their email's id, and a multi-row INSERT … RETURNING does not promise its
  // rows in VALUES order: so these emails are inserted one by one, keeping the queue order.
  // Emails with files are few (a deal's confirmation to each party).
  const attachments: NewOutboxAttachment[] = []
  for (const [i, email] of emails.entries()) {
    const { id } = await db.insertInto('outbox').values(row(email)).returning('id').executeTakeFirstOrThrow()
    attachments.push(...files[i].map((f) => ({ ...f, outbox_id: id })))
  }
  if (attachments.length > 0) await db.insertInto('outbox_attachments').values(attachments).execute()
}

export type DrainOptions = {
  now: Date
  /** Rows claimed in one statement; they are then sent `concurrency` at a time. */
  batchSize?: number
  /** How many of the batch's emails are sent at once (1: one after another). */
  concurrency?: number
  /** How long a claim holds. Must outlast sending the whole batch, or a second drain takes rows back mid-batch. */
  leaseMs: number
  log: Logger
  random?: () => number
  maxAttempts?: number
}

export type DrainResult = { claimed: number; sent: number; retrying: number; failed: number }

/**
 * Sends what is due, in three steps that each commit on their own: claim a batch (status
 * `sending`, a lease, attempts + 1), send each email, record the outcome. A crash between the
 * send and the record leaves the row `sending`; once its lease expires a later drain claims it
 * again, so an email is delivered at least once and only the one in flight can go twice.
 */
export async function drainOutbox(db: Kysely<DB>, mailer: Mailer, opts: DrainOptions): Promise<DrainResult> {
  const { now, log } = opts
  const maxAttempts = opts.maxAttempts ?? MAX_SEND_ATTEMPTS
  const rows = await claimDueEmails(db, now, opts.batchSize ?? 20, opts.leaseMs)
  const result: DrainResult = { claimed: rows.length, sent: 0, retrying: 0, failed: 0 }

  // One record per send, straight after it, on purpose: batching the updates would widen the
  // window in which a crash forgets that an email already went out. If recording fails (the
  // database is gone) the batch stops; sending more that cannot be recorded only adds duplicates.
  const sendOne = async (row: OutboxRow) => {
    if (row.attempts > maxAttempts) {
      // Only reachable when earlier claims never finished (a crash each time): a poison email.
      await recordOutcome(db, row, { status: 'failed', lease_until: null, last_error: `gave up after ${row.attempts - 1} attempts that never finished` })
      log.error('email given up', { outboxId: row.id, template: row.template, attempts: row.attempts - 1 })
      result.failed++
      return
    }
    const email: Email = { template: row.template, to: row.to_address, subject: row.subject, html: row.html_body, text: row.text_body }
    let outcome: { messageId: string } | { error: unknown }
    try {
      // Read here, one email's files at a time, not with the claim: a batch of emails near
      // Postmark's 10 MB would otherwise sit in memory all at once.
      const attachments = await loadAttachments(db, row.id)
      if (attachments.length > 0) email.attachments = attachments
      outcome = await mailer.send(email, { outboxId: row.id })
    } catch (error) {
      outcome = { error }
    }

    if ('messageId' in outcome) {
      await recordOutcome(db, row, { status: 'sent', provider_message_id: outcome.messageId, sent_at: now, lease_until: null, last_error: null })
      log.info('email sent', { outboxId: row.id, template: row.template, messageId: outcome.messageId, mailer: mailer.name })
      result.sent++
      return
    }

    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error)
    // Anything that is not a MailError is a fault on our side, not the message's: try again.
    const retryable = outcome.error instanceof MailError ? outcome.error.retryable : true
    const delay = retryable ? retryDelayMs(row.attempts, opts.random, { maxAttempts }) : null
    if (delay !== null) {
      await recordOutcome(db, row, { status: 'pending', next_attempt_at: new Date(now.getTime() + delay), lease_until: null, last_error: message })
      log.warn('email send failed, will retry', { outboxId: row.id, template: row.template, attempts: row.attempts, retryInMs: delay, error: message })
      result.retrying++
    } else {
      await recordOutcome(db, row, { status: 'failed', lease_until: null, last_error: message })
      log.error('email failed', { outboxId: row.id, template: row.template, attempts: row.attempts, retryable, error: message })
      result.failed++
    }
  }

  // Up to `concurrency` sends at once, each recorded as it ends; the claim's order is kept in
  // who starts first. After a failed record no sender takes another email; the ones in flight end.
  let next = 0
  let stopped = false
  const sender = async () => {
    while (!stopped && next < rows.length) {
      const row = rows[next++]!
      try {
        await sendOne(row)
      } catch (err) {
        stopped = true
        throw err
      }
    }
  }
  const ended = await Promise.allSettled(Array.from({ length: Math.min(opts.concurrency ?? 1, rows.length) }, sender))
  const failure = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected')
  if (failure) throw failure.reason
  return result
}

/**
 * Claims up to `limit` due rows in one statement: pending ones whose time has come, and
 * `sending` ones whose lease ran out (their drain died). SKIP LOCKED lets concurrent drains
 * (several app instances) each take different rows instead of waiting on one another.
 */
export async function claimDueEmails(db: Kysely<DB>, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const rows = await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', lease_until: new Date(now.getTime() + leaseMs), attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb.selectFrom('outbox')
        .select('id')
        .where((w) => w.or([
          w.and([w('status', '=', 'pending'), w('next_attempt_at', '<=', now)]),
          w.and([w('status', '=', 'sending'), w('lease_until', '<', now)]),
        ]))
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute()
  return rows.sort((a, b) => a.id - b.id)
}

/**
 * Records how a send went, only if this drain still holds the claim: `attempts` acts as a
 * fencing token, since any later claim of the row has raised it.
 */
async function recordOutcome(db: Kysely<DB>, row: OutboxRow, changes: OutboxUpdate) {
  await db
    .updateTable('outbox')
    .set(changes)
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute()
}
