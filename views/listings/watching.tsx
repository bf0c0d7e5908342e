import { WatchButton } from './watch-button.js'
import { HazardLabel } from '../components/hazard-label.js'

export type WatchedRow = {
  id: string
  title: string
  category: string
  location: string
  statusLabel: string
  live: boolean
  priceLabel: string
  price: string
  bids: number | null
  /** "2 d 4 h" and the absolute end in the viewer's zone, for live auctions. */
  endsAt: { left: string; text: string; iso: string } | null
}

export function WatchingPage(props: { rows: (WatchedRow & { hazardous?: boolean })[]; csrfToken: string }) {
  return (
    <section>
      <h1>Watching</h1>
      {props.rows.length === 0 ? (
        <p>You are not watching any listing. Use the <strong>Watch</strong> button on a listing to follow it here. <a href="/listings">Browse listings</a></p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">Listing</th><th scope="col">Price</th><th scope="col">Time left</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Action</span></th></tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td><a href={`/listings/${r.id}`}>{r.title}</a>{r.hazardous && <> <HazardLabel /></>}<br /><small class="hint">{r.category} · {r.location}</small></td>
                  <td><span class="label">{r.priceLabel}</span> {r.price}{r.bids !== null && <><br /><small class="hint">{r.bids} bid{r.bids === 1 ? '' : 's'}</small></>}</td>
                  <td>{r.live && r.endsAt ? <><strong>{r.endsAt.left}</strong><br /><time datetime={r.endsAt.iso}><small>{r.endsAt.text}</small></time></> : '—'}</td>
                  <td>{r.statusLabel}</td>
                  <td><WatchButton listingId={r.id} watching csrfToken={props.csrfToken} back="/watching" compact /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
