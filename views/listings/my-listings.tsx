import type { ListingStatus } from '../../src/listings/listing-view.js'
import { STATUS_LABELS, displayPrice } from '../../src/listings/present.js'
import { formatDateTime, formatTimeLeft } from '../../src/lib/time.js'
import { Notice } from '../components/form.js'
import { HazardLabel } from '../components/hazard-label.js'
import { DashboardRows, type Column } from '../components/dashboard-rows.js'

type Row = {
  id: string; title: string; status: ListingStatus; outcome: 'sold' | 'unsold' | null; sale_type: string; fixed_price: number | null
  start_price: number | null; current_price: number | null; currency: string; bid_count: number; status_reason: string | null; category_name: string
  ends_at: Date | null
  /** Its EWC code is hazardous (marked *). */
  hazardous?: boolean
}

const notices: Record<string, string> = {
  submitted: 'Your listing was sent for review. We will email you when it is live.',
  withdrawn: 'The listing was withdrawn.',
}

const ORDER: ListingStatus[] = ['live', 'pending_review', 'draft', 'rejected', 'ended', 'withdrawn']

// What each group means for the seller, and what they can do about it.
const GROUP_HINTS: Partial<Record<ListingStatus, string>> = {
  pending_review: 'An administrator checks each listing before it goes live.',
  draft: 'Only your company sees drafts. Finish one and send it for review.',
  rejected: 'Change what the reason asks for and send the listing for review again.',
}

type Sale = { buyer: string; amount: string; dealId: string; dealNumber: number }

/** Ended listings: who bought and for how much (and the deal that follows it), or that nothing was sold. */
function outcomeNote(l: Row, sold: Record<string, Sale> | undefined) {
  const sale = sold?.[l.id]
  if (sale) return <>Sold to {sale.buyer} for {sale.amount} · <a href={`/deals/${sale.dealId}`}>Deal {sale.dealNumber}</a></>
  // A sold listing always has its sale; without one (data made by hand), say what the listing says.
  return l.outcome === 'sold' ? 'sold' : 'Not sold'
}

/** The columns of one status group: only live listings have a time left; drafts and rejected ones can be edited. */
function columns(status: ListingStatus, ctx: { now: Date; timeZone?: string; sold?: Record<string, Sale> }): Column<Row>[] {
  const editable = status === 'draft' || status === 'rejected'
  return [
    {
      label: 'Listing',
      cell: (l) => <>
        <a href={`/listings/${l.id}`}>{l.title}</a>{l.hazardous && <> <HazardLabel /></>}
        {editable && <> · <a href={`/listings/${l.id}/edit`}>Edit<span class="visually-hidden"> {l.title}</span></a></>}
      </>,
    },
    { label: 'Category', cell: (l) => l.category_name },
    { label: 'Price', cell: (l) => displayPrice(l).amount },
    { label: 'Bids', cell: (l) => (l.sale_type === 'auction' ? l.bid_count : '—') },
    ...(status === 'live' ? [{
      label: 'Time left',
      cell: (l: Row) => l.ends_at ? (
        <>in {formatTimeLeft(l.ends_at, ctx.now)}{ctx.timeZone && <><br /><small><time datetime={l.ends_at.toISOString()}>{formatDateTime(l.ends_at, ctx.timeZone)}</time></small></>}</>
      ) : '—',
    }] : []),
    { label: 'Note', cell: (l) => (l.status === 'ended' ? outcomeNote(l, ctx.sold) : l.status_reason ?? '') },
  ]
}

export function MyListingsPage(props: {
  listings: Row[]; notice?: string; canCreate: boolean; now?: Date; timeZone?: string
  /** Sales of the company's listings by listing id, with the buyer's company, the amount and the deal. */
  sold?: Record<string, Sale>
}) {
  const now = props.now ?? new Date()
  return (
    <section>
      <h1>My listings</h1>
      {props.notice && notices[props.notice] && <Notice kind="success">{notices[props.notice]}</Notice>}
      {props.canCreate && <p><a class="button" href="/listings/new">New listing</a></p>}
      {props.listings.length === 0 && <p>You have no listings yet.</p>}
      {props.listings.length > 0 && (
        <nav aria-label="Listings by status">
          <p>
            {ORDER.filter((s) => props.listings.some((l) => l.status === s)).map((s, i) => (
              <>{i > 0 && ' · '}<a href={`#status-${s}`}>{STATUS_LABELS[s]} ({props.listings.filter((l) => l.status === s).length})</a></>
            ))}
          </p>
        </nav>
      )}
      {ORDER.map((status) => {
        const rows = props.listings.filter((l) => l.status === status)
        if (rows.length === 0) return null
        return (
          <>
            <h2 id={`status-${status}`}>{STATUS_LABELS[status]} <span class="count">({rows.length})</span></h2>
            {GROUP_HINTS[status] && <p class="hint">{GROUP_HINTS[status]}</p>}
            <DashboardRows rows={rows} columns={columns(status, { now, timeZone: props.timeZone, sold: props.sold })} />
          </>
        )
      })}
    </section>
  )
}
