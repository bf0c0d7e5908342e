// When a seller may change a listing's photos, in one pure module beside the other listing rules.
import type { ListingStatus } from '../db/types.js'
import { MAX_PHOTOS } from './rules.js'

export type PhotoAction = 'add' | 'remove' | 'reorder'

/**
 * Why this change is not allowed now, or null when it is.
 *
 * Before a listing is live, photos are the seller's draft. A live listing may still gain
 * photos and have them reordered: more and better pictures help buyers, and marketplaces let
 * sellers add them during a sale. Removing one is different once an auction has bids: bidders
 * bid on what they saw, and a photo showing a defect or the real quantity must not vanish
 * under them. A fixed-price listing has no bids, so its photos stay the seller's to curate.
 * Ended and withdrawn listings are a record of what was offered and no longer change.
 */
export function photoChangeRefusal(listing: { status: ListingStatus; bid_count: number }, action: PhotoAction): string | null {
  switch (listing.status) {
    case 'draft':
    case 'pending_review':
    case 'rejected':
      return null
    case 'live':
      if (action === 'remove' && listing.bid_count > 0) {
        return 'Bidding has begun: photos can be added or reordered, but not removed, so bidders keep seeing what they bid on.'
      }
      return null
    case 'ended':
      return 'This listing has ended: its photos can no longer change.'
    case 'withdrawn':
      return 'This listing was withdrawn: its photos can no longer change.'
  }
}

/** Why `adding` more photos would be too many, or null when they fit. */
export function photoCountRefusal(existing: number, adding: number): string | null {
  if (existing + adding <= MAX_PHOTOS) return null
  const left = Math.max(0, MAX_PHOTOS - existing)
  if (left === 0) return `A listing can have at most ${MAX_PHOTOS} photos, and this one has ${existing}. Delete one to add another.`
  return `A listing can have at most ${MAX_PHOTOS} photos. This one has ${existing}, so you can add ${left} more${adding > 1 ? `, not ${adding}` : ''}. Nothing was uploaded.`
}
