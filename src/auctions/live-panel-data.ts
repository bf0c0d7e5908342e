// The part of a listing page that changes while it is on the market, as data: shaped by
// present-live.ts, rendered by views/auctions/live-panel.tsx on the page and again over SSE
// whenever the listing changes.
export type PersonalKind = 'leading' | 'outbid' | 'won' | 'lost' | 'bought'

export type LivePanelData = {
  listingId: string
  saleType: 'auction' | 'fixed_price'
  statusText: string | null
  priceLabel: string
  price: string
  /** "€50.00 per tonne" beside the total; null when the lot's size gives none. */
  unitPrice: string | null
  bidCount: number
  reserve: 'met' | 'not met' | null
  buyNow: string | null
  minimumBid: string | null
  /** Set while bidding has not opened yet. */
  opens: { iso: string; text: string } | null
  /** `extended`: the latest bid came in the last 2 minutes and moved the end (soft close). */
  ends: { iso: string; text: string; left: string; extended: { iso: string; text: string } | null } | null
  ended: boolean
  /**
   * The server's clock when this was rendered: the page's countdown counts from it, never from
   * the device's clock; `asOf` is its time of day in the viewer's zone, for pages without script.
   */
  clock: { serverNow: string; asOf: string }
  /** When the latest bid was taken: a bid's message older than this no longer tells the state. */
  lastBidAt: string | null
  personal: { kind: PersonalKind; text: string } | null
  history: { bidder: string; amount: string; iso: string; time: string; auto: boolean }[]
}
