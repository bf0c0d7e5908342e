// A report table with its CSV link; on a phone each row becomes a labelled card (the
// dashboards' card-table). Columns only the CSV needs (a source's URL) are left out here.
import { IMPACT_PATH, type ReportTable } from '../../src/impact/present.js'

/** A report table; on a phone each row becomes a labelled card. */
export function TableSection(props: { table: ReportTable; query?: string }) {
  const { table } = props
  const shown = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => !c.csvOnly)
  return (
    <section class="report-table" aria-labelledby={`t-${table.key}`}>
      <h2 id={`t-${table.key}`}>{table.heading}</h2>
      <div class="table-wrap">
        <table class="card-table">
          <thead><tr>{shown.map(({ c }) => <th scope="col" class={c.num ? 'num' : undefined}>{c.label}</th>)}</tr></thead>
          <tbody>
            {table.rows.map((row) => (
              <tr>{shown.map(({ c, i }) => {
                const cell = row[i]!
                return <td data-label={c.label} class={c.num ? 'num' : undefined}>{cell.href ? <a href={cell.href}>{cell.text}</a> : cell.text}</td>
              })}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="csv-link"><a href={`${IMPACT_PATH}/${table.key}.csv${props.query ? `?${props.query}` : ''}`} download>Download “{table.heading}” as CSV</a></p>
    </section>
  )
}
