import type { Child } from 'hono/jsx'
import { Photo } from '../components/photo.js'
import { HazardLabel } from '../components/hazard-label.js'
import type { ResultCardView } from '../../src/listings/listing-view.js'
import { SellerLine } from '../ratings/seller-badge.js'

export type { ResultCardView }

/** Renders extra controls for a card, e.g. a watch button, given the listing id. */
export type CardSlot = (listingId: string) => Child

// On a phone a card shows a 7rem thumbnail beside its text; wider screens put cards of up to
// about 20rem side by side. The browser picks the smallest stored width that covers that, so
// a list of results stays light on mobile data (the 400-px variant on a phone).
export const RESULT_PHOTO_SIZES = '(min-width: 40rem) 20rem, 7rem'

export function ResultCard(props: { item: ResultCardView; watchButton?: CardSlot }) {
  const { item } = props
  const href = `/listings/${item.id}`
  return (
    <li class="card result-card">
      <a href={href} class="result-photo" tabindex={-1} aria-hidden="true">
        {item.photo
          ? <Photo photo={item.photo} alt="" sizes={RESULT_PHOTO_SIZES} />
          : <span class="no-photo">No photo</span>}
      </a>
      <h3><a href={href}>{item.title}</a></h3>
      {item.hazardous && <p><HazardLabel /></p>}
      <p>{item.category.name} · {item.quantity}</p>
      <p class="price">
        <span class="label">{item.priceLabel}</span> <strong>{item.price}</strong>
        {item.bidCount !== null && <> · {item.bidCount} bid{item.bidCount === 1 ? '' : 's'}</>}
      </p>
      <p>{item.saleLabel} · {item.location}</p>
      {item.seller && <SellerLine seller={item.seller} />}
      {item.startsAt && <p>Opens <time datetime={item.startsAt.iso}>{item.startsAt.text}</time></p>}
      {item.endsAt && !item.startsAt && (
        <p>Ends in <strong>{item.endsAt.left}</strong> · <time datetime={item.endsAt.iso}>{item.endsAt.text}</time></p>
      )}
      {props.watchButton?.(item.id)}
    </li>
  )
}
