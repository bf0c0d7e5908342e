// Files sent with an email: what an email may carry, and how the files are kept with their
// outbox row (migrations/2026-12-02T1310-email-attachments.sql says why a table of their own).
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { NewOutboxAttachment } from '../db/types.js'
import type { Email, EmailAttachment } from './email.js'

/**
 * Postmark refuses a message over 10 MB, counted after base64 encoding and including both
 * bodies. We stop half a megabyte short, for the headers and MIME parts Postmark adds. That is
 * about 7 MB of files: an invitation is a kilobyte, an invoice PDF a hundred.
 */
export const MAX_MESSAGE_BYTES = 9_500_000
const MAX_NAME_LENGTH = 200

// A MIME type with optional parameters (`text/calendar; charset=utf-8; method=PUBLISH`). Strict,
// because the dev mail page puts it in a response header and Postmark in a MIME header: spaces
// only, never a line break.
const CONTENT_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?: *; *[\w!#$&^.+-]+=(?:[\w!#$&^.+-]+|"[^"\\\x00-\x1f\x7f]*"))*$/
// Control characters, and lone surrogates (which have no UTF-8 form).
const CONTROL = /[\x00-\x1f\x7f]|\p{Cs}/u

export const isContentType = (value: string) => value.length <= MAX_NAME_LENGTH && CONTENT_TYPE.test(value)

/** A file the code tried to send that no mail provider would take: a bug in the caller, so it throws. */
export class AttachmentError extends Error {
  override name = 'AttachmentError'
}

/** A file's bytes: a string is its text, sent as UTF-8. */
export function attachmentBytes(content: Buffer | string): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content
}

/** The length of `bytes` base64-encoded, as Postmark counts it. */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4

/**
 * The outbox rows for an email's files (without the email's id), after checking each name and
 * type and the size of the whole message. Throws AttachmentError naming the email and the
 * rule, so the change that queued it fails at once instead of the send failing later.
 */
export function attachmentRows(email: Email): Omit<NewOutboxAttachment, 'outbox_id'>[] {
  const files = email.attachments ?? []
  const refuse = (why: string) => new AttachmentError(`email ${email.template} to ${email.to}: ${why}`)
  let size = Buffer.byteLength(email.html, 'utf8') + Buffer.byteLength(email.text, 'utf8')
  const rows = files.map((file, i) => {
    // A name, not a path: mail clients save the file under it.
    if (file.name.length === 0 || file.name.length > MAX_NAME_LENGTH || CONTROL.test(file.name) || /[/\\]/.test(file.name)) {
      throw refuse(`attachment ${i + 1} needs a file name of 1 to ${MAX_NAME_LENGTH} characters without slashes or control characters, not ${JSON.stringify(file.name)}`)
    }
    if (!isContentType(file.contentType)) {
      throw refuse(`attachment ${file.name} needs a content type such as "application/pdf", not ${JSON.stringify(file.contentType)}`)
    }
    const content = attachmentBytes(file.content)
    size += base64Length(content.length)
    return { position: i + 1, name: file.name, content_type: file.contentType, content }
  })
  if (size > MAX_MESSAGE_BYTES) {
    const total = files.reduce((sum, f) => sum + attachmentBytes(f.content).length, 0)
    throw refuse(`its ${files.length} attachment(s) total ${total.toLocaleString('en')} bytes, which makes a message of ` +
      `${size.toLocaleString('en')} bytes once base64-encoded; an email may be at most ${MAX_MESSAGE_BYTES.toLocaleString('en')} ` +
      `(Postmark refuses messages over 10 MB). Link to a large file instead of attaching it.`)
  }
  return rows
}

/** An email's files in their order, for the send. */
export async function loadAttachments(db: Kysely<DB>, outboxId: number): Promise<EmailAttachment[]> {
  const rows = await db
    .selectFrom('outbox_attachments')
    .select(['name', 'content_type', 'content'])
    .where('outbox_id', '=', outboxId)
    .orderBy('position')
    .execute()
  return rows.map((r) => ({ name: r.name, contentType: r.content_type, content: asBuffer(r.content) }))
}

/**
 * node-postgres reads bytea as a Buffer, PGlite as a plain Uint8Array, whose toString() gives
 * comma-separated numbers instead of text or base64: make every reader get a Buffer.
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
