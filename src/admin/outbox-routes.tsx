// The email outbox page, at /admin/outbox: filter by status, page back by id, and retry a
// failed email. The retry is a plain form that answers 303 back to the page it came from.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { validQuery } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import { patternText } from '../lib/fields.js'
import { OutboxPage } from '../../views/admin/outbox.js'
import { countOutboxBacklog, listOutbox, retryFailedEmail } from './outbox-queries.js'

const DAMAGED = 'That page link is not valid. Start again from the newest emails.'

export const OUTBOX_STATUSES = ['pending', 'sending', 'failed', 'sent'] as const

export const OutboxQuery = z.object({
  status: z.enum(['', ...OUTBOX_STATUSES], { error: 'Choose a status from the list.' }).default(''),
  // The id the page goes on below: at most 15 digits, beyond any id this table reaches.
  before: patternText(/^[1-9][0-9]{0,14}$/, DAMAGED).transform(Number).optional(),
  // What the last retry did; only these fixed words, never text from the URL.
  done: z.enum(['retried']).optional().catch(undefined),
})

const OUTBOX_ID = ':id{[1-9][0-9]{0,14}}'

async function showPage(c: Context<AppEnv>, opts: { status?: (typeof OUTBOX_STATUSES)[number]; before?: number; notice?: string; problem?: string }, code: 200 | 409 = 200) {
  const db = c.var.db
  const [page, counts] = await Promise.all([listOutbox(db, opts), countOutboxBacklog(db)])
  return renderPage(c, 'Email outbox',
    <OutboxPage page={page} counts={counts} status={opts.status ?? ''} firstPage={opts.before === undefined} csrfToken={c.var.csrfToken}
      notice={opts.notice} problem={opts.problem} />, code)
}

export const adminOutboxRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { status, before, done } = validQuery(c, OutboxQuery)
    return showPage(c, { status: status || undefined, before, notice: done === 'retried' ? 'The email is queued again and goes out with the next run of the sender.' : undefined })
  })
  .post(`/${OUTBOX_ID}/retry`, async (c) => {
    const id = Number(c.req.param('id'))
    const result = await retryFailedEmail(c.var.db, { id, adminId: currentUser(c).userId, now: c.var.clock(), ip: clientIp(c) })
    if (!result.ok) {
      if (result.status === 404) throw new HTTPException(404, { message: result.message })
      return showPage(c, { status: 'failed', problem: result.message }, 409)
    }
    return redirectTo(c, '/admin/outbox?status=pending&done=retried')
  })
