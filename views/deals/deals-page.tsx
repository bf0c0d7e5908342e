// "Deals": everything the company bought or sold, grouped by what it needs from them.
import type { DealListGroups, DealListItem } from '../../src/deals/present-list.js'

function DealList(props: { items: DealListItem[] }) {
  return (
    <ul class="deal-list stack">
      {props.items.map((d) => (
        <li class="card">
          <h3><a href={`/deals/${d.id}`}>Deal {d.number}: {d.title}</a></h3>
          <p>{d.side} · {d.amount} · <span class="badge">{d.status}</span></p>
          <p><strong>{d.next}</strong></p>
        </li>
      ))}
    </ul>
  )
}

export function DealsPage(props: { groups: DealListGroups }) {
  const { act, waiting, finished } = props.groups
  const none = act.length + waiting.length + finished.length === 0
  return (
    <section class="stack">
      <h1>Deals</h1>
      {none && <p>No deals yet. When your company wins an auction, buys a lot or sells one, the deal is followed here until the money is paid out. <a href="/listings">Browse listings</a></p>}
      {act.length > 0 && <><h2>Needs your action ({act.length})</h2><DealList items={act} /></>}
      {waiting.length > 0 && <><h2>Waiting on others</h2><DealList items={waiting} /></>}
      {finished.length > 0 && <><h2>Finished</h2><DealList items={finished} /></>}
    </section>
  )
}
