// "Won and bought": what the company bought, by auction, buy-now or at a fixed price, and
// where each sale stands.
import type { PurchaseView, DealStatus } from '../../src/dashboard/dashboard-view.js'
import { HazardLabel } from '../components/hazard-label.js'
import { DashboardRows, type Column } from '../components/dashboard-rows.js'

const STATUS_CLASS: Partial<Record<DealStatus, string>> = {
  awaiting_payment: 'badge warn', paid: 'badge ok', handed_over: 'badge ok', completed: 'badge ok', disputed: 'badge warn', cancelled: 'badge',
}

type Row = PurchaseView & { hazardous?: boolean }

const COLUMNS: Column<Row>[] = [
  { label: 'Listing', cell: (r) => <><a href={`/listings/${r.listingId}`}>{r.title}</a>{r.hazardous && <> <HazardLabel /></>}</> },
  { label: 'Seller', cell: (r) => r.seller },
  { label: 'Amount', cell: (r) => r.amount },
  { label: 'How', cell: (r) => r.kind },
  { label: 'State', cell: (r) => <><span class={STATUS_CLASS[r.status] ?? 'badge'}>{r.statusLabel}</span> <a href={`/deals/${r.dealId}`}>Deal {r.dealNumber}</a></> },
  { label: 'Date', cell: (r) => <time datetime={r.date.iso}>{r.date.text}</time> },
]

export function PurchasesPage(props: { rows: Row[]; limited: boolean }) {
  return (
    <section>
      <h1>Won and bought</h1>
      {props.rows.length === 0 ? (
        <p>Your company has not bought anything yet. Auctions you win and items you buy are listed here. <a href="/listings">Browse listings</a></p>
      ) : (
        <DashboardRows rows={props.rows} columns={COLUMNS} />
      )}
      {props.limited && <p class="hint">Only the most recent purchases are shown.</p>}
    </section>
  )
}
