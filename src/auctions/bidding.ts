// The rules of bidding, in one pure module: minimum next bid, proxy bidding, reserve, soft
// close, buy-now. No database, no clock of its own: the caller passes the state it locked.
import { hasEnded, hasStarted } from '../listings/listing-state.js'
import { permitRefusal } from '../compliance/hazardous-rules.js'

export const SOFT_CLOSE_MS = 2 * 60 * 1000

export type AuctionState = {
  startPrice: number
  increment: number
  reservePrice: number | null
  buyNowPrice: number | null
  currentPrice: number | null // null until the first bid
  bidCount: number
  startsAt: Date
  endsAt: Date
  /** The leading company and the maximum it asked the system to bid up to. */
  leader: { companyId: string; max: number } | null
  /** A lot of hazardous waste: only bidders holding a verified, unexpired waste permit may bid or buy. */
  hazardous?: boolean
}

/** `holdsValidPermit`: the bidder holds a verified waste permit that counts at `at` (needed for hazardous lots). */
export type BidInput = { companyId: string; amount: number; max: number | null; at: Date; holdsValidPermit?: boolean }

/** One line of the bid history that a bid produces; `auto` lines are bids the system placed for a proxy. */
export type BidLine = { companyId: string; amount: number; kind: 'bid' | 'auto' }

export type BidOutcome =
  | {
      ok: true
      lines: BidLine[]
      currentPrice: number
      leader: { companyId: string; max: number }
      endsAt: Date
      extended: boolean
      /** The company that led before this bid and leads no more (to tell them they were outbid). */
      outbidCompanyId: string | null
      /** Whether the bidder leads after their bid (a proxy may beat them at once). */
      bidderLeads: boolean
    }
  | { ok: false; reason: 'not-started' | 'ended' | 'permit-required' | 'too-low' | 'max-below-amount' | 'already-leading-lower-max'; message: string; minimum?: number }

export function minimumBid(s: Pick<AuctionState, 'startPrice' | 'increment' | 'currentPrice' | 'bidCount'>): number {
  return s.bidCount === 0 || s.currentPrice === null ? s.startPrice : s.currentPrice + s.increment
}

export function reserveMet(s: Pick<AuctionState, 'reservePrice' | 'currentPrice'>): boolean | null {
  if (s.reservePrice === null) return null
  return (s.currentPrice ?? 0) >= s.reservePrice
}

/** Soft close: a bid in the last 2 minutes moves the end to 2 minutes after that bid. */
export function extendedEnd(endsAt: Date, bidAt: Date): Date {
  const floor = bidAt.getTime() + SOFT_CLOSE_MS
  return floor > endsAt.getTime() ? new Date(floor) : endsAt
}

/** A leader whose maximum reaches the reserve pays at least the reserve (as on eBay). */
function withReserve(price: number, leaderMax: number, reserve: number | null): number {
  return reserve !== null && leaderMax >= reserve && price < reserve ? reserve : price
}

/** Whether a live auction takes bids at `at`: the start and end rules are listing-state's. */
export function isOpen(s: Pick<AuctionState, 'startsAt' | 'endsAt'>, at: Date): 'not-started' | 'ended' | 'open' {
  if (!hasStarted({ status: 'live', starts_at: s.startsAt }, at)) return 'not-started'
  if (hasEnded({ status: 'live', ends_at: s.endsAt }, at)) return 'ended'
  return 'open'
}

/**
 * Applies one bid. `amount` is what the bidder bids now; `max`, if given, is the most the
 * system may bid for them later (eBay-style proxy). The price only rises as far as needed to
 * lead; of two equal maxima the earlier one leads.
 */
