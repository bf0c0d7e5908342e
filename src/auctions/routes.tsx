import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { renderFragment } from '../web/render.js'
import { submittedForm, validForm, validQuery } from '../web/validation.js'
import { currentUser, requireApprovedCompany, tradingCompany } from '../web/guards.js'
import { ID } from '../lib/ids.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { BidForm as BidFormView } from '../../views/auctions/bid-form.js'
import { generateToken } from '../lib/tokens.js'
import { showListingPage } from '../listings/show-listing.js'
import { streamTopic } from '../live/topic-stream.js'
import { BidForm, LiveQuery } from './schemas.js'
import { placeBid } from './place-bid.js'
import { confirmPurchase, showBuyReview } from './buy-review-routes.js'
import { isPubliclyVisible } from '../listings/listing-state.js'
import { listingTopic } from './listing-topic.js'
import { receiptNotice, type PanelNotice } from './panel.js'

type Notice = PanelNotice

/** htmx swaps the bid form alone; a plain browser gets the whole listing page with the message. */
function answerBid(c: Context<AppEnv>, listingId: string, notice: Notice, status: 200 | 403 | 404 | 409 | 422, receipt?: string) {
  if (isHtmx(c)) {
    return renderFragment(c,
      <BidFormView listingId={listingId} csrfToken={c.get('csrfToken')} idempotencyKey={generateToken()}
        message={notice} values={notice.ok ? undefined : notice.values} errors={notice.errors} />,
      status,
    )
  }
  // POST, then a redirect to the listing's own address, carrying the bid's key so the page can
  // show what was accepted (and a reload shows it again instead of posting twice).
  if (notice.ok) return redirectTo(c, `/listings/${listingId}${receipt ? `?bid=${receipt}` : ''}#live-auction`)
  return showListingPage(c, listingId, notice, status)
}

export const auctionRoutes = new Hono<AppEnv>()
  .post(`/${ID}/bids`, requireApprovedCompany, validForm(BidForm, (c, values, errors) => {
    c.get('metrics').bids.inc({ outcome: 'refused' })
    return answerBid(c, c.req.param('id') ?? '', { ok: false, text: errors.amount ?? errors.max_amount ?? errors.idempotency_key ?? 'Check your bid.', values, errors }, 422)
  }),
  async (c) => {
    const id = c.req.param('id').toLowerCase()
    const company = tradingCompany(c)
    const form = c.req.valid('form')
    const now = c.get('clock')()
    const result = await placeBid(c.get('db'), {
      listingId: id, companyId: company.id, userId: currentUser(c).userId, amount: form.amount!, max: form.max_amount,
      idempotencyKey: form.idempotency_key, now, baseUrl: c.get('config').BASE_URL,
    })
    if (result.status === 404) throw new HTTPException(404, { message: result.message })
    c.get('metrics').bids.inc({ outcome: result.ok ? (result.duplicate ? 'repeat' : 'accepted') : 'refused' })
    const sent = await submittedForm(c)
    const values = { amount: sent.amount ?? '', max_amount: sent.max_amount ?? '' }
    // A bid taken now gets its receipt (a repeated form's was given the first time, at another moment).
    const notice: Notice = result.ok && !result.duplicate
      ? receiptNotice({ amount: form.amount!, max: form.max_amount, at: now, message: result.message }, viewerTimeZone(c, company.country))
      : { ok: result.ok, text: result.message, values, errors: result.ok ? undefined : { amount: result.message } }
    return answerBid(c, id, notice, result.status, form.idempotency_key)
  })
  // Buying: a review page first, then "Confirm purchase" (buy-review-routes.tsx).
  .get(`/${ID}/buy`, requireApprovedCompany, ...showBuyReview)
  .post(`/${ID}/buy`, requireApprovedCompany, ...confirmPurchase)
  // Live updates of one listing (an auction's bids, a lot's sale or withdrawal). Each message is
  // the live region's new HTML, its id the listing's version: a page that reconnects sends
  // Last-Event-ID and gets the current state if it missed anything — also once the listing has
  // ended or been withdrawn, so it learns why bidding stopped (listing-topic.ts).
  .get(`/${ID}/live`, async (c) => {
    const id = c.req.param('id').toLowerCase()
    const listing = await c.get('db').selectFrom('listings').select(['id', 'status', 'sale_type', 'version']).where('id', '=', id).executeTakeFirst()
    if (!listing || !isPubliclyVisible(listing.status)) {
      throw new HTTPException(404, { message: 'There is no such listing.' })
    }
    const { v } = validQuery(c, LiveQuery)
    const viewer = c.get('viewer')
    return streamTopic(c, listingTopic, {
      id: listing.id,
      viewer: { companyId: viewer?.company?.id ?? null, timeZone: viewerTimeZone(c, viewer?.company?.country) },
      linkedVersion: v,
    })
  })
