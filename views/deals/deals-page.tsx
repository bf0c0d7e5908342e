// "Deals": everything the company bought or sold, grouped by what it needs from them.
import type { DealListGroups, DealListItem } from '../../src/deals/present-list.js'
import { DashboardRows, type Column } from '../components/dashboard-rows.js'

const COLUMNS: Column<DealListItem>[] = [
  { label: 'Deal', cell: (d) => <a href={`/deals/${d.id}`}>Deal {d.number}: {d.title}</a> },
  { label: 'With', cell: (d) => d.side },
  { label: 'Amount', cell: (d) => d.amount },
  { label: 'State', cell: (d) => <span class="badge">{d.status}</span> },
  { label: 'Next step', cell: (d) => <strong>{d.next}</strong> },
]

export function DealsPage(props: { groups: DealListGroups }) {
  const { act, waiting, finished } = props.groups
  const none = act.length + waiting.length + finished.length === 0
  return (
    <section class="stack">
      <h1>Deals</h1>
      {none && <p>No deals yet. When your company wins an auction, buys a lot or sells one, the deal is followed here until the money is paid out. <a href="/listings">Browse listings</a></p>}
      {act.length > 0 && <><h2>Needs your action ({act.length})</h2><DashboardRows rows={act} columns={COLUMNS} /></>}
      {waiting.length > 0 && <><h2>Waiting on others</h2><DashboardRows rows={waiting} columns={COLUMNS} /></>}
      {finished.length > 0 && <><h2>Finished</h2><DashboardRows rows={finished} columns={COLUMNS} /></>}
    </section>
  )
}
