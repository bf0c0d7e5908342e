// The seller's name and reputation, linking to its public profile: on result cards and the listing page.
import type { SellerBadge } from '../../src/ratings/rating-view.js'

export function SellerLine(props: { seller: SellerBadge; prefix?: string }) {
  const s = props.seller
  return (
    <p class="seller-line">
      {props.prefix ?? 'Seller'}: <a href={s.href}>{s.name}</a> · <span class={s.isNew ? 'new-seller' : 'rating'}>{s.label}</span>
    </p>
  )
}
