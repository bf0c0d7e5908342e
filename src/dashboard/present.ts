// Dashboard rows into view data: which group an auction is in for the viewer's company,
// money formatted, times in the viewer's zone, states in words.
import type { DealStatus } from '../db/types.js'
import type { BidGroup, BidRow, PurchaseView } from './dashboard-view.js'
import { formatMoney } from '../lib/money.js'
import { statusWords } from '../deals/deal-rules.js'
import { formatDateTime, formatTimeLeft } from '../lib/time.js'
import type { BidAuctionRow, PurchaseRow } from './queries.js'

/** A deal's state as the deal pages word it (deal-rules.ts), starting a table cell. */
export const dealStatusLabel = (status: DealStatus) => {
  const words = statusWords(status)
  return words.charAt(0).toUpperCase() + words.slice(1)
}
export const SALE_KIND_LABELS: Record<PurchaseRow['kind'], string> = { auction: 'Auction', buy_now: 'Buy now', fixed_price: 'Fixed price', second_chance: 'Second-chance offer' }

/**
 * Leading / outbid while live; won when the sale is ours; lost otherwise (someone else won,
 * the reserve was not met, or the seller withdrew the listing).
 */
export function bidGroup(row: BidAuctionRow, companyId: string): BidGroup {
  if (row.status === 'live') return row.leading_company_id === companyId ? 'leading' : 'outbid'
  return row.outcome === 'sold' && row.buyer_company_id === companyId ? 'won' : 'lost'
}

function lostReason(row: BidAuctionRow, companyId: string): string | null {
  if (row.status === 'withdrawn') return 'Withdrawn by the seller'
  if (row.outcome === 'sold') return 'Sold to another bidder'
  if (row.leading_company_id === companyId) return 'Reserve not met: not sold'
  return 'Not sold'
}

export function presentBidRow(row: BidAuctionRow, companyId: string, timeZone: string, now: Date): BidRow {
  const group = bidGroup(row, companyId)
  const live = row.status === 'live'
  const price = row.sale_amount ?? row.current_price ?? row.start_price ?? 0
  const endedAt = row.ended_at ?? (live ? null : row.updated_at)
  return {
    id: row.id,
    title: row.title,
    group,
    price: formatMoney(price, row.currency),
    myHighest: formatMoney(Number(row.my_highest), row.currency),
    // The leader's proxy maximum is private to the leader: shown to us only when we lead.
    myMaximum: group === 'leading' && row.leading_max !== null && row.leading_max > Number(row.my_highest) ? formatMoney(row.leading_max, row.currency) : null,
    bidCount: row.bid_count,
    reserve: live && row.reserve_price !== null ? ((row.current_price ?? 0) >= row.reserve_price ? 'met' : 'not met') : null,
    time: live && row.ends_at
      ? { live: true, left: formatTimeLeft(row.ends_at, now), text: formatDateTime(row.ends_at, timeZone), iso: row.ends_at.toISOString() }
      : endedAt ? { live: false, left: '', text: formatDateTime(endedAt, timeZone), iso: endedAt.toISOString() } : null,
    note: group === 'lost' ? lostReason(row, companyId) : null,
  }
}

export function presentPurchase(row: PurchaseRow, timeZone: string): PurchaseView {
  return {
    dealId: row.id,
    dealNumber: row.number,
    listingId: row.listing_id,
    title: row.title,
    seller: row.seller_name,
    amount: formatMoney(row.amount, row.currency),
    kind: SALE_KIND_LABELS[row.kind],
    status: row.status,
    statusLabel: dealStatusLabel(row.status),
    date: { text: formatDateTime(row.created_at, timeZone), iso: row.created_at.toISOString() },
  }
}
