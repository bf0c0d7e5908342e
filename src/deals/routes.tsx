// Everything under /deals: a company's deals, one deal's page and the steps its two sides take.
// A deal is shown only to the members of its two companies and to admins; to anyone else it
// does not exist (404), so its id reveals nothing.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentCompany, currentUser } from '../web/guards.js'
import { renderPage } from '../web/render.js'
import { validForm } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { ID } from '../lib/ids.js'
import { DealPage } from '../../views/deals/deal-page.js'
import { DealsPage } from '../../views/deals/deals-page.js'
import { DisputeSection } from '../../views/deals/dispute.js'
import { actOnDeal, NOT_YOURS, roleIn, type DealViewer } from './act-on-deal.js'
import { loadDeal, listCompanyDeals } from './queries.js'
import { presentDeal, SIMPLE_STEPS } from './present-deal.js'
import { presentDealList } from './present-list.js'
import { DisputeForm, StepForm } from './schemas.js'
import { dealTerms } from './terms.js'
import { paymentReference } from './payment-reference.js'
import { offeredGateways } from '../payments/gateways.js'
import { bankTransferGateway } from '../payments/bank-transfer.js'
import { PaymentGatewayError } from '../payments/gateway.js'
import { SECOND_CHANCE_NOTICES, secondChanceView } from './second-chance.js'
import { dealChat } from './chat-section.js'
import { transferNoteSection } from '../transfer-notes/section.js'
import { invoiceSection } from '../invoices/queries.js'
import { dealRatingSection, RATING_NOTICES } from '../ratings/deal-section.js'
import { COLLECTION_NOTICES } from './collection.js'
import type { DealPageView } from './deal-view.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { lotIsHazardous } from '../compliance/hazardous.js'

export function dealViewer(c: Context<AppEnv>): DealViewer {
  const v = currentUser(c)
  return { userId: v.userId, companyId: v.company?.id ?? null, isAdmin: v.isAdmin }
}

/** The deal's page for this viewer, or 404 when it is none of theirs. */
export async function showDeal(c: Context<AppEnv>, dealId: string, notice?: { ok: boolean; text: string }, status: 200 | 409 | 422 | 503 = 200,
  dispute?: { values: FormValues; errors: FieldErrors }, collectionForm?: DealPageView['collection']['form']) {
  const loaded = await loadDeal(c.var.db, dealId)
  const actor = loaded && roleIn(loaded.deal, dealViewer(c))
  if (!loaded || !actor || actor.role === 'system') throw new HTTPException(404, { message: NOT_YOURS })
  const viewer = currentUser(c)
  const left = { amount: loaded.deal.amount - loaded.deal.amount_received, currency: loaded.deal.currency }
  // Bank transfer is the page's own instructions; the other gateways are buttons.
  const otherWays = (await offeredGateways(c.var.db, c.var.gateways)).filter((g) => g.name !== bankTransferGateway.name && g.accepts(left)).map((g) => ({ name: g.name, label: g.label }))
  const deal = presentDeal(loaded, {
    actor, now: c.var.clock(), csrfToken: c.var.csrfToken, timeZone: viewerTimeZone(c, viewer.company?.country),
  }, dealTerms(c.var.config), otherWays)
  deal.secondChance = await secondChanceView(c.var.db, loaded.deal, actor, c.var.clock(), viewerTimeZone(c, viewer.company?.country))
  deal.chat = await dealChat(c, loaded.deal, actor)
  deal.transferNote = await transferNoteSection(c.var.db, loaded.deal.id, actor, c.var.clock())
  deal.ratings = await dealRatingSection(c, loaded, actor)
  deal.hazardous = await lotIsHazardous(c.var.db, loaded.deal.listing_id)
  deal.invoices = await invoiceSection(c.var.db, loaded.deal.id, actor)
  deal.collection.form = collectionForm
  const page = dispute
    ? <DealPage deal={deal} notice={notice} disputeForm={<DisputeSection deal={deal} values={dispute.values} error={dispute.errors.text ?? dispute.errors.reason} />} />
    : <DealPage deal={deal} notice={notice} />
  // Live: the chat's new messages arrive over SSE.
  return renderPage(c, `Deal ${deal.number}: ${deal.title}`, page, status, { live: true })
}

/** After a step: back to the deal page (303), with what happened in the address for a plain browser. */
function backToDeal(c: Context<AppEnv>, dealId: string, done: string) {
  return c.redirect(`/deals/${dealId}?done=${encodeURIComponent(done)}`, 303)
}

