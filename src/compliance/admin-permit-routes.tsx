// The admin's permit queue at /admin/permits (the admin area's guard has run): verify, or
// reject with a reason. Plain forms; after a decision the admin is sent back to the queue.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { renderPage } from '../web/render.js'
import { redirectTo } from '../web/redirect.js'
import { clientIp } from '../web/client-ip.js'
import { validForm } from '../web/validation.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { requiredText } from '../lib/fields.js'
import { ID } from '../lib/ids.js'
import { AdminPermitsPage } from '../../views/compliance/admin-permits.js'
import { submittedPermits } from './permit-queries.js'
import { decidePermit, type PermitDecision } from './permit-actions.js'

const RejectForm = z.object({ reason: requiredText('the reason', 1000, { multiline: true }) })

const NOTICES: Record<string, string> = {
  verified: 'The permit was verified and the company told.',
  rejected: 'The permit was rejected and the company told why.',
}

async function showQueue(c: Context<AppEnv>, opts: { status?: 404 | 409 | 422; problem?: string; failed?: { permitId: string; values: FormValues; errors: FieldErrors } } = {}) {
  const permits = await submittedPermits(c.var.db)
  const notice = c.req.query('notice')
  return renderPage(c, 'Waste permits to verify', (
    <AdminPermitsPage
      csrfToken={c.var.csrfToken} problem={opts.problem} failed={opts.failed}
      notice={notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : undefined}
      permits={permits.map((p) => ({ ...p, submittedAt: p.submittedAt.toISOString() }))}
    />
  ), opts.status)
}

async function decide(c: Context<AppEnv>, decision: PermitDecision) {
  const result = await decidePermit(c.var.db, { userId: currentUser(c).userId, ip: clientIp(c) }, c.req.param('id')!.toLowerCase(), decision,
    { now: c.var.clock(), baseUrl: c.var.config.BASE_URL })
  if (!result.ok) {
    if (result.status === 404) return c.notFound()
    return showQueue(c, { status: 409, problem: result.message })
  }
  return redirectTo(c, `/admin/permits?notice=${decision.kind === 'verify' ? 'verified' : 'rejected'}`)
}

export const adminPermitRoutes = new Hono<AppEnv>()
  .get('/', (c) => showQueue(c))
  .post(`/${ID}/verify`, (c) => decide(c, { kind: 'verify' }))
  .post(
    `/${ID}/reject`,
    validForm(RejectForm, async (c, values, errors) => showQueue(c, { status: 422, failed: { permitId: c.req.param('id')!.toLowerCase(), values, errors } })),
    (c) => decide(c, { kind: 'reject', reason: c.req.valid('form').reason }),
  )
