// Price guidance: what a category and unit sold for in completed deals of the last 12 months.
// The trend is a small SVG drawn on the server (no script), its figures in words beside it.
import type { PriceGuide } from '../../src/pricing/price-guidance.js'
import { MIN_DEALS, MIN_SELLERS } from '../../src/pricing/price-guidance.js'
import { formatMoney } from '../../src/lib/money.js'
import { UNIT_SINGULAR } from '../../src/pricing/units.js'

export const GUIDANCE_ID = 'price-guidance'

/** "€112.50 per tonne" */
export const perUnit = (minor: number, guide: Pick<PriceGuide, 'currency' | 'unit'>) => `${formatMoney(minor, guide.currency)} per ${UNIT_SINGULAR[guide.unit]}`

function Trend(props: { guide: PriceGuide }) {
  const months = props.guide.months
  if (months.length < 2) return null
  const width = 240
  const height = 56
  const values = months.map((m) => m.median)
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const x = (i: number) => 4 + (i / (months.length - 1)) * (width - 8)
  const y = (v: number) => (hi === lo ? height / 2 : 6 + (1 - (v - lo) / (hi - lo)) * (height - 12))
  const points = months.map((m, i) => `${x(i).toFixed(1)},${y(m.median).toFixed(1)}`).join(' ')
  const words = months.map((m) => `${m.month}: ${formatMoney(m.median, props.guide.currency)} (${m.deals} deals)`).join('; ')
  return (
    <figure class="trend">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`Median price by month: ${words}`} xmlns="http://www.w3.org/2000/svg">
        <polyline points={points} fill="none" stroke="#1e6b47" stroke-width="2" />
        {months.map((m, i) => <circle cx={x(i).toFixed(1)} cy={y(m.median).toFixed(1)} r="2.5" fill="#1e6b47"><title>{`${m.month}: ${formatMoney(m.median, props.guide.currency)}`}</title></circle>)}
      </svg>
      <figcaption>Median by month, {months[0]!.month} to {months[months.length - 1]!.month}</figcaption>
    </figure>
  )
}

/** The guide for one category and unit; `yours` is the seller's own price per unit, when known. */
export function PriceGuidePanel(props: { guide: PriceGuide | null; yours?: number | null }) {
  const g = props.guide
  if (!g) return <p class="hint">Choose a category and a unit to see what such lots sold for.</p>
  const unitWord = UNIT_SINGULAR[g.unit]
  if (!g.enough) {
    return (
      <div class="price-guide">
        <p><strong>Price guidance for {g.categoryName} by the {unitWord}:</strong> not enough data yet.</p>
        <p class="hint">It takes at least {MIN_DEALS} completed deals from {MIN_SELLERS} different sellers in the last 12 months; there {g.deals === 1 ? 'is' : 'are'} {g.deals}.</p>
      </div>
    )
  }
  return (
    <div class="price-guide">
      <p><strong>{g.categoryName} sold for {perUnit(g.median!, g)}</strong> (median), most between {formatMoney(g.q1!, g.currency)} and {formatMoney(g.q3!, g.currency)}.</p>
      <p class="hint">From {g.deals} completed deals in the last 12 months, in {g.currency}, before VAT. The middle half of prices lies in that range.</p>
      {props.yours != null && (
        <p>Your price: <strong>{perUnit(props.yours, g)}</strong>{props.yours < g.q1! ? ', below most.' : props.yours > g.q3! ? ', above most.' : ', within the usual range.'}</p>
      )}
      <Trend guide={g} />
    </div>
  )
}

/** The panel on the listing form: filled by the server, and again by htmx whenever category or unit change. */
export function PriceGuideSlot(props: { guide: PriceGuide | null }) {
  return (
    <section class="price-guide-slot" aria-labelledby="guide-heading">
      <h2 id="guide-heading">What such lots sell for</h2>
      <div id={GUIDANCE_ID} aria-live="polite" hx-get="/market-prices/guide" hx-trigger="change from:#f-category, change from:#f-unit"
        hx-include="#f-category, #f-unit" hx-swap="innerHTML">
        <PriceGuidePanel guide={props.guide} />
      </div>
    </section>
  )
}

export function MarketPricesPage(props: { guides: PriceGuide[] }) {
  return (
    <section>
      <h1>Market prices</h1>
      <p>What materials sold for on NordicLoop in completed deals of the last 12 months, per unit, before VAT. A material and unit appears once it has at least {MIN_DEALS} completed deals from {MIN_SELLERS} different sellers, so no figure is one company's price.</p>
      {props.guides.length === 0 ? <p>Not enough completed deals yet to show any price.</p> : (
        <ul class="cards market-prices">
          {props.guides.map((g) => (
            <li class="card">
              <h2>{g.categoryName} <small>by the {UNIT_SINGULAR[g.unit]}</small></h2>
              <PriceGuidePanel guide={g} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
