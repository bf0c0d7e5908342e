// What the dashboard pages show, ready to print: shaped by present.ts, shown by views/dashboard.
import type { DealStatus } from '../db/types.js'

export type { DealStatus }

// "My bids": every auction the company bid on, in four groups by what it means for them now.
export type BidGroup = 'leading' | 'outbid' | 'won' | 'lost'

export type BidRow = {
  id: string
  title: string
  group: BidGroup
  /** Current price while live; the final price once ended. */
  price: string
  myHighest: string
  /** Our proxy maximum, when we lead and it is above our highest bid. */
  myMaximum: string | null
  bidCount: number
  reserve: 'met' | 'not met' | null
  /** Time left and end while live; when it ended afterwards. */
  time: { live: boolean; left: string; text: string; iso: string } | null
  note: string | null
}

// "Won and bought": what the company bought and where each sale stands.
export type PurchaseView = {
  dealId: string
  dealNumber: number
  listingId: string
  title: string
  seller: string
  amount: string
  kind: string
  status: DealStatus
  statusLabel: string
  date: { text: string; iso: string }
}

// The overview (/my): what waits on the company, its live listings, this month's figures and
// the latest notifications.
export type OverviewDeal = { href: string; number: number; title: string; side: string; step: string }
export type OverviewQuestion = { href: string; title: string; open: number; since: { text: string; iso: string } }
export type OverviewRejected = { href: string; editHref: string; title: string; reason: string | null }
export type OverviewLive = {
  id: string
  title: string
  saleType: string
  price: { label: string; amount: string }
  /** Bids on an auction; null for a fixed price. */
  bids: number | null
  time: { left: string; text: string; iso: string } | null
  hazardous?: boolean
}
export type OverviewNotification = { title: string; summary: string; link: string | null; unread: boolean; at: { text: string; iso: string } }

export type OverviewView = {
  companyName: string
  /** Why the company may not trade yet (awaiting approval, suspended), or null when it may. */
  tradingNote: string | null
  actions: { deals: OverviewDeal[]; questions: OverviewQuestion[]; rejected: OverviewRejected[] }
  live: { rows: OverviewLive[]; total: number }
  month: {
    label: string
    href: string
    figures: { soldTonnes: string; boughtTonnes: string; soldDeals: number; boughtDeals: number; revenue: string; spend: string; avoided: string }
  }
  notifications: OverviewNotification[]
}
