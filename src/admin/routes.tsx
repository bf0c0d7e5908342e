import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { ID } from '../lib/ids.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { renderFragmentOrPage, renderPage } from '../web/render.js'
import { validForm } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import { readFormFields } from '../web/body.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { AdminDashboard } from '../../views/admin/dashboard.js'
import { PendingQueuePage, QueueItem, QueueItemOutcome } from '../../views/admin/queue.js'
import { CompanyListPage } from '../../views/admin/company-list.js'
import { CompanyActions, CompanyDetailPage, type DetailFormState } from '../../views/admin/company-detail.js'
import { AuditLogPage } from '../../views/admin/audit.js'
import type { Back } from '../../views/admin/moderation-forms.js'
import {
  AUDIT_PAGE_SIZE, countCompaniesByStatus, countPendingListings, findCompanyDetail, findCompanyRegistration, searchAudit,
  listCompanyActivity, listPendingCompanies, searchCompanies,
} from './queries.js'
import {
  approveCompany, reactivateCompany, rejectCompany, suspendCompany, type ModerationContext, type ModerationResult,
} from './company-moderation.js'
import { loadPlatformStats } from './platform-stats.js'
import { loadCompanyTrading } from './company-trading.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { AuditQuery, CompanyListQuery, DecisionForm, ReasonForm } from './schemas.js'
import { loadDealCounts } from './deal-dashboard.js'
import { countSubmittedPermits } from '../compliance/permit-queries.js'

type Action = 'approve' | 'reject' | 'suspend' | 'reactivate'

// Shown after a plain-form redirect; only these fixed texts, never anything from the URL.
const notices: Record<string, string> = {
  approve: 'The company is approved. Its members with a confirmed email address have been told.',
  reject: 'The registration is rejected. The company has been emailed the reason.',
  suspend: 'The company is suspended. Its owners have been emailed the reason.',
  reactivate: 'The company is active again. Its owners have been told.',
}

const outcome: Record<Action, string> = { approve: 'approved', reject: 'rejected', suspend: 'suspended', reactivate: 'reactivated' }

const NO_SUCH_COMPANY = 'There is no such company. It may have been removed, or the link may be mistyped.'

/** The :id of the URL, or a 404 for anything that is not a uuid (never a database error). */
/** The :id of the URL; the route pattern only matches a uuid. */
function companyIdParam(c: Context<AppEnv>): string {
  return c.req.param('id')!.toLowerCase()
}

function moderationContext(c: Context<AppEnv>): ModerationContext {
  return { companyId: companyIdParam(c), adminId: currentUser(c).userId, now: c.var.clock(), baseUrl: c.var.config.BASE_URL, ip: clientIp(c) }
}

async function detailPage(c: Context<AppEnv>, companyId: string) {
  const company = await findCompanyDetail(c.var.db, companyId)
  if (!company) throw new HTTPException(404, { message: NO_SUCH_COMPANY })
  const [activity, trading] = await Promise.all([
    listCompanyActivity(c.var.db, company.id, company.members.map((m) => m.id)),
    loadCompanyTrading(c.var.db, company.id, c.var.clock(), viewerTimeZone(c, null)),
  ])
  return { company, activity, trading }
}

/** The page (or htmx fragment) to show when a decision could not be made or its reason was missing. */
async function showProblem(
  c: Context<AppEnv>,
  back: Back,
  status: 409 | 422,
  problem: { message?: string; action?: DetailFormState['action']; values?: FormValues; errors?: FieldErrors },
) {
  const companyId = companyIdParam(c)
  const csrfToken = c.var.csrfToken
  if (back === 'queue') {
    if (status === 409 && isHtmx(c)) return c.html(<QueueItemOutcome companyId={companyId} kind="error" message={problem.message ?? ''} />, 409)
    const company = await findCompanyRegistration(c.var.db, companyId)
    if (!company) throw new HTTPException(404, { message: NO_SUCH_COMPANY })
    const form = { companyId, values: problem.values, errors: problem.errors }
    const companies = await listPendingCompanies(c.var.db)
    return renderFragmentOrPage(c, 'Companies awaiting approval', <QueueItem company={company} csrfToken={csrfToken} form={form} />, status,
      <PendingQueuePage companies={companies} csrfToken={csrfToken} form={form} problem={problem.message} />)
  }
  const { company, activity, trading } = await detailPage(c, companyId)
  const form = problem.action ? { action: problem.action, values: problem.values, errors: problem.errors } : undefined
  return renderFragmentOrPage(c, company.legalName, <CompanyActions company={company} csrfToken={csrfToken} form={form} problem={problem.message} />, status,
    <CompanyDetailPage company={company} activity={activity} trading={trading} csrfToken={csrfToken} form={form} problem={problem.message} />)
}

