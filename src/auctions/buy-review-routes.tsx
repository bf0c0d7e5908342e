// Buying in two steps, as plain HTML: GET /listings/:id/buy shows the review, its "Confirm
// purchase" POSTs back to the same address and is answered with a 303 to the listing, which
// then says the lot is sold to you. A refusal shows the review (or the reason) again, so a
// reload of that address is the review page, never a 404 or a second purchase.
import type { Context } from 'hono'
import { createFactory } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentUser, tradingCompany } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { validForm } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { text } from '../lib/fields.js'
import { dealTerms } from '../deals/terms.js'
import { BuyRefusedPage, BuyReviewPage } from '../../views/auctions/buy-review.js'
import { reviewPurchase } from './buy-review.js'
import { buyListing } from './purchase.js'

const STALE_FORM = 'This confirmation did not come from the review page. Check the figures below and confirm again.'

/**
 * The price the buyer saw on the review page, in minor units. The review form always sends it;
 * a form without it (a listing page cached from before the review step) buys at today's price.
 */
export const BuyConfirmForm = z.object({
  expected_price: text({ error: STALE_FORM }).regex(/^\d{1,15}$/, STALE_FORM).transform(Number).optional(),
})

const factory = createFactory<AppEnv>()
const listingId = (c: Context<AppEnv>) => (c.req.param('id') ?? '').toLowerCase()

/** The review of buying the lot now, or why this company cannot; a lot already sold to it sends it to the lot's page. */
async function answerWithReview(c: Context<AppEnv>, id: string, message?: string, status: ContentfulStatusCode = 200) {
  const company = tradingCompany(c)
  const review = await reviewPurchase(c.var.db, {
    listingId: id, company, now: c.var.clock(), terms: dealTerms(c.var.config), timeZone: viewerTimeZone(c, company.country),
  })
  if (!review) throw new HTTPException(404, { message: 'There is no such listing. It may have been removed.' })
  if (review.kind === 'yours') return redirectTo(c, `/listings/${id}`)
  if (review.kind === 'refused') return renderPage(c, 'You cannot buy this lot', <BuyRefusedPage refusal={review.refusal} />, review.status)
  return renderPage(c, `Review your purchase: ${review.view.title}`, <BuyReviewPage review={review.view} csrfToken={c.var.csrfToken} message={message} />, status)
}

export const showBuyReview = factory.createHandlers((c) => answerWithReview(c, listingId(c)))

export const confirmPurchase = factory.createHandlers(
  validForm(BuyConfirmForm, (c) => answerWithReview(c, listingId(c), STALE_FORM, 422)),
  async (c) => {
    const id = listingId(c)
    const company = tradingCompany(c)
    const user = currentUser(c)
    const result = await buyListing(c.var.db, {
      listingId: id, companyId: company.id, user: { id: user.userId, email: user.email, name: user.name }, now: c.var.clock(),
      terms: dealTerms(c.var.config), expectedPrice: c.req.valid('form').expected_price,
    })
    if (result.status === 404) throw new HTTPException(404, { message: result.message })
    // POST, then a redirect to the listing's own address: it shows the lot sold to you.
    if (result.ok) return redirectTo(c, `/listings/${id}`)
    return answerWithReview(c, id, result.message, result.status)
  },
)
