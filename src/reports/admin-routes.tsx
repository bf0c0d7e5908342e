// The admin's queue of reported listings, at /admin/reports: dismiss a listing's reports with a
// note, or withdraw the listing (the admin withdrawal, src/admin/listing-review.ts). Plain forms
// that answer 303 back to the queue; a refusal shows the queue again with the message.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { validForm, validQuery } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import { ID } from '../lib/ids.js'
import { ReportsPage, type ReportFormState } from '../../views/admin/reports.js'
import { decideReports, findOpenReportGroup, listOpenReportGroups, type DecisionContext } from './reports.js'
import { DismissForm, ReportsQuery, WithdrawForm } from './schemas.js'

/** Listings shown at once; more wait below the fold of a queue that should never be this long. */
export const REPORT_QUEUE_LIMIT = 50

const notices = {
  dismissed: 'The reports are dismissed; the listing stays. Each reporter has been emailed your note.',
  withdrawn: 'The listing is withdrawn and its reports closed. The seller has been emailed the reason, and each reporter told.',
} as const

const listingId = (c: Context<AppEnv>) => c.req.param('id')!.toLowerCase()

function decisionContext(c: Context<AppEnv>): DecisionContext {
  return { listingId: listingId(c), adminId: currentUser(c).userId, now: c.var.clock(), baseUrl: c.var.config.BASE_URL, ip: clientIp(c) }
}

/** The queue again, with one listing's form sent back with its errors, or a problem above it all. */
async function showQueue(c: Context<AppEnv>, status: 409 | 422, opts: { form?: ReportFormState; problem?: string }) {
  const db = c.var.db
  let { groups, total } = await listOpenReportGroups(db, REPORT_QUEUE_LIMIT)
  // Beyond the first page of the queue: show it first, with its form.
  if (opts.form && !groups.some((g) => g.listing.id === opts.form!.listingId)) {
    const group = await findOpenReportGroup(db, opts.form.listingId)
    if (group) groups = [group, ...groups]
    else if (status === 422) opts = { problem: 'This listing has no open reports. Nothing was changed.' }
  }
  return renderPage(c, 'Reported listings', <ReportsPage groups={groups} total={total} limit={REPORT_QUEUE_LIMIT} csrfToken={c.var.csrfToken} {...opts} />, status)
}

type Decided = Awaited<ReturnType<typeof decideReports>>

function answer(c: Context<AppEnv>, result: Decided) {
  if (!result.ok) {
    if (result.status === 404) throw new HTTPException(404, { message: 'There is no such listing. It may have been removed, or the link may be mistyped.' })
    return showQueue(c, 409, { problem: result.message })
  }
  return redirectTo(c, `/admin/reports?done=${result.decision}`)
}

export const adminReportRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { done } = validQuery(c, ReportsQuery)
    const { groups, total } = await listOpenReportGroups(c.var.db, REPORT_QUEUE_LIMIT)
    return renderPage(c, 'Reported listings',
      <ReportsPage groups={groups} total={total} limit={REPORT_QUEUE_LIMIT} csrfToken={c.var.csrfToken} notice={done && notices[done]} />)
  })
  .post(`/listings/${ID}/dismiss`,
    validForm(DismissForm, (c, values, errors) => showQueue(c, 422, { form: { listingId: listingId(c), action: 'dismiss', values, errors } })),
    async (c) => {
      const { note } = c.req.valid('form')
      return answer(c, await decideReports(c.var.db, { ...decisionContext(c), decision: 'dismissed', note }))
    })
  .post(`/listings/${ID}/withdraw`,
    validForm(WithdrawForm, (c, values, errors) => showQueue(c, 422, { form: { listingId: listingId(c), action: 'withdraw', values, errors } })),
    async (c) => {
      const { reason } = c.req.valid('form')
      return answer(c, await decideReports(c.var.db, { ...decisionContext(c), decision: 'withdrawn', reason }))
    })
