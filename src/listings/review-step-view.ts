// The summary a seller checks before sending a listing for review: everything buyers will
// see, in the words they will see it, and what (if anything) stops it being sent now.
import type { ListingView } from './listing-view.js'
import type { ListingDetails } from './queries.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime } from '../lib/time.js'
import { checkSubmittable, editMode } from './rules.js'
import { presentListing } from './present.js'
import { photoChangeRefusal } from './photo-rules.js'

export type ReviewTerm = { label: string; value: string }

export type ReviewView = {
  listing: ListingView
  saleLabel: string
  /** The price terms, with an auction's times in the seller's zone. */
  terms: ReviewTerm[]
  /** Why it cannot be sent now (and what to change), or null when it can. */
  refusal: string | null
  /** Whether this listing is on its way to review at all (a draft or a rejected listing). */
  sendable: boolean
  photosEditable: boolean
  /** Advice that does not stop sending, e.g. no photos yet. */
  advice: string[]
}

function saleTerms(l: ListingDetails, timeZone: string): ReviewTerm[] {
  const money = (m: number) => formatMoney(m, l.currency)
  if (l.sale_type === 'fixed_price') return [{ label: 'Price', value: l.fixed_price === null ? 'Not given' : `${money(l.fixed_price)}, excluding VAT` }]
  const terms: ReviewTerm[] = [
    { label: 'Start price', value: l.start_price === null ? 'Not given' : money(l.start_price) },
    { label: 'Bid increment', value: l.bid_increment === null ? 'Not given' : money(l.bid_increment) },
    { label: 'Reserve', value: l.reserve_price === null ? 'None' : `${money(l.reserve_price)} (bidders only see whether it is met)` },
    { label: 'Buy-now price', value: l.buy_now_price === null ? 'None' : money(l.buy_now_price) },
  ]
  if (l.starts_at) terms.push({ label: 'Starts', value: `${formatDateTime(l.starts_at, timeZone)} (${timeZone})` })
  if (l.ends_at) terms.push({ label: 'Ends', value: `${formatDateTime(l.ends_at, timeZone)} (${timeZone})` })
  return terms
}

export function presentReview(
  l: ListingDetails,
  photos: { id: string; width: number; height: number; variants: number[] }[],
  timeZone: string,
  now: Date,
): ReviewView {
  const sendable = editMode(l.status, l.sale_type) === 'full'
  const late = checkSubmittable(l.sale_type, l.ends_at, now).ends_at
  return {
    listing: presentListing(l, photos),
    saleLabel: l.sale_type === 'auction' ? 'Timed auction' : 'Fixed price',
    terms: saleTerms(l, timeZone),
    sendable,
    photosEditable: photoChangeRefusal(l, 'add') === null,
    refusal: sendable && late ? `${late} Change the end time before you send it.` : null,
    advice: photos.length === 0 ? ['No photos yet. Listings with photos sell faster, and admins may ask for one.'] : [],
  }
}
