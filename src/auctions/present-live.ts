import type { LivePanelData } from './live-panel-data.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime, formatTimeLeft } from '../lib/time.js'
import { buyNowOpen, minimumBid, reserveMet } from './bidding.js'
import type { LiveState } from './live-state.js'
import { hasEnded } from '../listings/listing-state.js'

const timeOnly = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d)

/**
 * What one viewer sees of an auction. Other bidders appear only as "Bidder N"; the viewer's
 * own company as "You". The reserve shows as met or not, never its amount.
 */
export function presentLive(s: LiveState, viewerCompanyId: string | null, timeZone: string, now: Date): LivePanelData {
  const money = (m: number) => formatMoney(m, s.currency)
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
      saleType: 'fixed_price', statusText, priceLabel: sold ? 'Sold for' : 'Price', price: money(s.fixedPrice ?? 0), bidCount: 0,
      reserve: null, buyNow: null, minimumBid: null, opens: null, ends: null, ended, history: [],
      personal: sold && leads ? { kind: 'bought', text: 'You bought this.' } : null,
    }
  }
  return {
    saleType: 'auction',
    statusText,
    priceLabel: s.status === 'ended' && s.outcome === 'sold' ? 'Sold for' : hasBids ? 'Current bid' : 'Starting bid',
    price: money(hasBids ? s.currentPrice! : s.startPrice ?? 0),
    bidCount: s.bidCount,
    reserve: reserveMet({ reservePrice: s.reservePrice, currentPrice: s.currentPrice }) === null ? null : reserveMet(s) ? 'met' : 'not met',
    buyNow: buyNowOpen(s) ? money(s.buyNowPrice!) : null,
    minimumBid: s.startPrice !== null && s.increment !== null
      ? money(minimumBid({ startPrice: s.startPrice, increment: s.increment, currentPrice: s.currentPrice, bidCount: s.bidCount }))
      : null,
    opens: s.startsAt && s.startsAt.getTime() > now.getTime() ? { iso: s.startsAt.toISOString(), text: formatDateTime(s.startsAt, timeZone) } : null,
    ends: s.endsAt ? { iso: s.endsAt.toISOString(), text: formatDateTime(s.endsAt, timeZone), left: formatTimeLeft(s.endsAt, now) } : null,
    ended,
    personal,
    history: s.recentBids.map((b) => ({
      bidder: b.companyId === viewerCompanyId ? 'You' : `Bidder ${b.bidder}`,
      amount: money(b.amount),
      iso: b.at.toISOString(),
      time: timeOnly(b.at, timeZone),
      auto: b.kind === 'auto',
    })),
  }
}
