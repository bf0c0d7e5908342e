import { Hono, type MiddlewareHandler } from 'hono'
import { isLoopback, socketAddress } from '../web/client-ip.js'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../web/context.js'
import type { DB } from '../db/schema.js'
import { renderPage } from '../web/render.js'
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

export async function listRecentEmails(db: Kysely<DB>, limit: number): Promise<OutboxSummary[]> {
  return db
    .selectFrom('outbox')
    .select(['id', 'to_address as to', 'subject', 'template', 'status', 'attempts', 'created_at as createdAt'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function findEmail(db: Kysely<DB>, id: number): Promise<OutboxEmail | undefined> {
  return db
    .selectFrom('outbox')
    .select([
      'id', 'to_address as to', 'subject', 'template', 'status', 'attempts', 'created_at as createdAt',
      'text_body as text', 'html_body as html', 'provider_message_id as providerMessageId', 'last_error as lastError', 'sent_at as sentAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
}
