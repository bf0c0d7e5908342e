// The admin's deal pages: open disputes with their decision form, and every deal by state.
// (A deal's own page, /deals/:id, already shows an admin everything.)
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { ID, isUuid } from '../lib/ids.js'
import { formatMoney } from '../lib/money.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { submittedForm, validForm, validQuery } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { factsOf } from '../deals/act-on-deal.js'
import { DEAL_STATUSES, settlement, statusWords, type Resolution } from '../deals/deal-rules.js'
import { resolutionWords } from '../deals/present.js'
import { dealTerms } from '../deals/terms.js'
import { DisputesPage, type ResolveFormState } from '../../views/admin/disputes.js'
import { DealListPage } from '../../views/admin/deal-list.js'
import { dealIdParam, requireDeal, unshownProblem } from './deal-pages.js'
import { resolveDispute } from './deal-actions.js'
import { countDealsByStatus, dealEvents, DEAL_LIST_LIMIT, DISPUTES_LIMIT, findDealWithNames, listDeals, listOpenDisputes } from './deal-queries.js'
import { presentDealRows, presentDisputes } from './deal-present.js'
import { DealListQuery, ResolveForm } from './deal-schemas.js'

async function showDisputes(c: Context<AppEnv>, opts: { status?: 200 | 409 | 422; notice?: string; state?: ResolveFormState } = {}) {
  const deals = await listOpenDisputes(c.var.db)
  const items = presentDisputes(deals, await dealEvents(c.var.db, deals.map((d) => d.id)))
  // A refusal for a dispute no longer open (decided by another admin meanwhile) goes on top.
  const problem = items.some((i) => i.dealId === opts.state?.dealId) ? undefined : unshownProblem(opts.state)
  return renderPage(c, 'Disputes', (
    <DisputesPage items={items} limit={DISPUTES_LIMIT} csrfToken={c.var.csrfToken} notice={opts.notice} problem={problem} state={opts.state} />
  ), opts.status ?? 200)
}

/** What the admin reads after deciding: the decision and what is now due out, read back from the deal. */
async function resolvedNotice(c: Context<AppEnv>, dealId: string | undefined): Promise<string | undefined> {
  if (!isUuid(dealId)) return undefined
  const deal = await findDealWithNames(c.var.db, dealId.toLowerCase())
  if (!deal || deal.status !== 'resolved' || !deal.resolution) return undefined
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const { owed } = settlement(factsOf(deal))
  const due = [owed.seller > 0 && `${money(owed.seller)} to the seller`, owed.buyer > 0 && `${money(owed.buyer)} back to the buyer`].filter(Boolean).join(' and ')
  return `Deal ${deal.number} is resolved: ${resolutionWords(deal.resolution as Resolution, deal)}. Both sides have been told, with your note.`
    + (due ? ` Now due under Payouts due: ${due}.` : '')
}

const resolveInvalid = async (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) =>
  showDisputes(c, { status: 422, state: { dealId: (await requireDeal(c)).id, values, errors } })

export const adminDealRoutes = new Hono<AppEnv>()
  .get('/disputes', async (c) => showDisputes(c, { notice: await resolvedNotice(c, c.req.query('resolved')) }))
  .post(`/disputes/${ID}/resolve`, validForm(ResolveForm, resolveInvalid), async (c) => {
    const dealId = dealIdParam(c)
    const form = c.req.valid('form')
    const result = await resolveDispute(c.var.db, {
      dealId, resolution: form.resolution, refundAmount: form.refund_amount ?? 0, note: form.note,
    }, { adminId: currentUser(c).userId, ip: clientIp(c), now: c.var.clock(), terms: dealTerms(c.var.config) })
    if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
    if (!result.ok) return showDisputes(c, { status: 409, state: { dealId, values: await submittedForm(c), problem: `Nothing was decided. ${result.message}` } })
    return redirectTo(c, `/admin/disputes?resolved=${dealId}`)
  })
  .get('/deals', async (c) => {
    const { status } = validQuery(c, DealListQuery)
    const [deals, counts] = await Promise.all([listDeals(c.var.db, { status }), countDealsByStatus(c.var.db)])
    const states = DEAL_STATUSES.map((s) => ({ value: s, label: statusWords(s), count: counts[s] ?? 0 }))
    return renderPage(c, 'Deals', (
      <DealListPage rows={presentDealRows(deals, c.var.clock(), dealTerms(c.var.config))} limit={DEAL_LIST_LIMIT} status={status} states={states} />
    ))
  })
