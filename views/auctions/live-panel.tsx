// The part of an auction page that changes while people bid. Rendered on the page and sent
// again, whole, over SSE whenever the auction changes.
export type LivePanelData = {
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
  personal: { kind: 'leading' | 'outbid' | 'won' | 'lost'; text: string } | null
  history: { bidder: string; amount: string; iso: string; time: string; auto: boolean }[]
}

export function LivePanel(props: { data: LivePanelData }) {
  const d = props.data
  return (
    <>
      {d.statusText && <p class="status-line"><strong>{d.statusText}</strong></p>}
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
