// A horizontal bar chart drawn on the server as SVG: no script, no chart library, the same on
// screen, on a phone (it scales with the viewBox; each label sits on its own line above its
// bars) and on paper. Colours are attributes, not inline styles (the CSP allows none), and the
// two series differ in pattern too (bought is outlined), so a grey print still tells them apart.
// The numbers are also in the table after each chart; the SVG is labelled as an image.
import type { ChartRow } from '../../src/impact/present.js'

const WIDTH = 320
const LABEL_H = 20
const BAR_H = 15
const GAP = 3
const ROW_H = LABEL_H + 2 * BAR_H + GAP + 12
const VALUE_ROOM = 72
const SOLD = '#1e6b47'
const BOUGHT = '#cfe3ef'
const BOUGHT_EDGE = '#2a5f80'

const tonnes = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })

export function BarChart(props: { id: string; title: string; rows: ChartRow[] }) {
  const max = Math.max(...props.rows.flatMap((r) => [r.sold, r.bought]), 0)
  const scale = (v: number) => (max > 0 ? (v / max) * (WIDTH - VALUE_ROOM) : 0)
  const height = 28 + props.rows.length * ROW_H
  const bar = (y: number, value: number, series: 'sold' | 'bought', label: string) => {
    const w = Math.max(scale(value), value > 0 ? 1.5 : 0)
    return (
      <g>
        <rect x="0" y={y} width={w.toFixed(1)} height={BAR_H} fill={series === 'sold' ? SOLD : BOUGHT}
          stroke={series === 'bought' ? BOUGHT_EDGE : 'none'} stroke-width="1"><title>{`${label}, ${series}: ${tonnes.format(value)} t`}</title></rect>
        <text x={(w + 4).toFixed(1)} y={y + BAR_H - 2} font-size="13" fill="#1d2521">{`${tonnes.format(value)} t`}</text>
      </g>
    )
  }
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${props.id}-title`} xmlns="http://www.w3.org/2000/svg"
        font-family="system-ui, sans-serif">
        <title id={`${props.id}-title`}>{`${props.title} (the figures are in the table below)`}</title>
        <g font-size="13" fill="#1d2521">
          <rect x="0" y="4" width="12" height="12" fill={SOLD} />
          <text x="17" y="14">Sold</text>
          <rect x="66" y="4" width="12" height="12" fill={BOUGHT} stroke={BOUGHT_EDGE} stroke-width="1" />
          <text x="83" y="14">Bought (outlined)</text>
        </g>
        {props.rows.map((r, i) => {
          const top = 28 + i * ROW_H
          return (
            <g>
              <text x="0" y={top + 14} font-size="14" font-weight="600" fill="#1d2521">{r.label}</text>
              {bar(top + LABEL_H, r.sold, 'sold', r.label)}
              {bar(top + LABEL_H + BAR_H + GAP, r.bought, 'bought', r.label)}
            </g>
          )
        })}
      </svg>
      <figcaption>{props.title}</figcaption>
    </figure>
  )
}
