import { WatchButton } from './watch-button.js'
import { HazardLabel } from '../components/hazard-label.js'
import { DashboardRows, type Column } from '../components/dashboard-rows.js'

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

type Row = WatchedRow & { hazardous?: boolean }

const columns = (csrfToken: string): Column<Row>[] => [
  { label: 'Listing', cell: (r) => <><a href={`/listings/${r.id}`}>{r.title}</a>{r.hazardous && <> <HazardLabel /></>}<br /><small class="hint">{r.category} · {r.location}</small></> },
  { label: 'Price', cell: (r) => <><span class="label">{r.priceLabel}</span> {r.price}</> },
  { label: 'Bids', cell: (r) => (r.bids === null ? '—' : `${r.bids} bid${r.bids === 1 ? '' : 's'}`) },
  { label: 'Time left', cell: (r) => (r.live && r.endsAt ? <><strong>{r.endsAt.left}</strong><br /><time datetime={r.endsAt.iso}><small>{r.endsAt.text}</small></time></> : '—') },
  { label: 'Status', cell: (r) => r.statusLabel },
  { label: 'Action', quiet: true, cell: (r) => <WatchButton listingId={r.id} watching csrfToken={csrfToken} back="/watching" compact /> },
]

export function WatchingPage(props: { rows: Row[]; csrfToken: string }) {
  return (
    <section>
      <h1>Watching</h1>
      {props.rows.length === 0 ? (
        <p>You are not watching any listing. Use the <strong>Watch</strong> button on a listing to follow it here. <a href="/listings">Browse listings</a></p>
      ) : (
        <DashboardRows rows={props.rows} columns={columns(props.csrfToken)} />
      )}
    </section>
  )
}
