import type { LivePanelData } from './live-panel-data.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime, formatTimeLeft, dateFormat } from '../lib/time.js'
import { buyNowOpen, minimumBid, reserveMet, SOFT_CLOSE_MS } from './bidding.js'
import type { LiveState } from './live-state.js'
import { hasEnded } from '../listings/listing-state.js'
import { formatUnitPrice } from '../listings/present.js'

/** "1 Dec, 14:30:05": a bid's date and time to the second, in the viewer's zone. */
const bidTime = (d: Date, timeZone: string) =>
  dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d)
const hourMinute = (d: Date, timeZone: string) =>
  dateFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)

/**
 * The bid that extended a live auction, if its end is where the soft close put it: exactly 2
 * minutes after the latest bid (extendedEnd in bidding.ts). No original end is stored; every
 * later bid in the last 2 minutes moves the end again, so the latest bid is the one to ask.
 */
export function extendingBid(s: Pick<LiveState, 'endsAt' | 'recentBids'>): Date | null {
  const last = s.recentBids[0]
  return last && s.endsAt && s.endsAt.getTime() === last.at.getTime() + SOFT_CLOSE_MS ? last.at : null
}

/**
 * What one viewer sees of an auction. Other bidders appear only as "Bidder N"; the viewer's
 * own company as "You". The reserve shows as met or not, never its amount.
 */
export function presentLive(s: LiveState, viewerCompanyId: string | null, timeZone: string, now: Date): LivePanelData {
  const money = (m: number) => formatMoney(m, s.currency)
  const perUnit = (m: number) => formatUnitPrice(m, s.quantity, s.unit, s.currency)
  const common = {
    listingId: s.id,
    clock: { serverNow: now.toISOString(), asOf: hourMinute(now, timeZone) },
    lastBidAt: s.recentBids[0]?.at.toISOString() ?? null,
  }
  const ended = s.status !== 'live' || hasEnded({ status: s.status, ends_at: s.endsAt }, now)
  const hasBids = s.bidCount > 0 && s.currentPrice !== null
  const isBidder = viewerCompanyId !== null && s.bidderCompanyIds.has(viewerCompanyId)
  const leads = viewerCompanyId !== null && s.leaderCompanyId === viewerCompanyId
  let personal: LivePanelData['personal'] = null
  if (isBidder) {
    if (s.status === 'ended') {
      personal = leads && s.outcome === 'sold'
        ? { kind: 'won', text: 'You won this auction.' }
        : { kind: 'lost', text: 'This auction has ended; you did not win it.' }
    } else {
      personal = leads
        ? { kind: 'leading', text: 'You are the highest bidder.' }
        : { kind: 'outbid', text: 'You have been outbid.' }
    }
  }
  const statusText = s.status === 'ended'
    ? (s.outcome === 'sold' ? (s.saleType === 'auction' ? 'Ended — sold' : 'Sold') : 'Ended — not sold')
    : s.status === 'withdrawn' ? 'Withdrawn — no longer for sale'
      : ended ? 'Ended — closing' : s.status === 'live' ? null : 'Not on the market'
  if (s.saleType === 'fixed_price') {
    const sold = s.status === 'ended' && s.outcome === 'sold'
    return {
      ...common,
      saleType: 'fixed_price', statusText, priceLabel: sold ? 'Sold for' : 'Price', price: money(s.fixedPrice ?? 0), unitPrice: perUnit(s.fixedPrice ?? 0), bidCount: 0,
      reserve: null, buyNow: null, minimumBid: null, opens: null, ends: null, ended, history: [],
      personal: sold && leads ? { kind: 'bought', text: 'You bought this.' } : null,
    }
  }
  const price = hasBids ? s.currentPrice! : s.startPrice ?? 0
  const extendedBy = ended ? null : extendingBid(s)
  return {
    ...common,
    saleType: 'auction',
    statusText,
    priceLabel: s.status === 'ended' && s.outcome === 'sold' ? 'Sold for' : hasBids ? 'Current bid' : 'Starting bid',
    price: money(price),
    unitPrice: perUnit(price),
    bidCount: s.bidCount,
    reserve: reserveMet({ reservePrice: s.reservePrice, currentPrice: s.currentPrice }) === null ? null : reserveMet(s) ? 'met' : 'not met',
    buyNow: buyNowOpen(s) ? money(s.buyNowPrice!) : null,
    minimumBid: s.startPrice !== null && s.increment !== null
      ? money(minimumBid({ startPrice: s.startPrice, increment: s.increment, currentPrice: s.currentPrice, bidCount: s.bidCount }))
      : null,
    opens: s.startsAt && s.startsAt.getTime() > now.getTime() ? { iso: s.startsAt.toISOString(), text: formatDateTime(s.startsAt, timeZone) } : null,
    ends: s.endsAt ? {
      iso: s.endsAt.toISOString(), text: formatDateTime(s.endsAt, timeZone), left: formatTimeLeft(s.endsAt, now),
      extended: extendedBy && { iso: extendedBy.toISOString(), text: bidTime(extendedBy, timeZone) },
    } : null,
    ended,
    personal,
    history: s.recentBids.map((b) => ({
      bidder: b.companyId === viewerCompanyId ? 'You' : `Bidder ${b.bidder}`,
      amount: money(b.amount),
      iso: b.at.toISOString(),
      time: bidTime(b.at, timeZone),
      auto: b.kind === 'auto',
    })),
  }
}

/**
 * Whether what a bid taken at `bidAt` meant ("you are the highest bidder") still tells the
 * auction's state: not once a later bid came in or the auction ended. (public/js/countdown.js
 * asks the same of an open page: data-last-bid and data-ended against data-bid-at.)
 */
export function bidMessageCurrent(s: Pick<LiveState, 'status' | 'endsAt' | 'recentBids'>, bidAt: Date, now: Date): boolean {
  if (s.status !== 'live' || hasEnded({ status: s.status, ends_at: s.endsAt }, now)) return false
  const last = s.recentBids[0]
  return !last || last.at.getTime() <= bidAt.getTime()
}
