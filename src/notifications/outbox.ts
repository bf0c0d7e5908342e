import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Email } from '../../views/emails/email.js'

/**
 * Queues an email. Call it with the transaction that makes the change the email speaks of,
 * so the email exists if and only if the change committed.
 */
export async function enqueueEmail(db: Kysely<DB>, email: Email) {
  await enqueueEmails(db, [email])
}

export async function enqueueEmails(db: Kysely<DB>, emails: Email[]) {
  if (emails.length === 0) return
  await db
    .insertInto('outbox')
    .values(emails.map((e) => ({ template: e.template, to_address: e.to, subject: e.subject, html_body: e.html, text_body: e.text })))
    .execute()
}
