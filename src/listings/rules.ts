// The rules of a listing's life, in one pure module: what may be edited when, how long an
// auction may run, and what a seller may change once bidding has begun.
import type { FieldErrors } from '../web/forms.js'
import type { ListingStatus, SaleType } from '../db/types.js'
import { formatMoney } from '../lib/money.js'
import { minimumBid } from '../auctions/bidding.js'
import { companyMayTrade, hasEnded, hasStarted } from './listing-state.js'
import { permitRefusal } from '../compliance/hazardous-rules.js'

const HOUR = 3600_000
export const MIN_AUCTION_MS = 1 * HOUR
export const MAX_AUCTION_MS = 30 * 24 * HOUR
export const MAX_PHOTOS = 8

export type AuctionTerms = {
  startPrice: number
  reservePrice: number | null
  bidIncrement: number
  buyNowPrice: number | null
  startsAt: Date
  endsAt: Date
}

/** Prices and times of an auction that make sense on their own. */
export function checkAuctionTerms(t: AuctionTerms): FieldErrors {
  const errors: FieldErrors = {}
  if (t.reservePrice !== null && t.reservePrice < t.startPrice) errors.reserve_price = 'The reserve cannot be below the start price.'
  if (t.buyNowPrice !== null && t.buyNowPrice <= t.startPrice) errors.buy_now_price = 'The buy-now price must be above the start price.'
  else if (t.buyNowPrice !== null && t.reservePrice !== null && t.buyNowPrice < t.reservePrice) {
    errors.buy_now_price = 'The buy-now price cannot be below the reserve.'
  }
  const duration = t.endsAt.getTime() - t.startsAt.getTime()
  if (duration <= 0) errors.ends_at = 'The end must be after the start.'
  else if (duration < MIN_AUCTION_MS) errors.ends_at = 'An auction runs for at least 1 hour.'
  else if (duration > MAX_AUCTION_MS) errors.ends_at = 'An auction runs for at most 30 days.'
  return errors
}

/** When a seller sends a listing for review, its auction must not already be over. */
export function checkSubmittable(saleType: SaleType, endsAt: Date | null, now: Date): FieldErrors {
  if (saleType === 'auction' && endsAt && endsAt.getTime() < now.getTime() + MIN_AUCTION_MS) {
    return { ends_at: 'The auction must end at least 1 hour from now.' }
  }
  return {}
}

/** A seller may take a listing off the market until a sale, but not once an auction has bids. */
export const SELLER_WITHDRAWABLE: ListingStatus[] = ['draft', 'pending_review', 'live', 'rejected']
export function canSellerWithdraw(status: ListingStatus, bidCount: number): boolean {
  return SELLER_WITHDRAWABLE.includes(status) && bidCount === 0
}

export type EditMode = 'full' | 'auction-terms' | 'none'

/**
 * Drafts and rejected listings can be changed freely. A live auction keeps its description of
 * the goods (buyers bid on what they read) but its terms may change within the rules below.
 * Anything else is final.
 */
export function editMode(status: ListingStatus, saleType: SaleType): EditMode {
  if (status === 'draft' || status === 'rejected') return 'full'
  if (status === 'live' && saleType === 'auction') return 'auction-terms'
  return 'none'
}

/**
 * After the first bid the bidders have made a deal the seller must keep: the seller cannot add
 * or raise a reserve (that would let them back out of a sale bidding has already made), add a
 * buy-now price or raise one, put buy-now at or below the next minimum bid, raise the start
 * price, change the increment or shorten the auction. Lowering or removing the reserve, and
 * lowering or removing buy-now, only help bidders and stay allowed (as on eBay).
 */
