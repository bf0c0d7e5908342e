// The part of a listing page that changes while it is on the market, as data: shaped by
// present-live.ts, rendered by views/auctions/live-panel.tsx on the page and again over SSE
// whenever the listing changes.
export type LivePanelData = {
  saleType: 'auction' | 'fixed_price'
  statusText: string | null
  priceLabel: string
  price: string
  bidCount: number
  reserve: 'met' | 'not met' | null
  buyNow: string | null
  minimumBid: string | null
  /** Set while bidding has not opened yet. */
  opens: { iso: string; text: string } | null
  ends: { iso: string; text: string; left: string } | null
  ended: boolean
  personal: { kind: 'leading' | 'outbid' | 'won' | 'lost' | 'bought'; text: string } | null
  history: { bidder: string; amount: string; iso: string; time: string; auto: boolean }[]
}
