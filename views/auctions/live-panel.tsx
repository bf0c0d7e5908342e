// The part of a listing page that changes while it is on the market: an auction's price, bids
// and time, a fixed-price lot's price and whether it is still for sale. Rendered on the page and
// sent again, whole, over SSE whenever the listing changes.
import type { LivePanelData } from '../../src/auctions/live-panel-data.js'

export function LivePanel(props: { data: LivePanelData }) {
  const d = props.data
  // data-ended lets the stylesheet hide the bid and buy buttons beside the region once an update
  // says the listing is over, so a page left open never offers what can no longer be done.
  const status = d.statusText && <p class="status-line" data-ended={d.ended ? '' : undefined}><strong>{d.statusText}</strong></p>
  if (d.saleType === 'fixed_price') {
    return (
      <>
        {status}
        <p class="price"><span class="label">{d.priceLabel}</span> <strong data-live="price">{d.price}</strong></p>
        {d.personal && <p class={`personal ${d.personal.kind}`} role="status">{d.personal.text}</p>}
      </>
    )
  }
  return (
    <>
      {status}
      <p class="price"><span class="label">{d.priceLabel}</span> <strong data-live="price">{d.price}</strong></p>
      <p>
        <span data-live="bids">{d.bidCount} bid{d.bidCount === 1 ? '' : 's'}</span>
        {d.reserve && <> · reserve {d.reserve}</>}
        {d.buyNow && !d.ended && <> · buy now {d.buyNow}</>}
      </p>
      {d.opens && <p>Bidding opens <time datetime={d.opens.iso}>{d.opens.text}</time></p>}
      {d.ends && !d.ended && (
        <p>
          Ends in <strong>{d.ends.left}</strong><br />
          <time datetime={d.ends.iso} data-live="ends">{d.ends.text}</time>
        </p>
      )}
      {d.ends && d.ended && <p>Ended <time datetime={d.ends.iso}>{d.ends.text}</time></p>}
      {d.minimumBid && !d.ended && <p class="hint">Next bid at least <strong>{d.minimumBid}</strong></p>}
      {d.personal && <p class={`personal ${d.personal.kind}`} role="status">{d.personal.text}</p>}
      <h3>Bid history</h3>
      {d.history.length === 0 ? <p>No bids yet.</p> : (
        <ol class="bid-history" reversed>
          {d.history.map((h) => (
            <li>{h.bidder}{h.auto ? ' (automatic)' : ''} — <strong>{h.amount}</strong> — <time datetime={h.iso}>{h.time}</time></li>
          ))}
        </ol>
      )}
    </>
  )
}
