import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { applyBuyNow } from './bidding.js'
import { auctionState } from './place-bid.js'
import { isPubliclyVisible, lockListing } from '../listings/listing-state.js'
import { recordSale } from './record-sale.js'
import { hazardFacts } from '../compliance/hazardous.js'
import { permitRefusal } from '../compliance/hazardous-rules.js'
import type { DealTerms } from '../deals/terms.js'

/** `priceChanged`: the price is no longer the one the buyer reviewed; nothing was bought. */
export type PurchaseResult = { ok: boolean; status: 200 | 403 | 404 | 409; message: string; priceChanged?: boolean }

/**
 * Buys a fixed-price listing, or an auction at its buy-now price. The listing's row lock
 * serialises buyers: of two pressing "Buy" at once, the second finds it already sold.
 * `expectedPrice` is the price the buyer confirmed on the review page (auctions/buy-review.ts):
 * checked under the lock, so a seller lowering or changing it in between never makes the buyer
 * pay a price they did not see. A second press of "Confirm" finds the lot already theirs.
 */
export async function buyListing(
  db: Kysely<DB>,
  args: { listingId: string; companyId: string; user: { id: string; email: string; name: string }; now: Date; terms: DealTerms; expectedPrice?: number },
): Promise<PurchaseResult> {
  return db.transaction().execute(async (trx) => {
    const listing = await lockListing(trx, args.listingId)
    if (!listing || !isPubliclyVisible(listing.status)) return { ok: false, status: 404, message: 'There is no such listing.' }
    if (listing.company_id === args.companyId) return { ok: false, status: 409, message: 'You cannot buy your own listing.' }
    if (listing.status === 'ended' && listing.outcome === 'sold') {
      const mine = listing.leading_company_id === args.companyId
      return { ok: mine, status: mine ? 200 : 409, message: mine ? 'You have bought this item.' : 'Sorry, this item has just been sold to another buyer.' }
    }
    if (listing.status !== 'live') return { ok: false, status: 409, message: 'This listing is no longer for sale.' }
    // A hazardous lot goes only to a company holding a verified, unexpired waste permit.
    const hazard = await hazardFacts(trx, listing.id, args.companyId, args.now)
    const noPermit = permitRefusal(hazard, hazard)
    if (noPermit) return { ok: false, status: 403, message: noPermit }

    let amount: number
    let kind: 'buy_now' | 'fixed_price'
    if (listing.sale_type === 'fixed_price') {
      amount = listing.fixed_price!
      kind = 'fixed_price'
    } else {
      const state = auctionState(listing)
      if (!state) return { ok: false, status: 409, message: 'This listing cannot be bought.' }
      const buyNow = applyBuyNow({ ...state, hazardous: hazard.hazardous }, args.companyId, args.now, hazard)
      if (!buyNow.ok) return { ok: false, status: 409, message: buyNow.message }
      amount = buyNow.price
      kind = 'buy_now'
    }
    if (args.expectedPrice !== undefined && amount !== args.expectedPrice) {
      return { ok: false, status: 409, priceChanged: true, message: `The price has changed since you reviewed it: it is now ${formatMoney(amount, listing.currency)}. Check the figures and confirm again.` }
    }
    if (kind === 'buy_now') {
      await trx.insertInto('bids').values({ listing_id: listing.id, company_id: args.companyId, user_id: args.user.id, amount, kind: 'buy_now', created_at: args.now }).execute()
    }
    await recordSale(trx, listing, {
      buyerCompanyId: args.companyId, buyerUserId: args.user.id, buyer: { to: args.user.email, name: args.user.name },
      amount, kind, now: args.now,
    }, args.terms, kind === 'buy_now' ? { bid_count: listing.bid_count + 1 } : {})
    return { ok: true, status: 200, message: `You bought it for ${formatMoney(amount, listing.currency)}. We have emailed you the details.` }
  })
}
