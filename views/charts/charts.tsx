// Charts drawn on the server as SVG, for the admin's platform dashboard: no script and no chart
// library, the same on screen, on a phone (they scale with their viewBox) and on paper. Colours
// are attributes (the CSP allows no inline style). Each chart's figures are also in a table
// under it, for screen readers and for anyone who wants the numbers.
export type Point = { label: string; value: number }

const INK = '#1d2521'
const BAR = '#1e6b47'
const GRID = '#d5dcd8'

function FiguresTable(props: { caption: string; points: Point[]; format: (v: number) => string; labelHeading: string }) {
  return (
    <details class="chart-figures">
      <summary>The figures</summary>
      <table>
        <caption>{props.caption}</caption>
        <thead><tr><th scope="col">{props.labelHeading}</th><th scope="col" class="num">Value</th></tr></thead>
        <tbody>{props.points.map((p) => <tr><th scope="row">{p.label}</th><td class="num">{props.format(p.value)}</td></tr>)}</tbody>
      </table>
    </details>
  )
}

/**
 * Columns over time, oldest on the left: one column per day or week. Only every few labels are
 * written, so they do not overlap; the table has them all.
 */
export function ColumnChart(props: { id: string; title: string; points: Point[]; format: (v: number) => string; labelHeading: string; shortLabel: (label: string) => string }) {
  const width = 480
  const height = 170
  const top = 14
  const bottom = 22
  const left = 58
  const plot = height - top - bottom
  const max = Math.max(...props.points.map((p) => p.value), 0)
  const step = (width - left) / Math.max(props.points.length, 1)
  const every = Math.ceil(props.points.length / 6)
  const y = (v: number) => top + plot - (max > 0 ? (v / max) * plot : 0)
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${props.id}-title`} xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">
        <title id={`${props.id}-title`}>{`${props.title} (the figures are in the table below)`}</title>
        <line x1={left} y1={top + plot} x2={width} y2={top + plot} stroke={GRID} />
        <line x1={left} y1={top} x2={width} y2={top} stroke={GRID} stroke-dasharray="3 3" />
        <text x={left - 4} y={top + 4} font-size="11" text-anchor="end" fill={INK}>{props.format(max)}</text>
        <text x={left - 4} y={top + plot} font-size="11" text-anchor="end" fill={INK}>0</text>
        {props.points.map((p, i) => {
          const h = top + plot - y(p.value)
          const x = left + i * step
          return (
            <g>
              <rect x={(x + step * 0.15).toFixed(1)} y={y(p.value).toFixed(1)} width={(step * 0.7).toFixed(1)} height={Math.max(h, p.value > 0 ? 1 : 0).toFixed(1)} fill={BAR}>
                <title>{`${p.label}: ${props.format(p.value)}`}</title>
              </rect>
              {i % every === 0 && <text x={(x + step / 2).toFixed(1)} y={height - 6} font-size="11" text-anchor="middle" fill={INK}>{props.shortLabel(p.label)}</text>}
            </g>
          )
        })}
      </svg>
      <figcaption>{props.title}</figcaption>
      <FiguresTable caption={props.title} points={props.points} format={props.format} labelHeading={props.labelHeading} />
    </figure>
  )
}

/** Horizontal bars, largest first, each label on its own line above its bar. */
export function BarsChart(props: { id: string; title: string; points: Point[]; format: (v: number) => string; labelHeading: string; empty: string }) {
  if (props.points.length === 0) return <p>{props.empty}</p>
  const width = 480
  const rowH = 34
  const valueRoom = 80
  const max = Math.max(...props.points.map((p) => p.value), 0)
  const height = props.points.length * rowH
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${props.id}-title`} xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">
        <title id={`${props.id}-title`}>{`${props.title} (the figures are in the table below)`}</title>
        {props.points.map((p, i) => {
          const w = max > 0 ? (p.value / max) * (width - valueRoom) : 0
          const top = i * rowH
          return (
            <g>
              <text x="0" y={top + 12} font-size="12" font-weight="600" fill={INK}>{p.label}</text>
              <rect x="0" y={top + 16} width={Math.max(w, p.value > 0 ? 1.5 : 0).toFixed(1)} height="12" fill={BAR}><title>{`${p.label}: ${props.format(p.value)}`}</title></rect>
              <text x={(w + 4).toFixed(1)} y={top + 26} font-size="11" fill={INK}>{props.format(p.value)}</text>
            </g>
          )
        })}
      </svg>
      <figcaption>{props.title}</figcaption>
      <FiguresTable caption={props.title} points={props.points} format={props.format} labelHeading={props.labelHeading} />
    </figure>
  )
}
