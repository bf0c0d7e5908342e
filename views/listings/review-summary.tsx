import type { Child } from 'hono/jsx'
import type { ReviewView } from '../../src/listings/review-step-view.js'
import { CsrfField, Notice } from '../components/form.js'
import { HazardLabel } from '../components/hazard-label.js'
import { Photo } from '../components/photo.js'
import { SellingSteps } from './listing-form.js'

/** A part of the summary, headed, with a link back to where it is changed. */
function Part(props: { title: string; edit?: string; what: string; children: Child }) {
  const id = `review-${props.title.toLowerCase().replace(/[^a-z]+/g, '-')}`
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{props.title} {props.edit && <a href={props.edit}>Edit<span class="visually-hidden"> {props.what}</span></a>}</h2>
      {props.children}
    </section>
  )
}

export function ReviewSummaryPage(props: { review: ReviewView; csrfToken: string; error?: string; notice?: string }) {
  const { review } = props
  const l = review.listing
  // Only a draft or a rejected listing can change its details; photos can change until it ends.
  const edit = (anchor: string) => (review.sendable ? `/listings/${l.id}/edit#${anchor}` : undefined)
  return (
    <section class="review-summary">
      {review.sendable && <SellingSteps current="review" listingId={l.id} />}
      <h1>{review.sendable ? 'Check and send' : 'Your listing as buyers see it'}</h1>
      {props.notice && <Notice kind="success">{props.notice} <a href="/my/listings">My listings</a></Notice>}
      <p>{review.sendable ? 'This is what buyers will see once an admin approves the listing. ' : ''}Status now: <strong>{l.statusLabel}</strong>
        {l.statusReason && <> — the reason given: {l.statusReason}</>}.</p>
      {props.error && <div class="alert error" role="alert">{props.error}</div>}

      <Part title="The material" edit={edit('f-title')} what="the material">
        <p><strong>{l.title}</strong></p>
        <dl class="facts">
          <dt>Category</dt><dd>{l.category.name}</dd>
          <dt>Waste code</dt><dd>{l.ewc ? <>{l.ewc.displayCode} — {l.ewc.description} {l.ewc.hazardous && <HazardLabel />}</> : 'Not given'}</dd>
          <dt>Quantity</dt><dd>{l.quantity}</dd>
          <dt>Supply</dt><dd>{l.recurrence}</dd>
        </dl>
        <div class="description">{l.description.split(/\n{2,}/).map((p) => <p>{p}</p>)}</div>
      </Part>

      <Part title="Where and how" edit={edit('f-location_city')} what="where and how">
        <dl class="facts">
          <dt>Location</dt><dd>{l.location}</dd>
          <dt>Collection or delivery</dt><dd>{l.logistics}{l.logisticsNote && ` — ${l.logisticsNote}`}</dd>
        </dl>
      </Part>

      <Part title="Price" edit={edit(l.saleType === 'auction' ? 'sale-auction' : 'sale-fixed')} what="the price">
        <dl class="facts">
          <dt>Sale type</dt><dd>{review.saleLabel}</dd>
          {review.terms.map((t) => <><dt>{t.label}</dt><dd>{t.value}</dd></>)}
        </dl>
      </Part>

      <Part title="Photos" edit={review.photosEditable ? `/listings/${l.id}/photos` : undefined} what="the photos">
        {l.photos.length === 0 ? <p class="no-photo">No photos.</p> : (
          <ol class="review-photos">
            {l.photos.map((photo, i) => <li><Photo photo={photo} alt={`${l.title} — photo ${i + 1}`} sizes="6rem" /></li>)}
          </ol>
        )}
      </Part>

      {review.advice.map((a) => <p class="alert info">{a}</p>)}
      {!review.sendable ? (
        <p><a href={`/listings/${l.id}`}>Open the listing</a> · <a href="/my/listings">My listings</a></p>
      ) : review.refusal ? (
        <p class="alert error">{review.refusal}</p>
      ) : (
        <form method="post" action={`/listings/${l.id}/submit`} class="stack">
          <CsrfField token={props.csrfToken} />
          <p class="hint">An admin checks the listing, usually within a working day, and we email you the outcome. Until then its details cannot be changed.</p>
          <div class="actions">
            <button type="submit">Send for review</button>
            <a href="/my/listings">Keep it as a draft</a>
          </div>
        </form>
      )}
    </section>
  )
}
