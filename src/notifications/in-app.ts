// Notifications in the app: every email to a person with an account is also kept for them, to
// read on the Notifications page. Written next to the email in the outbox (enqueueEmails),
// read and marked read here.
import type { Context } from 'hono'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { AppEnv } from '../web/context.js'
import type { Email } from './email.js'

/** How many notifications the page shows at once. */
export const NOTIFICATIONS_PER_PAGE = 20

export type Notification = { id: number; title: string; summary: string; link: string | null; createdAt: Date; readAt: Date | null }

/**
 * Keeps the in-app notice of each email whose address belongs to an account, in ONE statement
 * whatever the number of emails: enqueueEmails runs inside bid transactions, which hold a
 * listing's lock. Emails without a notice (secret links) and addresses without an account
 * are left out. Addresses are stored lower-cased, so the unique index on users.email is used.
 */
export async function recordNotices(db: Kysely<DB>, emails: Email[]) {
  const notices = emails.flatMap((e, position) => (e.notice
    ? [{ ord: position, to_address: e.to, template: e.template, title: e.subject, summary: e.notice.summary, link: e.notice.link }]
    : []))
  if (notices.length === 0) return
  await sql`
    INSERT INTO notifications (user_id, template, title, summary, link)
    SELECT u.id, n.template, n.title, n.summary, n.link
    FROM jsonb_to_recordset(${JSON.stringify(notices)}::jsonb)
      AS n(ord int, to_address text, template text, title text, summary text, link text)
    JOIN users u ON u.email = lower(n.to_address)
    ORDER BY n.ord`.execute(db)
}

/** One page of a person's notifications, newest first, starting below the id `before`; `older` says whether more follow. */
export async function listNotifications(db: Kysely<DB>, userId: string, before: number | null): Promise<{ notifications: Notification[]; older: boolean }> {
  let query = db.selectFrom('notifications')
    .select(['id', 'title', 'summary', 'link', 'created_at as createdAt', 'read_at as readAt'])
    .where('user_id', '=', userId)
  if (before !== null) query = query.where('id', '<', before)
  const rows = await query.orderBy('id', 'desc').limit(NOTIFICATIONS_PER_PAGE + 1).execute()
  return { notifications: rows.slice(0, NOTIFICATIONS_PER_PAGE), older: rows.length > NOTIFICATIONS_PER_PAGE }
}

/** Marks these of the person's notifications read (those already read keep their time). Someone else's ids change nothing. */
export async function markNotificationsRead(db: Kysely<DB>, userId: string, ids: number[], now: Date) {
  if (ids.length === 0) return
  await db.updateTable('notifications').set({ read_at: now })
    .where('user_id', '=', userId).where('id', 'in', ids).where('read_at', 'is', null)
    .execute()
}

/** Marks all of the person's notifications read. */
export async function markAllNotificationsRead(db: Kysely<DB>, userId: string, now: Date) {
  await db.updateTable('notifications').set({ read_at: now })
    .where('user_id', '=', userId).where('read_at', 'is', null)
    .execute()
}

/** How many of the person's notifications are unread (from the partial index). */
export async function countUnreadNotifications(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId).where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}

/**
 * The header's "Notifications (4)": for full pages of a logged-in person; null for visitors,
 * on error pages, or when the count fails (the page never does).
 */
export async function unreadNotificationsForHeader(c: Context<AppEnv>, status: number): Promise<number | null> {
  const viewer = c.var.viewer
  if (!viewer || status >= 500) return null
  try {
    return await countUnreadNotifications(c.var.db, viewer.userId)
  } catch (err) {
    c.var.log.warn('unread notifications count for the header failed', { error: (err as Error).message })
    return null
  }
}
