// Every deal, newest first, of one state or all, each linking to its deal page.
import type { DealListRow } from '../../src/admin/deal-present.js'
import type { DealStatus } from '../../src/deals/deal-rules.js'
import { AdminFrame } from './nav.js'

export function DealListPage(props: {
  rows: DealListRow[]
  limit: number
  status: DealStatus | ''
  /** Each state with its words and how many deals are in it. */
  states: { value: DealStatus; label: string; count: number }[]
}) {
  const n = props.rows.length
  const current = props.states.find((s) => s.value === props.status)
  return (
    <AdminFrame current="deals" title="Deals">
      <form method="get" action="/admin/deals" class="search-form">
        <div class="field">
          <label for="deal-status">State</label>
          <select id="deal-status" name="status">
            <option value="">All states</option>
            {props.states.map((s) => <option value={s.value} selected={s.value === props.status}>{s.label} ({s.count})</option>)}
          </select>
        </div>
        <button type="submit" class="secondary">Show</button>
      </form>
      {n === 0 && <p>No deal{current ? ` is ${current.label}` : ' yet'}.</p>}
      {n > 0 && <p>{n === props.limit ? `The newest ${n}` : `${n} ${n === 1 ? 'deal' : 'deals'}`}{current && `, ${current.label}`}, newest first.</p>}
      {n > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">Deal</th><th scope="col">Seller → buyer</th><th scope="col">Price</th><th scope="col">State</th><th scope="col">Next</th><th scope="col">Made</th></tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td><a href={`/deals/${r.id}`}>Deal {r.number}</a>: {r.title}</td>
                  <td>{r.seller} → {r.buyer}</td>
                  <td>{r.amount}</td>
                  <td><span class={r.urgent ? 'badge warn' : 'badge'}>{r.status}</span></td>
                  <td>{r.next}</td>
                  <td><time datetime={r.created.iso}>{r.created.utc}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminFrame>
  )
}
