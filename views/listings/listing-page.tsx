import type { Child } from 'hono/jsx'
import type { Availability } from '../../src/listings/rules.js'
import { largestPhotoUrl, Photo } from '../components/photo.js'
import { CsrfField } from '../components/form.js'
import { HazardLabel } from '../components/hazard-label.js'
import type { ListingView } from '../../src/listings/listing-view.js'

export type { GoodsView, ListingView } from '../../src/listings/listing-view.js'

export { HazardLabel }

/** Why the viewer cannot bid or buy, with the way forward for a visitor. */
export function Unavailable(props: { availability: Availability; loginPath: string }) {
  const { availability } = props
  if (!('message' in availability)) return null
  return (
    <p class="cta-unavailable">
      {availability.message}
      {availability.kind === 'login' && <> <a class="button" href={props.loginPath}>Log in</a> or <a href="/register">register your company</a>.</>}
      {availability.kind === 'no-permit' && <> <a class="button" href="/account/permits">Upload a waste permit</a></>}
    </p>
  )
}

/** The price column of a fixed-price listing (an auction's is its live panel). */
export function PricePanel(props: { availability: Availability; loginPath: string; region: Child; children?: Child }) {
  return (
    <section class="price-panel" id="price-panel" aria-labelledby="price-heading">
      <h2 id="price-heading" class="visually-hidden">Price</h2>
      {props.region}
      {props.children}
      <Unavailable availability={props.availability} loginPath={props.loginPath} />
    </section>
  )
}

/** The seller's name, linked to its profile with its rating once it has one. */
function Seller(props: { seller: ListingView['seller'] }) {
  const { seller } = props
  if (!seller.badge) return <>{seller.name}, {seller.country}</>
  return <><a href={seller.badge.href}>{seller.name}</a>, {seller.country} · {seller.badge.label}</>
}

export function ListingPage(props: {
  listing: ListingView
  panel: Child
  owner: { editPath: string | null; canWithdraw: boolean; csrfToken: string; priceGuide?: Child } | null
  watch?: Child
  /** Public questions and answers, a section of their own after the description. */
  questions?: Child
  /** Reporting the listing to NordicLoop's administrators, last on the page. */
  report?: Child
}) {
  const { listing } = props
  const [main, ...more] = listing.photos
  return (
    <article class="listing">
      <p class="breadcrumbs"><a href="/listings">Listings</a> › <a href={`/categories/${listing.category.slug}`}>{listing.category.name}</a></p>
      <h1>{listing.title}</h1>
      <p class="byline">
        <span class="lot">{listing.lot}</span> · <Seller seller={listing.seller} />
      </p>
      {listing.ewc?.hazardous && <p><HazardLabel /> EWC {listing.ewc.displayCode}</p>}
      {listing.status !== 'live' && (
        <p class="alert info">Status: <strong>{listing.statusLabel}</strong>{listing.statusReason && ` — ${listing.statusReason}`}</p>
      )}
      {props.owner && (
        <div class="owner-actions">
          {props.owner.editPath && <a class="button secondary" href={props.owner.editPath}>Edit</a>}
          <a class="button secondary" href={`/listings/${listing.id}/photos`}>Photos</a>
          {props.owner.canWithdraw && (
            <form method="post" action={`/listings/${listing.id}/withdraw`} class="inline">
              <CsrfField token={props.owner.csrfToken} />
              <button type="submit" class="secondary">Withdraw</button>
            </form>
          )}
        </div>
      )}
      {/* Phones: photo, price and form, then the other photos; wider screens: photos beside the price. */}
      <div class="listing-layout">
        <div class="main-photo">
          {main ? <a href={largestPhotoUrl(main)}><Photo photo={main} alt={`${listing.title} — photo 1`} sizes="(min-width: 60rem) 36rem, 100vw" eager /></a>
            : <p class="no-photo">No photos yet.</p>}
        </div>
        <div class="side">
          {props.panel}
          {props.owner?.priceGuide && <section class="seller-guide" aria-label="Price guidance">{props.owner.priceGuide}</section>}
          {props.watch}
        </div>
        {more.length > 0 && (
          <ul class="thumbs" aria-label="More photos">
            {more.map((photo, i) => (
              <li><a href={largestPhotoUrl(photo)}><Photo photo={photo} alt={`${listing.title} — photo ${i + 2}`} sizes="6rem" /></a></li>
            ))}
          </ul>
        )}
      </div>
      <section>
        <h2>Details</h2>
        <dl class="facts">
          <dt>Category</dt><dd>{listing.category.name}</dd>
          <dt>Waste code</dt>
          <dd>
            {listing.ewc ? <>{listing.ewc.displayCode} — {listing.ewc.description} {listing.ewc.hazardous && <HazardLabel />}</> : 'Not given'}
          </dd>
          <dt>Quantity</dt><dd>{listing.quantity}</dd>
          <dt>Supply</dt><dd>{listing.recurrence}</dd>
          <dt>Location</dt><dd>{listing.location}</dd>
          <dt>Pickup and delivery</dt><dd>{listing.logistics}{listing.logisticsNote && ` — ${listing.logisticsNote}`}</dd>
          <dt>Seller</dt><dd><Seller seller={listing.seller} /></dd>
          <dt>Lot number</dt><dd>{listing.lot}</dd>
          <dt id="vat">VAT</dt><dd>Prices and bids exclude VAT. The invoice adds VAT as the seller’s and the buyer’s countries require, or says why none is due (a reverse charge, an export).</dd>
        </dl>
        <h2>Description</h2>
        <div class="description">{listing.description.split(/\n{2,}/).map((p) => <p>{p}</p>)}</div>
      </section>
      {props.questions}
      {props.report}
    </article>
  )
}
