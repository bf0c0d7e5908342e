// The review queue (approve or reject listings awaiting review) and the list of live listings
// (withdraw one with a reason). Decisions swap in place with htmx and work as plain forms.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { ID } from '../lib/ids.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { renderFragmentOrPage, renderPage } from '../web/render.js'
import { validForm } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import { lineText, text } from '../lib/fields.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { ListingQueuePage, ReviewItem, ReviewItemOutcome, type ReviewFormState } from '../../views/admin/listing-queue.js'
import { LiveListingItem, LiveListingOutcome, LiveListingsPage } from '../../views/admin/listings.js'
import { findLiveListing, findReviewListing, listPendingListings, REVIEW_QUEUE_LIMIT, searchLiveListings } from './listing-queries.js'
import { approveListing, rejectListing, withdrawListingByAdmin, type ReviewContext, type ReviewResult } from './listing-review.js'

const NO_SUCH_LISTING = 'There is no such listing. It may have been removed, or the link may be mistyped.'

// Shown after a plain-form redirect; only these fixed texts, never anything from the URL.
const notices: Record<string, string> = {
  approve: 'The listing is live. Its seller has been emailed.',
  reject: 'The listing is rejected. Its seller has been emailed the reason.',
  withdraw: 'The listing is withdrawn. Its seller has been emailed the reason.',
}

const REASON_MESSAGE = 'Give a reason: the seller reads it in the email.'
const ListingReasonForm = z.object({
  reason: text({ error: REASON_MESSAGE, multiline: true }).trim().min(1, REASON_MESSAGE).max(1000, 'Keep the reason under 1,000 characters.'),
})

const LiveListingQuery = z.object({
  q: lineText(200, { tooLong: 'Search for at most 200 characters.' }).default(''),
  before: z.uuid({ error: 'That page link is not valid. Start again from the first page.' }).optional(),
})

/** The :id of the URL; the route pattern only matches a uuid. */
function listingIdParam(c: Context<AppEnv>): string {
  return c.req.param('id')!.toLowerCase()
}

function reviewContext(c: Context<AppEnv>): ReviewContext {
  return { listingId: listingIdParam(c), adminId: currentUser(c).userId, now: c.var.clock(), baseUrl: c.var.config.BASE_URL, ip: clientIp(c) }
}

function emailedText(emailedTo: string[]) {
  return emailedTo.length ? `Email queued to ${emailedTo.join(', ')}.` : 'Nobody was emailed: no member of the seller has confirmed an email address.'
}

/** The queue again, with one listing's form errors or refusal, or a problem above it all. */
async function showQueueProblem(c: Context<AppEnv>, status: 409 | 422, state: ReviewFormState | null, problem?: string) {
  const csrfToken = c.var.csrfToken
  const listingId = listingIdParam(c)
  const listing = state ? await findReviewListing(c.var.db, listingId) : null
  if (state && !listing) throw new HTTPException(404, { message: NO_SUCH_LISTING })
  if (isHtmx(c)) {
    if (!listing) return c.html(<ReviewItemOutcome listingId={listingId} kind="error" message={problem ?? ''} />, status)
    return c.html(<ReviewItem listing={listing} csrfToken={csrfToken} form={state ?? undefined} />, status)
  }
  let listings = await listPendingListings(c.var.db)
  // Beyond the first page of the queue (or no longer in it): show it first, with its form.
  if (listing && !listings.some((l) => l.id === listingId)) listings = [listing, ...listings]
  return renderPage(c, 'Listings awaiting review',
    <ListingQueuePage listings={listings} limit={REVIEW_QUEUE_LIMIT} csrfToken={csrfToken} form={state ?? undefined} problem={problem} />, status)
}