export function checkLiveAuctionChange(
  current: AuctionTerms & { bidCount: number; currentPrice: number | null; currency: string },
  proposed: AuctionTerms,
  now: Date,
): FieldErrors {
  const errors = checkAuctionTerms(proposed)
  if (proposed.startsAt.getTime() !== current.startsAt.getTime() && current.startsAt.getTime() <= now.getTime()) {
    errors.starts_at = 'The auction has started: its start time can no longer change.'
  }
  if (current.bidCount === 0) return errors
  const money = (m: number) => formatMoney(m, current.currency)
  if (proposed.startPrice > current.startPrice) {
    errors.start_price = `Bidding has begun: the start price cannot go above ${money(current.startPrice)}.`
  }
  if (proposed.reservePrice !== null && current.reservePrice === null) {
    errors.reserve_price = 'Bidding has begun: a reserve can no longer be added. You may lower or remove an existing one.'
  } else if (proposed.reservePrice !== null && current.reservePrice !== null && proposed.reservePrice > current.reservePrice) {
    errors.reserve_price = `Bidding has begun: the reserve cannot go above ${money(current.reservePrice)}. You may lower or remove it.`
  }
  const nextMinimum = minimumBid({ ...current, increment: current.bidIncrement })
  if (proposed.buyNowPrice !== null && current.buyNowPrice === null) {
    errors.buy_now_price = 'Bidding has begun: a buy-now price can no longer be added.'
  } else if (proposed.buyNowPrice !== null && current.buyNowPrice !== null && proposed.buyNowPrice > current.buyNowPrice) {
    errors.buy_now_price = `Bidding has begun: the buy-now price cannot go above ${money(current.buyNowPrice)}. You may lower or remove it.`
  } else if (proposed.buyNowPrice !== null && proposed.buyNowPrice <= nextMinimum) {
    errors.buy_now_price = `The buy-now price must be above the next minimum bid, ${money(nextMinimum)}; or remove it.`
  }
  if (proposed.endsAt.getTime() < current.endsAt.getTime()) {
    errors.ends_at = 'Bidding has begun: the auction cannot be shortened.'
  }
  if (proposed.bidIncrement !== current.bidIncrement) {
    errors.bid_increment = 'Bidding has begun: the bid increment cannot change.'
  }
  return errors
}

export type Availability =
  | { kind: 'bid' | 'buy' }
  | { kind: 'login' | 'no-company' | 'not-approved' | 'own' | 'not-live' | 'not-started' | 'ended' | 'no-permit'; message: string }

/** Whether the viewer may bid on or buy a listing now, and if not, why — in words for the page. */
export function tradeAvailability(
  listing: { status: ListingStatus; sale_type: SaleType; company_id: string; starts_at: Date | null; ends_at: Date | null },
  viewer: { company: { id: string; status: string } | null } | null,
  now: Date,
  /** For a hazardous lot: whether the viewer's company holds a verified, unexpired waste permit. */
  hazard?: { hazardous: boolean; holdsValidPermit: boolean },
): Availability {
  if (hasEnded(listing, now) && listing.status !== 'withdrawn') return { kind: 'ended', message: 'This listing has ended.' }
  if (listing.status !== 'live') return { kind: 'not-live', message: 'This listing is not on the market.' }
  if (!viewer) return { kind: 'login', message: listing.sale_type === 'auction' ? 'Log in to bid.' : 'Log in to buy.' }
  if (!viewer.company) return { kind: 'no-company', message: 'Only member companies can trade.' }
  if (viewer.company.id === listing.company_id) return { kind: 'own', message: 'This is your own listing.' }
  if (!companyMayTrade(viewer.company.status)) {
    return { kind: 'not-approved', message: 'Your company must be approved by NordicLoop before it can trade.' }
  }
  if (listing.sale_type === 'auction' && !hasStarted(listing, now)) return { kind: 'not-started', message: 'Bidding has not started yet.' }
  const noPermit = hazard ? permitRefusal(hazard, hazard) : null
  if (noPermit) return { kind: 'no-permit', message: noPermit }
  return { kind: listing.sale_type === 'auction' ? 'bid' : 'buy' }
}