const DONE_NOTICES: Record<string, string> = {
  'hand-over': 'Marked as handed over. The buyer has been asked to confirm.',
  'confirm-receipt': 'Thank you: the deal is complete and the money goes to the seller.',
  'request-cancel': 'Your request to cancel has been sent to the other side.',
  'agree-cancel': 'The deal is cancelled.',
  'decline-cancel': 'The deal stands.',
  'cancel-unpaid': 'The deal is cancelled. You can offer the lot to the next-highest bidder below.',
  dispute: 'Your dispute is open. NordicLoop will look at it and both sides will see the decision.',
  card: 'Thank you. Your card payment shows here as soon as the card company confirms it, usually within a minute.',
  ...COLLECTION_NOTICES,
  ...SECOND_CHANCE_NOTICES,
  ...RATING_NOTICES,
}

export const dealRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const company = currentCompany(c)
    const rows = await listCompanyDeals(c.var.db, company.id)
    const view = presentDealList(rows, company.id, c.var.clock(), viewerTimeZone(c, company.country), dealTerms(c.var.config))
    return renderPage(c, 'Deals', <DealsPage groups={view} />)
  })
  .get(`/${ID}`, async (c) => {
    const done = c.req.query('done')
    return showDeal(c, c.req.param('id').toLowerCase(), done && DONE_NOTICES[done] ? { ok: true, text: DONE_NOTICES[done] } : undefined)
  })
  .post(`/${ID}/steps`, validForm(StepForm, (c, _values, errors) =>
    showDeal(c, c.req.param('id')?.toLowerCase() ?? '', { ok: false, text: errors.step ?? 'Reload the page and try again.' }, 422)), async (c) => {
    const id = c.req.param('id').toLowerCase()
    const { step } = c.req.valid('form')
    const result = await actOnDeal(c.var.db, { dealId: id, viewer: dealViewer(c), action: SIMPLE_STEPS[step].action, now: c.var.clock(), terms: dealTerms(c.var.config) })
    if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
    if (!result.ok) return showDeal(c, id, { ok: false, text: result.message }, 409)
    return backToDeal(c, id, step)
  })
  // Paying through a gateway with a page of its own (card): the buyer is sent there; bad or
  // stale buttons (not the buyer, already paid, a gateway not offered) are refused in words.
  .post(`/${ID}/pay/:gateway{[a-z_]{1,40}}`, async (c) => {
    const id = c.req.param('id').toLowerCase()
    const loaded = await loadDeal(c.var.db, id)
    const actor = loaded && roleIn(loaded.deal, dealViewer(c))
    if (!loaded || !actor) throw new HTTPException(404, { message: NOT_YOURS })
    const { deal, listing } = loaded
    const left = { amount: deal.amount - deal.amount_received, currency: deal.currency }
    const gateway = (await offeredGateways(c.var.db, c.var.gateways)).find((g) => g.name === c.req.param('gateway') && g.name !== bankTransferGateway.name && g.accepts(left))
    if (!gateway) return showDeal(c, id, { ok: false, text: 'That way of paying is not offered for this deal. Pay by bank transfer with the details below.' }, 409)
    if (actor.role !== 'buyer' || deal.status !== 'awaiting_payment') return showDeal(c, id, { ok: false, text: 'Only the buyer pays, and only while the deal awaits payment.' }, 409)
    const back = `${c.var.config.BASE_URL}/deals/${id}`
    try {
      const start = await gateway.startCheckout({
        dealId: id, ...left, description: `Deal ${deal.number}: ${listing.title}`, paymentReference: paymentReference(deal.number),
        successUrl: `${back}?done=card`, cancelUrl: back, customerEmail: currentUser(c).email,
      })
      return start ? c.redirect(start.redirectUrl, 303) : c.redirect(`/deals/${id}`, 303)
    } catch (err) {
      if (!(err instanceof PaymentGatewayError)) throw err
      c.var.log.warn('payment gateway unavailable', { gateway: gateway.name, error: err.message })
      c.header('Retry-After', '60')
      return showDeal(c, id, { ok: false, text: `${gateway.label} is not available right now. Try again in a minute, or pay by bank transfer with the details below.` }, 503)
    }
  })
  .post(`/${ID}/dispute`, validForm(DisputeForm, (c, values, errors) =>
    showDeal(c, c.req.param('id')?.toLowerCase() ?? '', { ok: false, text: 'Check the dispute form below.' }, 422, { values, errors })), async (c) => {
    const id = c.req.param('id').toLowerCase()
    const form = c.req.valid('form')
    const result = await actOnDeal(c.var.db, {
      dealId: id, viewer: dealViewer(c), action: { type: 'open_dispute', reason: form.reason, text: form.text }, now: c.var.clock(), terms: dealTerms(c.var.config),
    })
    if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
    if (!result.ok) return showDeal(c, id, { ok: false, text: result.message }, 409)
    return backToDeal(c, id, 'dispute')
  })
