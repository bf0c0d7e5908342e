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
