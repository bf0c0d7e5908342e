// The price-and-action column of a listing page: for an auction the live region (connected
// over SSE while the auction runs) and the bid form; for a fixed-price listing the buy button.
import type { Context } from 'hono'
import type { AppEnv } from '../web/context.js'
import type { ListingView } from '../../views/listings/listing-page.js'
import { PricePanel, Unavailable } from '../../views/listings/listing-page.js'
import { LivePanel } from '../../views/auctions/live-panel.js'
import { BidForm } from '../../views/auctions/bid-form.js'
import { BuyForm } from '../../views/auctions/buy-form.js'
import { Notice } from '../../views/components/form.js'
import type { Availability } from '../listings/rules.js'
import { generateToken } from '../lib/tokens.js'
import { formatMoney } from '../lib/money.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { loadLiveStates, type LiveState } from './live-state.js'
import { presentLive } from './present-live.js'
import { buyNowOpen } from './bidding.js'

export type PanelNotice = { ok: boolean; text: string; values?: { amount?: string; max_amount?: string }; errors?: { amount?: string; max_amount?: string } }

export async function listingPanel(c: Context<AppEnv>, listing: { id: string; sale_type: string; status: string }, view: ListingView, availability: Availability, notice?: PanelNotice) {
  const loginPath = `/login?next=${encodeURIComponent(`/listings/${listing.id}`)}`
  const viewer = c.var.viewer
  const state = (await loadLiveStates(c.var.db, [listing.id])).get(listing.id)!
  const data = presentLive(state, viewer?.company?.id ?? null, viewerTimeZone(c, viewer?.company?.country), c.var.clock())
  const live = state.status === 'live'
  // The region a page keeps current over SSE while the listing is on the market.
  const region = (
    <div id="live-auction" aria-live="polite"
      hx-sse:connect={live ? `/listings/${listing.id}/live?v=${state.version}` : undefined}
      hx-sse:close={live ? 'closed' : undefined}>
      <LivePanel data={data} />
    </div>
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
    <section class="price-panel" aria-labelledby="price-heading">
      <h2 id="price-heading" class="visually-hidden">Price and bids</h2>
      {region}
      {notice && availability.kind !== 'bid' && <Notice kind={notice.ok ? 'success' : 'error'}>{notice.text}</Notice>}
      {availability.kind === 'bid' && (
        <>
          <BidForm listingId={listing.id} csrfToken={c.var.csrfToken} idempotencyKey={generateToken()} minimumBid={data.minimumBid ?? ''}
            message={notice} values={notice?.values} errors={notice?.errors} />
          {buyNowOpen(state) && (
            <BuyForm listingId={listing.id} csrfToken={c.var.csrfToken} label={`Buy now for ${formatMoney(state.buyNowPrice!, state.currency)}`} />
          )}
        </>
      )}
      <Unavailable availability={availability} loginPath={loginPath} />
      {live && <p class="refresh"><a href={`/listings/${listing.id}`}>Refresh</a> to see the latest bids.</p>}
    </section>
  )
}

/** The live region's HTML for one kind of viewer, as sent over SSE. */
export function renderLivePanel(state: LiveState, viewer: { companyId: string | null; timeZone: string }, now: Date): string {
  return String(<LivePanel data={presentLive(state, viewer.companyId, viewer.timeZone, now)} />)
}
