import { Hono, type MiddlewareHandler } from 'hono'
import { isLoopback, socketAddress } from '../web/client-ip.js'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../web/context.js'
import type { DB } from '../db/schema.js'
import { renderPage } from '../web/render.js'
import { asBuffer, isContentType } from '../notifications/attachments.js'
import { MailDetailPage, MailListPage, type OutboxEmail, type OutboxSummary } from '../../views/dev/mail.js'

const LIST_LIMIT = 200

// Development only (app.ts mounts it outside production): the outbox as a web page, so a
// newcomer can open verification links without a mail provider.
// It answers only connections from the loopback interface, judged by the socket (not by a
// header anyone can write): a deployment that forgot NODE_ENV=production must not hand reset
// links to the internet. Everyone else gets the ordinary "not found".
const loopbackOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isLoopback(socketAddress(c))) return c.notFound()
  await next()
}

/** Mounted at /dev/mail; the loopback check runs once, for every URL under it. */
export const devMailRoutes = new Hono<AppEnv>()
  .use(loopbackOnly)
  .get('/', async (c) => {
    const emails = await listRecentEmails(c.var.db, LIST_LIMIT)
    return renderPage(c, 'Dev mail', <MailListPage emails={emails} limit={LIST_LIMIT} />)
  })
  // At most 15 digits: anything longer is beyond any row's id (and beyond what the database takes).
  .get('/:id{[0-9]{1,15}}', async (c) => {
    const email = await findEmail(c.var.db, Number(c.req.param('id')))
    if (!email) return c.notFound()
    return renderPage(c, email.subject, <MailDetailPage email={email} />)
  })
  // The email's HTML alone, framed by its page under a policy of its own (web/security-headers.ts).
  .get('/:id{[0-9]{1,15}}/html', async (c) => {
    const email = await findEmail(c.var.db, Number(c.req.param('id')))
    if (!email?.html) return c.notFound()
    c.header('Cache-Control', 'no-store')
    return c.html(email.html)
  })
  // Positions are 1 to 4 digits: the column is a smallint, and no email carries thousands of files.
  .get('/:id{[0-9]{1,15}}/attachments/:position{[1-9][0-9]{0,3}}', async (c) => {
    const file = await findAttachment(c.var.db, Number(c.req.param('id')), Number(c.req.param('position')))
    if (!file) return c.notFound()
    // Always a download, never shown on this origin: a file could be HTML or SVG with script
    // in it. The global nosniff header keeps the browser to the stated type; a type that is not
    // a plain MIME type (enqueueing refuses those) would not even reach the header.
    c.header('Content-Type', isContentType(file.contentType) ? file.contentType : 'application/octet-stream')
    c.header('Content-Disposition', attachmentDisposition(file.name))
    // Like the rest of /dev/mail, what an email carries is nobody's cache's business.
    c.header('Cache-Control', 'no-store')
    return c.body(new Uint8Array(file.content), 200)
  })

export async function listRecentEmails(db: Kysely<DB>, limit: number): Promise<OutboxSummary[]> {
  return db
    .selectFrom('outbox')
    .select(['id', 'to_address as to', 'subject', 'template', 'status', 'attempts', 'created_at as createdAt'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function findEmail(db: Kysely<DB>, id: number): Promise<OutboxEmail | undefined> {
  const email = await db
    .selectFrom('outbox')
    .select([
      'id', 'to_address as to', 'subject', 'template', 'status', 'attempts', 'created_at as createdAt',
      'text_body as text', 'html_body as html', 'provider_message_id as providerMessageId', 'last_error as lastError', 'sent_at as sentAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!email) return undefined
  // The files' names and sizes only: their bytes are read when one is downloaded.
  const attachments = await db
    .selectFrom('outbox_attachments')
    .select((eb) => ['position', 'name', 'content_type as contentType', eb.fn<number>('octet_length', ['content']).as('size')])
    .where('outbox_id', '=', id)
    .orderBy('position')
    .execute()
  return { ...email, attachments }
}

export async function findAttachment(db: Kysely<DB>, outboxId: number, position: number) {
  const file = await db
    .selectFrom('outbox_attachments')
    .select(['name', 'content_type as contentType', 'content'])
    .where('outbox_id', '=', outboxId)
    .where('position', '=', position)
    .executeTakeFirst()
  return file && { ...file, content: asBuffer(file.content) }
}

/**
 * RFC 6266: an ASCII stand-in name for old clients in `filename`, the real one (say
 * "Hämtning Växjö.ics") percent-encoded as UTF-8 in `filename*`, which browsers prefer.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\w.-]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
