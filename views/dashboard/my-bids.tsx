// "My bids": every auction the company bid on, in four groups by what it means for them now.
import type { BidGroup, BidRow } from '../../src/dashboard/dashboard-view.js'
import { HazardLabel } from '../components/hazard-label.js'
import { DashboardRows, type Column } from '../components/dashboard-rows.js'

const GROUPS: { group: BidGroup; title: string; hint: string }[] = [
  { group: 'leading', title: 'Leading', hint: 'You are the highest bidder. Nothing to do unless someone bids more.' },
  { group: 'outbid', title: 'Outbid', hint: 'Another company bid more. Bid again before the auction ends.' },
  { group: 'won', title: 'Won', hint: 'You won these. The seller will be in touch; see Won and bought for the state of each sale.' },
  { group: 'lost', title: 'Lost', hint: 'Ended without a sale to you.' },
]

const plural = (n: number) => `${n} bid${n === 1 ? '' : 's'}`

type Row = BidRow & { hazardous?: boolean }

/** A running auction shows the price now and the time left; an ended one its final price and end. */
const columns = (live: boolean): Column<Row>[] => [
  {
    label: 'Auction',
    cell: (r) => <>
      <a href={`/listings/${r.id}`}>{r.title}</a>{r.hazardous && <> <HazardLabel /></>}
      {r.note && <><br /><small class="hint">{r.note}</small></>}
    </>,
  },
  { label: live ? 'Current price' : 'Final price', cell: (r) => <>{r.price}{r.reserve && <><br /><small class="hint">Reserve {r.reserve}</small></>}</> },
  { label: 'Your highest bid', cell: (r) => <>{r.myHighest}{r.myMaximum && <><br /><small class="hint">Your maximum {r.myMaximum}</small></>}</> },
  { label: 'Bids', cell: (r) => plural(r.bidCount) },
  {
    label: live ? 'Time left' : 'Ended',
    cell: (r) => r.time ? (
      r.time.live
        ? <><strong>{r.time.left}</strong><br /><small><time datetime={r.time.iso}>{r.time.text}</time></small></>
        : <time datetime={r.time.iso}>{r.time.text}</time>
    ) : '—',
  },
]

export function MyBidsPage(props: { rows: Row[]; finishedLimited: boolean }) {
  const count = (g: BidGroup) => props.rows.filter((r) => r.group === g).length
  return (
    <section>
      <h1>My bids</h1>
      {props.rows.length === 0 ? (
        <p>Your company has not bid on any auction yet. <a href="/listings">Browse listings</a></p>
      ) : (
        <nav aria-label="Bids by state">
          <p>
            {GROUPS.map((g, i) => <>{i > 0 && ' · '}<a href={`#bids-${g.group}`}>{g.title} ({count(g.group)})</a></>)}
          </p>
        </nav>
      )}
      {props.rows.length > 0 && GROUPS.map((g) => {
        const rows = props.rows.filter((r) => r.group === g.group)
        const live = g.group === 'leading' || g.group === 'outbid'
        return (
          <>
            <h2 id={`bids-${g.group}`}>{g.title} <span class="count">({rows.length})</span></h2>
            {rows.length === 0 ? <p class="hint">None.</p> : (
              <>
                <p class="hint">{g.hint}</p>
                <DashboardRows rows={rows} columns={columns(live)} />
              </>
            )}
          </>
        )
      })}
      {props.finishedLimited && <p class="hint">Only the most recently ended auctions are shown.</p>}
    </section>
  )
}