function showDecision(c: Context<AppEnv>, action: Action, back: Back, result: ModerationResult) {
  if (!result.ok) {
    if (result.status === 404) throw new HTTPException(404, { message: NO_SUCH_COMPANY })
    return showProblem(c, back, 409, { message: result.message })
  }
  const { company, emailedTo } = result
  if (back === 'queue' && isHtmx(c)) {
    const emailed = emailedTo.length ? `Email queued to ${emailedTo.join(', ')}.` : 'Nobody was emailed: no member has confirmed an email address.'
    return c.html(<QueueItemOutcome companyId={company.id} kind="success" message={`${company.legalName} is ${outcome[action]}. ${emailed}`} />)
  }
  return redirectTo(c, back === 'queue' ? `/admin/companies/pending?done=${action}` : `/admin/companies/${company.id}?done=${action}`)
}

const reasonMissing = (action: 'reject' | 'suspend') =>
  (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) =>
    showProblem(c, values.back === 'queue' ? 'queue' : 'detail', 422, { action, values, errors })

export const adminRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [counts, pendingListings, deals, permitsToVerify, platform] = await Promise.all([
      countCompaniesByStatus(c.var.db), countPendingListings(c.var.db), loadDealCounts(c.var.db, c.var.clock()), countSubmittedPermits(c.var.db),
      loadPlatformStats(c.var.db, c.var.clock()),
    ])
    return renderPage(c, 'Administration', <AdminDashboard counts={counts} pendingListings={pendingListings} deals={deals} permitsToVerify={permitsToVerify} platform={platform} />)
  })
  // Registered before /admin/companies/:id, which would otherwise take "pending" for an id.
  .get('/companies/pending', async (c) => {
    const companies = await listPendingCompanies(c.var.db)
    return renderPage(c, 'Companies awaiting approval',
      <PendingQueuePage companies={companies} csrfToken={c.var.csrfToken} notice={notices[c.req.query('done') ?? '']} />)
  })
  .get('/companies', async (c) => {
    const parsed = CompanyListQuery.safeParse(c.req.query())
    if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues[0]?.message ?? 'That search is not valid.' })
    const { before, ...search } = parsed.data
    const page = await searchCompanies(c.var.db, { ...search, before })
    return renderPage(c, 'Companies', <CompanyListPage search={search} page={page} firstPage={!before} />)
  })
  .get(`/companies/${ID}`, async (c) => {
    const { company, activity, trading } = await detailPage(c, companyIdParam(c))
    return renderPage(c, company.legalName,
      <CompanyDetailPage company={company} activity={activity} trading={trading} csrfToken={c.var.csrfToken} notice={notices[c.req.query('done') ?? '']} />)
  })
  .post(`/companies/${ID}/approve`, async (c) => {
    const { back } = DecisionForm.parse(await readFormFields(c))
    return showDecision(c, 'approve', back, await approveCompany(c.var.db, moderationContext(c)))
  })
  .post(`/companies/${ID}/reject`, validForm(ReasonForm, reasonMissing('reject')), async (c) => {
    const { back, reason } = c.req.valid('form')
    return showDecision(c, 'reject', back, await rejectCompany(c.var.db, { ...moderationContext(c), reason }))
  })
  .post(`/companies/${ID}/suspend`, validForm(ReasonForm, reasonMissing('suspend')), async (c) => {
    const { back, reason } = c.req.valid('form')
    return showDecision(c, 'suspend', back, await suspendCompany(c.var.db, { ...moderationContext(c), reason }))
  })
  .post(`/companies/${ID}/reactivate`, async (c) => {
    const { back } = DecisionForm.parse(await readFormFields(c))
    return showDecision(c, 'reactivate', back, await reactivateCompany(c.var.db, moderationContext(c)))
  })
  .get('/audit', async (c) => {
    const parsed = AuditQuery.safeParse(c.req.query())
    if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues[0]?.message ?? 'That search is not valid.' })
    const { before, ...search } = parsed.data
    const page = await searchAudit(c.var.db, { ...search, before })
    return renderPage(c, 'Audit log', <AuditLogPage search={search} page={page} firstPage={!before} pageSize={AUDIT_PAGE_SIZE} />)
  })