export function applyBid(s: AuctionState, bid: BidInput, fmt: (minor: number) => string): BidOutcome {
  const open = isOpen(s, bid.at)
  if (open === 'not-started') return { ok: false, reason: 'not-started', message: 'Bidding has not started yet.' }
  if (open === 'ended') return { ok: false, reason: 'ended', message: 'This auction has ended; no more bids are accepted.' }
  const noPermit = permitRefusal({ hazardous: s.hazardous ?? false }, { holdsValidPermit: bid.holdsValidPermit ?? false })
  if (noPermit) return { ok: false, reason: 'permit-required', message: noPermit }
  if (bid.max !== null && bid.max < bid.amount) {
    return { ok: false, reason: 'max-below-amount', message: 'Your maximum must be at least your bid.' }
  }
  const myMax = Math.max(bid.amount, bid.max ?? bid.amount)
  const endsAt = extendedEnd(s.endsAt, bid.at)
  const extended = endsAt.getTime() !== s.endsAt.getTime()
  const leader = s.leader

  // The leader raising their own maximum: no new price unless it now reaches the reserve.
  if (leader && leader.companyId === bid.companyId) {
    if (myMax <= leader.max) {
      return { ok: false, reason: 'already-leading-lower-max', message: `You are already the highest bidder, with a maximum of ${fmt(leader.max)}. To raise it, give a higher maximum.` }
    }
    const current = s.currentPrice ?? s.startPrice
    const price = withReserve(current, myMax, s.reservePrice)
    const lines: BidLine[] = price > current ? [{ companyId: bid.companyId, amount: price, kind: 'bid' }] : []
    return { ok: true, lines, currentPrice: price, leader: { companyId: bid.companyId, max: myMax }, endsAt: lines.length ? endsAt : s.endsAt, extended: lines.length > 0 && extended, outbidCompanyId: null, bidderLeads: true }
  }

  const minimum = minimumBid(s)
  if (bid.amount < minimum) {
    return { ok: false, reason: 'too-low', message: `Your bid must be at least ${fmt(minimum)}.`, minimum }
  }

  if (!leader) {
    const price = withReserve(bid.amount, myMax, s.reservePrice)
    return { ok: true, lines: [{ companyId: bid.companyId, amount: price, kind: 'bid' }], currentPrice: price, leader: { companyId: bid.companyId, max: myMax }, endsAt, extended, outbidCompanyId: null, bidderLeads: true }
  }

  if (myMax > leader.max) {
    // The old leader's proxy bids up to its maximum, then the newcomer leads by one increment.
    const lines: BidLine[] = []
    if (leader.max > (s.currentPrice ?? 0) && leader.max < bid.amount) {
      // The newcomer's own bid already beats the old maximum: no auto line needed below it.
    } else if (leader.max > (s.currentPrice ?? 0)) {
      lines.push({ companyId: leader.companyId, amount: leader.max, kind: 'auto' })
    }
    const price = withReserve(Math.max(bid.amount, Math.min(myMax, leader.max + s.increment)), myMax, s.reservePrice)
    lines.push({ companyId: bid.companyId, amount: price, kind: 'bid' })
    return { ok: true, lines, currentPrice: price, leader: { companyId: bid.companyId, max: myMax }, endsAt, extended, outbidCompanyId: leader.companyId, bidderLeads: true }
  }

  // The leader's maximum covers this bid: the newcomer's bid stands in the history, and the
  // leader's proxy answers with just enough to stay ahead (on a tie, the earlier maximum wins).
  const lines: BidLine[] = [{ companyId: bid.companyId, amount: myMax, kind: 'bid' }]
  let price = myMax
  if (leader.max > myMax) {
    price = Math.min(leader.max, myMax + s.increment)
    lines.push({ companyId: leader.companyId, amount: price, kind: 'auto' })
  }
  price = withReserve(price, leader.max, s.reservePrice)
  if (price > lines[lines.length - 1].amount) lines.push({ companyId: leader.companyId, amount: price, kind: 'auto' })
  return { ok: true, lines, currentPrice: price, leader, endsAt, extended, outbidCompanyId: null, bidderLeads: false }
}

/** Buy-now is offered while the price is still below it. */
export function buyNowOpen(s: Pick<AuctionState, 'buyNowPrice' | 'currentPrice'>): boolean {
  return s.buyNowPrice !== null && (s.currentPrice ?? 0) < s.buyNowPrice
}

export type BuyNowOutcome = { ok: true; price: number } | { ok: false; message: string }

/** Buy-now ends the auction at once at the buy-now price, while the price is still below it. */
export function applyBuyNow(s: AuctionState, companyId: string, at: Date, buyer: { holdsValidPermit?: boolean } = {}): BuyNowOutcome {
  const open = isOpen(s, at)
  if (open === 'not-started') return { ok: false, message: 'Bidding has not started yet.' }
  if (open === 'ended') return { ok: false, message: 'This auction has ended.' }
  const noPermit = permitRefusal({ hazardous: s.hazardous ?? false }, { holdsValidPermit: buyer.holdsValidPermit ?? false })
  if (noPermit) return { ok: false, message: noPermit }
  if (s.buyNowPrice === null) return { ok: false, message: 'This auction has no buy-now price.' }
  if (!buyNowOpen(s)) return { ok: false, message: 'Bidding has passed the buy-now price; place a bid instead.' }
  return { ok: true, price: s.buyNowPrice }
}

/** How an auction ends: sold to the leader if the reserve (if any) is met, else unsold. */
export function closingOutcome(s: Pick<AuctionState, 'leader' | 'currentPrice' | 'reservePrice'>):
  { outcome: 'sold'; buyerCompanyId: string; price: number } | { outcome: 'unsold'; reason: 'no-bids' | 'reserve-not-met' } {
  if (!s.leader || s.currentPrice === null) return { outcome: 'unsold', reason: 'no-bids' }
  if (s.reservePrice !== null && s.currentPrice < s.reservePrice) return { outcome: 'unsold', reason: 'reserve-not-met' }
  return { outcome: 'sold', buyerCompanyId: s.leader.companyId, price: s.currentPrice }
}
