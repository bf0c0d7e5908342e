// The dashboards' rows (My listings, My bids, Won and bought, Watching, Deals): one table,
// which the stylesheet turns into one card a row on a phone. Each cell carries its column's
// name (data-label), shown before it on the card, so price, bids and time left stay labelled
// and in view without a sideways scroll. The first column is the card's title.
import type { Child } from 'hono/jsx'

export type Column<Row> = {
  label: string
  cell: (row: Row) => Child
  /** The column's name is for screen readers only (e.g. a column of buttons). */
  quiet?: boolean
}

export function DashboardRows<Row>(props: { columns: Column<Row>[]; rows: Row[] }) {
  return (
    <div class="table-wrap">
      <table class="card-table">
        <thead>
          <tr>{props.columns.map((c) => <th scope="col">{c.quiet ? <span class="visually-hidden">{c.label}</span> : c.label}</th>)}</tr>
        </thead>
        <tbody>
          {props.rows.map((row) => <tr>{props.columns.map((c) => <td data-label={c.quiet ? '' : c.label}>{c.cell(row)}</td>)}</tr>)}
        </tbody>
      </table>
    </div>
  )
}
