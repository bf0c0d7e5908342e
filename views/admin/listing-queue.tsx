import type { FieldErrors, FormValues } from '../components/form.js'
import { Photo } from '../components/photo.js'
import { HazardLabel } from '../listings/listing-page.js'
import type { ReviewListing } from '../../src/admin/listing-types.js'
import { AdminFrame, StatusBadge } from './nav.js'
import { formatTime, statusLabels } from './format.js'
import { DecisionButton, ReasonDecision } from './listing-forms.js'

export const reviewItemId = (listingId: string) => `review-${listingId}`

/** Input, errors or a refusal for the one listing a retried decision concerns. */
export type ReviewFormState = { listingId: string; values?: FormValues; errors?: FieldErrors; problem?: string }

/** Everything the seller gave, for the admin to judge, as a definition list. */
function ListingFacts(props: { listing: ReviewListing }) {
  const l = props.listing
  return (
    <dl class="facts">
      <dt>Seller</dt>
      <dd>
        <a href={`/admin/companies/${l.seller.id}`}>{l.seller.name}</a>, {l.seller.countryName}{' '}
        <StatusBadge status={l.seller.status} label={statusLabels[l.seller.status]} />
      </dd>
      <dt>Category</dt><dd>{l.category.name}{l.category.retired && <> <span class="badge warn">retired</span></>}</dd>
      <dt>Waste code</dt>
      <dd>{l.ewc ? <>{l.ewc.displayCode} — {l.ewc.description} {l.ewc.hazardous && <HazardLabel />}</> : 'Not given'}</dd>
      <dt>Quantity</dt><dd>{l.quantity}</dd>
      <dt>Supply</dt><dd>{l.recurrence}</dd>
      <dt>Location</dt><dd>{l.location}</dd>
      <dt>Collection or delivery</dt><dd>{l.logistics}{l.logisticsNote && ` — ${l.logisticsNote}`}</dd>
      <dt>Sale</dt><dd>{l.saleType === 'auction' ? 'Auction' : 'Fixed price'}</dd>
      {l.prices.map((p) => <><dt>{p.label}</dt><dd>{p.amount}</dd></>)}
      {l.saleType === 'auction' && (
        <>
          <dt>Starts</dt><dd>{l.startsAt ? <time datetime={l.startsAt.toISOString()}>{formatTime(l.startsAt)}</time> : '—'}</dd>
          <dt>Ends</dt><dd>{l.endsAt ? <time datetime={l.endsAt.toISOString()}>{formatTime(l.endsAt)}</time> : '—'}</dd>
        </>
      )}
      <dt>Submitted</dt><dd>{l.submittedAt ? <time datetime={l.submittedAt.toISOString()}>{formatTime(l.submittedAt)}</time> : '—'}</dd>
    </dl>
  )
}

/** One listing awaiting review; htmx swaps this whole article after a decision. */
export function ReviewItem(props: { listing: ReviewListing; csrfToken: string; form?: ReviewFormState }) {
  const { listing } = props
  const id = reviewItemId(listing.id)
  const form = props.form?.listingId === listing.id ? props.form : undefined
  const common = { csrfToken: props.csrfToken, target: id }
  return (
    <article id={id} class="card review">
      <h2><a href={`/listings/${listing.id}`}>{listing.title}</a></h2>
      {form?.problem && <div class="alert error" role="alert">{form.problem}</div>}
      <div class="review-photos">
        {listing.photos.length === 0 && <p class="no-photo">No photos.</p>}
        {listing.photos.map((photo, i) => (
          <Photo photo={photo} alt={`${listing.title} — photo ${i + 1}`} sizes="10rem" class="review-thumb" />
        ))}
      </div>
      <ListingFacts listing={listing} />
      <div class="description">{listing.description.split(/\n{2,}/).map((p) => <p>{p}</p>)}</div>
      <div class="actions">
        <DecisionButton {...common} url={`/admin/listings/${listing.id}/approve`} label="Approve" />
        <ReasonDecision {...common} url={`/admin/listings/${listing.id}/reject`} id={`reject-reason-${listing.id}`} label="Reject"
          hint="The seller's company receives this reason by email and can edit the listing and send it again."
          values={form?.values} errors={form?.errors} />
      </div>
    </article>
  )
}

/** What replaces a queue item once it is decided (or was already decided by someone else). */
export function ReviewItemOutcome(props: { listingId: string; kind: 'success' | 'error'; message: string }) {
  return (
    <article id={reviewItemId(props.listingId)} class="card">
      <div class={`alert ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>{props.message}</div>
    </article>
  )
}

export function ListingQueuePage(props: {
  listings: ReviewListing[]
  limit: number
  csrfToken: string
  notice?: string
  problem?: string
  form?: ReviewFormState
}) {
  const n = props.listings.length
  return (
    <AdminFrame current="listings-pending" title="Listings awaiting review" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      {n === 0 && <p>No listing is waiting for review.</p>}
      {n > 0 && <p>{n === props.limit ? `The ${n} waiting longest` : `${n} waiting`}, the longest-waiting first.</p>}
      {props.listings.map((listing) => <ReviewItem listing={listing} csrfToken={props.csrfToken} form={props.form} />)}
    </AdminFrame>
  )
}
