// Withdrawing a company's bids from live auctions, when the company may no longer trade
// (suspended, or found barred at the close). The auction is replayed from its recorded bid
// requests, minus that company's, through the same bidding rules that took them: the price,
// the leader, the leader's maximum and the history become what they would have been had the
// company never bid. Open pages are told through the listing's announcement, and the bidders
// and seller by email.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { bidsRetractedMessage } from '../../views/emails/auctions.js'
import { changeListing, companyMayTradeSql, lockListing, type LockedListing } from '../listings/listing-state.js'
import { applyBid, type AuctionState, type BidLine } from './bidding.js'
import { lastBidders, sellerRecipients } from './recipients.js'

type ReplayedLine = BidLine & { at: Date; userId: string | null }

/**
 * Replays a locked auction's accepted bid requests without the given companies' and writes the
 * result. Returns false when none of those companies had bid on it (nothing changes).
 */
export async function replayWithout(trx: Kysely<DB>, listing: LockedListing, companyIds: string[], now: Date): Promise<boolean> {
  if (listing.sale_type !== 'auction' || listing.start_price === null || listing.bid_increment === null) return false
  const requests = await trx.selectFrom('bid_requests')
    .select(['company_id', 'user_id', 'amount', 'max_amount', 'created_at'])
    .where('listing_id', '=', listing.id).where('retracted_at', 'is', null)
    .orderBy('seq').execute()
  if (!requests.some((r) => companyIds.includes(r.company_id))) return false

  // The replay is not bounded by the auction's times (every request was in time when taken),
  // nor by buy-now (an auction still live was not bought).
  let state: AuctionState = {
    startPrice: listing.start_price, increment: listing.bid_increment, reservePrice: listing.reserve_price, buyNowPrice: null,
    currentPrice: null, bidCount: 0, startsAt: new Date(-8.64e15), endsAt: new Date(8.64e15), leader: null,
  }
  const lines: ReplayedLine[] = []
  for (const r of requests) {
    if (companyIds.includes(r.company_id) || r.amount === null) continue
    const outcome = applyBid(state, { companyId: r.company_id, amount: r.amount, max: r.max_amount, at: r.created_at }, String)
    // A request the rules now refuse (a bidder who, without the retracted bids, already leads
    // with a higher maximum) simply adds nothing.
    if (!outcome.ok) continue
    lines.push(...outcome.lines.map((l) => ({ ...l, at: r.created_at, userId: l.companyId === r.company_id ? r.user_id : null })))
    state = {
      ...state,
      currentPrice: outcome.lines.length ? outcome.currentPrice : state.currentPrice,
      bidCount: state.bidCount + outcome.lines.length,
      leader: outcome.leader,
    }
  }

  await trx.updateTable('bid_requests').set({ retracted_at: now })
    .where('listing_id', '=', listing.id).where('company_id', 'in', companyIds).where('retracted_at', 'is', null).execute()
  await trx.deleteFrom('bids').where('listing_id', '=', listing.id).execute()
  if (lines.length) {
    await trx.insertInto('bids').values(lines.map((l) => ({
      listing_id: listing.id, company_id: l.companyId, user_id: l.userId, amount: l.amount, kind: l.kind, created_at: l.at,
    }))).execute()
  }
  const replayed = {
    current_price: state.currentPrice, bid_count: lines.length,
    leading_company_id: state.leader?.companyId ?? null, leading_max: state.leader?.max ?? null,
  }
  await changeListing(trx, listing, replayed, now)
  // The caller goes on with the locked row (a close reads its outcome from it).
  Object.assign(listing, replayed)
  return true
}

/** Tells the remaining bidders and the seller of an auction what the retraction changed. */
async function tellAffected(trx: Kysely<DB>, listing: LockedListing, baseUrl: string) {
  const url = `${baseUrl}/listings/${listing.id}`
  const price = listing.current_price === null ? null : formatMoney(listing.current_price, listing.currency)
  const [bidders, sellers] = await Promise.all([lastBidders(trx, listing.id), sellerRecipients(trx, listing)])
  await enqueueEmails(trx, [
    ...[...bidders].map(([companyId, person]) =>
      bidsRetractedMessage(person, listing.title, price, companyId === listing.leading_company_id ? 'leading' : 'not-leading', url)),
    ...sellers.map((s) => bidsRetractedMessage(s, listing.title, price, 'seller', url)),
  ])
}

/**
 * Withdraws every bid a company holds on live auctions, inside the caller's transaction (the
 * one that suspends it). Auctions are locked in id order, so two suspensions at once cannot
 * deadlock. Returns how many auctions changed.
 */
export async function retractCompanyBids(trx: Kysely<DB>, args: { companyId: string; now: Date; baseUrl: string }): Promise<number> {
  const listings = await trx.selectFrom('bid_requests').innerJoin('listings', 'listings.id', 'bid_requests.listing_id')
    .select('listings.id').distinct()
    .where('bid_requests.company_id', '=', args.companyId).where('bid_requests.retracted_at', 'is', null)
    .where('listings.status', '=', 'live').orderBy('listings.id').execute()
  let changed = 0
  // One auction at a time: each is its own lock and replay (a company bids on a handful at once).
  for (const { id } of listings) {
    const locked = await lockListing(trx, id)
    if (!locked || locked.status !== 'live') continue
    if (await replayWithout(trx, locked, [args.companyId], args.now)) {
      await tellAffected(trx, locked, args.baseUrl)
      changed += 1
    }
  }
  return changed
}

/**
 * At the close: bidders of this auction whose company may no longer trade (suspended between
 * its bids and the end, say) have their bids withdrawn first, so a sale never goes to them.
 */
export async function retractBarredBidders(trx: Kysely<DB>, listing: LockedListing, now: Date): Promise<boolean> {
  const barred = await trx.selectFrom('bid_requests').select('company_id').distinct()
    .where('listing_id', '=', listing.id).where('retracted_at', 'is', null)
    .where(sql<boolean>`NOT ${companyMayTradeSql('bid_requests.company_id')}`).execute()
  if (barred.length === 0) return false
  return replayWithout(trx, listing, barred.map((b) => b.company_id), now)
}

/**
 * Of these auctions, the ones where a bidder whose company may no longer trade still holds
 * bids: one query for a burst of closes, so retractBarredBidders runs only where it has work.
 */
export async function auctionsWithBarredBidders(trx: Kysely<DB>, listingIds: string[]): Promise<Set<string>> {
  if (listingIds.length === 0) return new Set()
  const rows = await trx.selectFrom('bid_requests').select('listing_id').distinct()
    .where('listing_id', 'in', listingIds).where('retracted_at', 'is', null)
    .where(sql<boolean>`NOT ${companyMayTradeSql('bid_requests.company_id')}`).execute()
  return new Set(rows.map((r) => r.listing_id))
}
