// The review step between "Buy now" and the purchase: everything the buyer commits to, then
// "Confirm purchase". The form carries the price shown, so a price changed in between is
// refused instead of bought (src/auctions/purchase.ts).
import { CsrfField, Notice } from '../components/form.js'
import { HazardLabel } from '../components/hazard-label.js'
import type { BuyReviewView, BuyRefusalView } from '../../src/auctions/buy-review.js'

export function BuyReviewPage(props: { review: BuyReviewView; csrfToken: string; message?: string }) {
  const r = props.review
  const listingPath = `/listings/${r.listingId}`
  return (
    <article class="buy-review">
      <p class="breadcrumbs"><a href={listingPath}>Back to the listing</a></p>
      <h1>Review your purchase</h1>
      {props.message && <Notice kind="error">{props.message}</Notice>}
      <p>Nothing is bought until you confirm. Prices on NordicLoop exclude VAT; the VAT below is added to the price.</p>
      <h2>{r.title}</h2>
      <dl class="facts">
        <dt>Seller</dt><dd>{r.seller}</dd>
        {r.hazardous && <><dt>Waste</dt><dd><HazardLabel /> Your company's verified waste permit covers this lot.</dd></>}
        <dt>Quantity</dt><dd>{r.quantity}</dd>
        <dt>Price</dt>
        <dd><strong>{r.price}</strong> for the lot, excl. VAT{r.perUnit && <> (about {r.perUnit})</>}{r.buyNow && <>. Buying now ends the auction at once.</>}</dd>
        <dt>{r.vat.label}</dt><dd>{r.vat.amount}. {r.vat.note}</dd>
        <dt>Platform fee</dt><dd>None for you: NordicLoop's fee is paid by the seller.</dd>
        <dt>You pay</dt><dd><strong>{r.total}</strong> incl. VAT</dd>
        <dt>Collection or delivery</dt><dd>{r.collection.terms}{r.collection.note && ` — ${r.collection.note}`}. From {r.collection.location}.</dd>
        <dt>Payment deadline</dt>
        <dd>Within {r.payBy.workingDays} working days of confirming: by <time datetime={r.payBy.iso}>{r.payBy.text}</time> if you confirm now. How to pay is on the deal page.</dd>
      </dl>
      <form method="post" action={`${listingPath}/buy`} class="buy-confirm">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="expected_price" value={String(r.expectedPrice)} />
        <button type="submit">Confirm purchase</button>
        <a class="button secondary" href={listingPath}>Cancel</a>
      </form>
    </article>
  )
}

/** Why this company cannot buy the lot, and the way back (or to the permits page). */
export function BuyRefusedPage(props: { refusal: BuyRefusalView }) {
  const r = props.refusal
  return (
    <article class="buy-review">
      <h1>You cannot buy this lot</h1>
      <Notice kind="error">{r.message}</Notice>
      <p class="buy-confirm">
        {r.permitPath && <a class="button" href={r.permitPath}>Upload a waste permit</a>}
        <a class="button secondary" href={`/listings/${r.listingId}`}>Back to {r.title}</a>
      </p>
    </article>
  )
}