function showReview(c: Context<AppEnv>, action: 'approve' | 'reject', result: ReviewResult) {
  if (!result.ok) {
    if (result.status === 404) throw new HTTPException(404, { message: NO_SUCH_LISTING })
    // A refusal keeps the listing in the queue with the message beside its forms: rejecting it is still possible.
    if (result.kind === 'refused') return showQueueProblem(c, 409, { listingId: listingIdParam(c), problem: result.message })
    return showQueueProblem(c, 409, null, result.message)
  }
  if (isHtmx(c)) {
    const done = action === 'approve' ? 'is live' : 'is rejected'
    return c.html(<ReviewItemOutcome listingId={result.listing.id} kind="success" message={`“${result.listing.title}” ${done}. ${emailedText(result.emailedTo)}`} />)
  }
  return redirectTo(c, `/admin/listings/pending?done=${action}`)
}

async function showWithdrawProblem(c: Context<AppEnv>, status: 409 | 422, form: { values?: FormValues; errors?: FieldErrors } | null, problem?: string) {
  const listingId = listingIdParam(c)
  const csrfToken = c.var.csrfToken
  const listing = form ? await findLiveListing(c.var.db, listingId) : null
  if (form && listing) {
    // The plain page shows just this listing with its form, whatever page of the list it was on.
    const state = { listingId, ...form }
    return renderFragmentOrPage(c, 'Live listings', <LiveListingItem listing={listing} csrfToken={csrfToken} form={state} />, status,
      <LiveListingsPage q="" page={{ listings: [listing], nextCursor: null }} firstPage={false} csrfToken={csrfToken} form={state} />)
  }
  const message = problem ?? 'This listing is no longer live. Nothing was changed.'
  if (isHtmx(c)) return c.html(<LiveListingOutcome listingId={listingId} kind="error" message={message} />, status)
  const page = await searchLiveListings(c.var.db, { q: '' })
  return renderPage(c, 'Live listings', <LiveListingsPage q="" page={page} firstPage csrfToken={csrfToken} problem={message} />, status)
}

export const adminListingRoutes = new Hono<AppEnv>()
  .get('/pending', async (c) => {
    const listings = await listPendingListings(c.var.db)
    return renderPage(c, 'Listings awaiting review',
      <ListingQueuePage listings={listings} limit={REVIEW_QUEUE_LIMIT} csrfToken={c.var.csrfToken} notice={notices[c.req.query('done') ?? '']} />)
  })
  .post(`/${ID}/approve`, async (c) => {
    return showReview(c, 'approve', await approveListing(c.var.db, reviewContext(c)))
  })
  .post(`/${ID}/reject`,
    validForm(ListingReasonForm, (c, values, errors) => showQueueProblem(c, 422, { listingId: listingIdParam(c), values, errors })),
    async (c) => {
      const { reason } = c.req.valid('form')
      return showReview(c, 'reject', await rejectListing(c.var.db, { ...reviewContext(c), reason }))
    })
  .get('/', async (c) => {
    const parsed = LiveListingQuery.safeParse(c.req.query())
    if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues[0]?.message ?? 'That search is not valid.' })
    const { q, before } = parsed.data
    const page = await searchLiveListings(c.var.db, { q, before })
    return renderPage(c, 'Live listings',
      <LiveListingsPage q={q} page={page} firstPage={!before} csrfToken={c.var.csrfToken} notice={notices[c.req.query('done') ?? '']} />)
  })
  .post(`/${ID}/withdraw`,
    validForm(ListingReasonForm, (c, values, errors) => showWithdrawProblem(c, 422, { values, errors })),
    async (c) => {
      const { reason } = c.req.valid('form')
      const result = await withdrawListingByAdmin(c.var.db, { ...reviewContext(c), reason })
      if (!result.ok) {
        if (result.status === 404) throw new HTTPException(404, { message: NO_SUCH_LISTING })
        return showWithdrawProblem(c, 409, null, result.message)
      }
      if (isHtmx(c)) {
        return c.html(<LiveListingOutcome listingId={result.listing.id} kind="success"
          message={`“${result.listing.title}” is withdrawn. ${emailedText(result.emailedTo)}`} />)
      }
      return redirectTo(c, '/admin/listings?done=withdraw')
    })
