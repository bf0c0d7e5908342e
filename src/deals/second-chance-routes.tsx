// Second chances: the seller's two moves on a deal cancelled because the buyer did not pay
// (offer the lot to the next-highest bidder, or relist it), and the offer's own page, where the
// company it was made to accepts or declines. An offer exists only for the members of that
// company; to anyone else, admins included, its address is a 404. Every move is a plain form.
// Login is required by the guard on all of /deals (routes.tsx); the handlers' currentUser
// throws the same way should these routes ever be mounted elsewhere.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { renderPage } from '../web/render.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { ID } from '../lib/ids.js'
import { OfferPage } from '../../views/deals/second-chance.js'
import { dealViewer, showDeal } from './routes.js'
import { acceptOffer, declineOffer, loadOffer, NO_SUCH_OFFER, offerToNextBidder, presentOffer, type Refusal } from './second-chance.js'
import { relistLot } from './relist-lot.js'
import { dealTerms } from './terms.js'

const OFFER_NOTICES: Record<string, string> = {
  declined: 'You declined the offer. The seller has been told.',
}

/** The offered company's member, or a 404 for anyone else: an offer's address reveals nothing. */
function offeredMember(c: Context<AppEnv>) {
  const viewer = currentUser(c)
  if (!viewer.company) throw new HTTPException(404, { message: NO_SUCH_OFFER })
  return { userId: viewer.userId, companyId: viewer.company.id, country: viewer.company.country }
}

async function showOffer(c: Context<AppEnv>, offerId: string, notice?: { ok: boolean; text: string }, status: 200 | 403 | 409 = 200) {
  const member = offeredMember(c)
  const offer = await loadOffer(c.var.db, offerId, member.companyId)
  if (!offer) throw new HTTPException(404, { message: NO_SUCH_OFFER })
  const view = presentOffer(offer, { now: c.var.clock(), timeZone: viewerTimeZone(c, member.country), csrfToken: c.var.csrfToken }, dealTerms(c.var.config))
  return renderPage(c, `Offer: ${view.title}`, <OfferPage offer={view} notice={notice} />, status)
}

/** A refused seller's move: no such deal (404), a company that may not trade (403), or the deal page saying why (409). */
function refusedOnDeal(c: Context<AppEnv>, dealId: string, refusal: Refusal) {
  if (refusal.status === 409) return showDeal(c, dealId, { ok: false, text: refusal.message }, 409)
  throw new HTTPException(refusal.status, { message: refusal.message })
}

function refusedOffer(c: Context<AppEnv>, offerId: string, refusal: Refusal) {
  if (refusal.status === 404) throw new HTTPException(404, { message: refusal.message })
  return showOffer(c, offerId, { ok: false, text: refusal.message }, refusal.status)
}

export const secondChanceRoutes = new Hono<AppEnv>()
  .post(`/${ID}/second-chance`, async (c) => {
    const id = c.req.param('id').toLowerCase()
    const result = await offerToNextBidder(c.var.db, { dealId: id, viewer: dealViewer(c), now: c.var.clock(), terms: dealTerms(c.var.config) })
    if (!result.ok) return refusedOnDeal(c, id, result)
    return c.redirect(`/deals/${id}?done=second-chance`, 303)
  })
  .post(`/${ID}/relist`, async (c) => {
    const id = c.req.param('id').toLowerCase()
    const result = await relistLot(c.var.db, { dealId: id, viewer: dealViewer(c), now: c.var.clock() })
    if (!result.ok) return refusedOnDeal(c, id, result)
    // Straight to the copy's form: new times, photos, then send it for review.
    return c.redirect(`/listings/${result.listingId}/edit`, 303)
  })
  .get(`/offers/${ID}`, async (c) => {
    const done = c.req.query('done')
    return showOffer(c, c.req.param('id').toLowerCase(), done && OFFER_NOTICES[done] ? { ok: true, text: OFFER_NOTICES[done] } : undefined)
  })
  .post(`/offers/${ID}/accept`, async (c) => {
    const id = c.req.param('id').toLowerCase()
    const result = await acceptOffer(c.var.db, { offerId: id, viewer: offeredMember(c), now: c.var.clock(), terms: dealTerms(c.var.config) })
    if (!result.ok) return refusedOffer(c, id, result)
    return c.redirect(`/deals/${result.dealId}?done=offer-accepted`, 303)
  })
  .post(`/offers/${ID}/decline`, async (c) => {
    const id = c.req.param('id').toLowerCase()
    const result = await declineOffer(c.var.db, { offerId: id, viewer: offeredMember(c), now: c.var.clock(), terms: dealTerms(c.var.config) })
    if (!result.ok) return refusedOffer(c, id, result)
    return c.redirect(`/deals/offers/${id}?done=declined`, 303)
  })
