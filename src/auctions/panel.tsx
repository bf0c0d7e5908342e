// The price-and-action column of a listing page: for an auction the live region (connected
// over SSE while the auction runs) and the bid form; for a fixed-price listing the buy button.
import type { Context } from 'hono'
import type { AppEnv } from '../web/context.js'
import type { ListingView } from '../../views/listings/listing-page.js'
import { PricePanel, Unavailable } from '../../views/listings/listing-page.js'
import { LivePanel } from '../../views/auctions/live-panel.js'
import { BidForm, BidMessage, type BidMessageData } from '../../views/auctions/bid-form.js'
import { BuyForm } from '../../views/auctions/buy-form.js'
import type { Availability } from '../listings/rules.js'
import { generateToken } from '../lib/tokens.js'
import { formatMoney } from '../lib/money.js'
import { formatTimeOfDay, dateFormat } from '../lib/time.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { loadLiveStates, type LiveState } from './live-state.js'
import { bidMessageCurrent, presentLive } from './present-live.js'
import { buyNowOpen } from './bidding.js'

type FieldValues = { amount?: string; max_amount?: string }
export type PanelNotice = BidMessageData & { values?: FieldValues; errors?: FieldValues }

/** A bid as the server took it, to be told back to its bidder (requests recorded before amounts were kept have none). */
export type TakenBid = { amount: number | null; max: number | null; at: Date; message: string }

/**
 * "Bid accepted at 14:30:05 CET, 2 Dec 2026, by our clock: €1,000.00, bidding for you up to
 * €1,500.00." The time is the server's, to the second, in the bidder's zone.
 */
export function receiptNotice(bid: TakenBid, timeZone: string, current = true): PanelNotice {
  const day = dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(bid.at)
  const upTo = bid.max !== null && bid.max > (bid.amount ?? 0) ? `, bidding for you up to ${formatMoney(bid.max)}` : ''
  const what = bid.amount === null ? '' : `: ${formatMoney(bid.amount)}${upTo}`
  return {
    ok: true,
    text: bid.message,
    receipt: { accepted: `Bid accepted at ${formatTimeOfDay(bid.at, timeZone)}, ${day}, by our clock${what}.`, at: bid.at.toISOString(), current },
  }
}

export async function listingPanel(c: Context<AppEnv>, listing: { id: string; sale_type: string; status: string }, view: ListingView, availability: Availability, notice?: PanelNotice) {
  const loginPath = `/login?next=${encodeURIComponent(`/listings/${listing.id}`)}`
  const viewer = c.var.viewer
  const now = c.var.clock()
  const state = (await loadLiveStates(c.var.db, [listing.id])).get(listing.id)!
  const data = presentLive(state, viewer?.company?.id ?? null, viewerTimeZone(c, viewer?.company?.country), now)
  const live = state.status === 'live'
  // A receipt read after the auction moved on keeps what was taken, not what it meant then.
  if (notice?.receipt) notice = { ...notice, receipt: { ...notice.receipt, current: bidMessageCurrent(state, new Date(notice.receipt.at), now) } }
  // The region a page keeps current over SSE while the listing is on the market. It is not itself
  // a live region: the announcer beside it says only the price and the viewer's status.
  const region = (
    <>
      <div id="live-auction" class="live-region"
        hx-sse:connect={live ? `/listings/${listing.id}/live?v=${state.version}` : undefined}
        hx-sse:close={live ? 'closed' : undefined}>
        <LivePanel data={data} />
      </div>
      <p id="live-announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>
    </>
  )
  if (listing.sale_type !== 'auction') {
    return (
      <PricePanel availability={availability} loginPath={loginPath} region={region}>
        {(availability.kind === 'buy' || notice) && (
          <BuyForm listingId={listing.id} csrfToken={c.var.csrfToken} label={`Buy now for ${view.price}`} message={notice} />
        )}
      </PricePanel>
    )
  }
  return (
    <section class="price-panel" id="price-panel" aria-labelledby="price-heading">
      <h2 id="price-heading" class="visually-hidden">Price and bids</h2>
      {region}
      {notice && availability.kind !== 'bid' && <BidMessage message={notice} />}
      {availability.kind === 'bid' && (
        <>
          <BidForm listingId={listing.id} csrfToken={c.var.csrfToken} idempotencyKey={generateToken()}
            message={notice} values={notice?.values} errors={notice?.errors} />
          {buyNowOpen(state) && (
            <BuyForm listingId={listing.id} csrfToken={c.var.csrfToken} label={`Buy now for ${formatMoney(state.buyNowPrice!, state.currency)}`} />
          )}
        </>
      )}
      <Unavailable availability={availability} loginPath={loginPath} />
    </section>
  )
}

/** The live region's HTML for one kind of viewer, as sent over SSE. */
export function renderLivePanel(state: LiveState, viewer: { companyId: string | null; timeZone: string }, now: Date): string {
  return String(<LivePanel data={presentLive(state, viewer.companyId, viewer.timeZone, now)} />)
}
