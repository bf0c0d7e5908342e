// The last steps of listing: a summary of what buyers will see, with a way back to each part,
// and the "Send for review" form. Both work as plain pages; the send answers 303.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../web/context.js'
import { requireApprovedCompany, tradingCompany } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { validQuery } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { ID } from '../lib/ids.js'
import { ReviewSummaryPage } from '../../views/listings/review-summary.js'
import { listListingPhotos, type ListingDetails } from './queries.js'
import { presentReview } from './review-step-view.js'
import { ownListing } from './routes.js'
import { submitListing } from './save-listing.js'

/** Said on the summary after a send: what happened and what comes next. */
export const SENT_NOTICE = 'Sent for review: an admin checks it, usually within a working day; we email you the outcome.'

export const ReviewQuery = z.object({ sent: z.literal('1', { error: 'This link is damaged. Open the listing from My listings.' }).optional() })

async function showReview(c: Context<AppEnv>, listing: ListingDetails, opts: { error?: string; notice?: string } = {}, status: ContentfulStatusCode = 200) {
  const photos = await listListingPhotos(c.var.db, listing.id)
  const view = presentReview(listing, photos, viewerTimeZone(c, c.var.viewer?.company?.country), c.var.clock())
  return renderPage(c, `Check and send — ${listing.title}`, <ReviewSummaryPage review={view} csrfToken={c.var.csrfToken} {...opts} />, status)
}

export const reviewRoutes = new Hono<AppEnv>()
  .get(`/${ID}/review`, async (c) => {
    const listing = await ownListing(c, c.req.param('id'))
    // Only while it really waits for review: a later visit to the link must not claim it again.
    const sent = validQuery(c, ReviewQuery).sent === '1' && listing.status === 'pending_review'
    return showReview(c, listing, { notice: sent ? SENT_NOTICE : undefined })
  })
  .post(`/${ID}/submit`, requireApprovedCompany, async (c) => {
    const company = tradingCompany(c)
    const listing = await ownListing(c, c.req.param('id'))
    const result = await submitListing(c.var.db, { listingId: listing.id, companyId: company.id, now: c.var.clock() })
    if (!result.ok) {
      if (result.status === 404) throw new HTTPException(404, { message: result.message })
      // Reread: the listing may have moved on since (sent from another tab).
      return showReview(c, await ownListing(c, listing.id), { error: result.message }, result.status)
    }
    return redirectTo(c, `/listings/${listing.id}/review?sent=1`)
  })
