// The part of a listing page that changes while it is on the market: an auction's price, bids
// and time, a fixed-price lot's price and whether it is still for sale. Rendered on the page and
// sent again, whole, over SSE whenever the listing changes.
import type { LivePanelData } from '../../src/auctions/live-panel-data.js'

/**
 * Screen readers are told only the price and the viewer's status (public/js/countdown.js reads
 * the elements marked data-live="price" and "status" into the page's one announcer), not the
 * whole panel each time it is swapped.
 */
export function LivePanel(props: { data: LivePanelData }) {
  const d = props.data
  // data-ended lets the stylesheet hide the bid and buy buttons beside the region once an update
  // says the listing is over, so a page left open never offers what can no longer be done.
  const status = d.statusText && <p class="status-line" data-ended={d.ended ? '' : undefined}><strong data-live={d.personal ? undefined : 'status'}>{d.statusText}</strong></p>
  const price = (
    <>
      <p class="price">
        <span class="label">{d.priceLabel}</span> <strong data-live="price">{d.price}</strong>
        {d.unitPrice && <> <span class="unit-price">{d.unitPrice}</span></>}
      </p>
      <p class="hint vat-note">Excluding VAT (see <a href="#vat">VAT</a>)</p>
    </>
  )
  const personal = d.personal && <p class={`personal ${d.personal.kind}`} data-live="status">{d.personal.text}</p>
  // Without script the page says how old its news is; with it, the countdown and live updates keep it current.
  const asOf = !d.ended && (
    <p class="as-of hint">As of {d.clock.asOf} <a href={`/listings/${d.listingId}`}>Refresh</a></p>
  )
  if (d.saleType === 'fixed_price') return <>{status}{price}{personal}{asOf}</>
  return (
    <>
      {status}
      {price}
      <p>
        <span data-live="bids">{d.bidCount} bid{d.bidCount === 1 ? '' : 's'}</span>
        {d.reserve && <> · reserve {d.reserve}</>}
        {d.buyNow && !d.ended && <> · buy now {d.buyNow}</>}
      </p>
      {d.opens && <p>Bidding opens <time datetime={d.opens.iso}>{d.opens.text}</time></p>}
      {d.ends && !d.ended && (
        // The countdown (public/js/countdown.js) counts to data-ends from the server's clock.
        <p class="time-left" data-ends={d.ends.iso} data-server-now={d.clock.serverNow}>
          <span class="countdown">Ends in <strong>{d.ends.left}</strong></span><br />
          <time datetime={d.ends.iso} data-live="ends">{d.ends.text}</time>
        </p>
      )}
      {d.ends?.extended && !d.ended && (
        <p class="extended">Extended: a bid came in at <time datetime={d.ends.extended.iso}>{d.ends.extended.text}</time>, in the last 2 minutes, so bidding runs 2 minutes past it.</p>
      )}
      {asOf}
      {d.ends && d.ended && <p>Ended <time datetime={d.ends.iso}>{d.ends.text}</time></p>}
      {d.minimumBid && !d.ended && <p class="hint" id="minimum-bid">Next bid at least <strong>{d.minimumBid}</strong></p>}
      {personal}
      <section class="bid-history-part" aria-labelledby="bid-history-heading" data-last-bid={d.lastBidAt ?? undefined}>
        <h3 id="bid-history-heading">Bid history</h3>
        {d.history.length === 0 ? <p>No bids yet.</p> : (
          <ol class="bid-history" reversed>
            {d.history.map((h) => (
              <li>{h.bidder}{h.auto ? ' (automatic)' : ''} — <strong>{h.amount}</strong> — <time datetime={h.iso}>{h.time}</time></li>
            ))}
          </ol>
        )}
      </section>
    </>
  )
}
