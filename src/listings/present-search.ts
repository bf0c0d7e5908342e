// Search rows as the plain data a result card shows: money formatted, times in the viewer's zone.
import { COUNTRIES } from '../lib/countries.js'
import { formatDateTime, formatTimeLeft } from '../lib/time.js'
import type { ResultCardView } from './listing-view.js'
import { displayPrice, formatQuantity } from './present.js'
import type { UNIT_LABELS } from './schemas.js'
import { SORT_LABELS, type SearchRow, type SearchSort } from './search.js'

export function presentResult(row: SearchRow, timeZone: string, now: Date): ResultCardView {
  const price = displayPrice({ sale_type: row.saleType, fixed_price: row.fixedPrice, current_price: row.currentPrice, start_price: row.startPrice, currency: row.currency })
  const auction = row.saleType === 'auction'
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    quantity: formatQuantity(row.quantity, row.unit as keyof typeof UNIT_LABELS),
    location: `${row.city}, ${COUNTRIES[row.country] ?? row.country}`,
    saleType: row.saleType,
    saleLabel: auction ? 'Auction' : 'Fixed price',
    priceLabel: price.label,
    price: price.amount,
    bidCount: auction ? row.bidCount : null,
    endsAt: row.endsAt ? { iso: row.endsAt.toISOString(), text: formatDateTime(row.endsAt, timeZone), left: formatTimeLeft(row.endsAt, now) } : null,
    startsAt: row.startsAt && row.startsAt > now ? { iso: row.startsAt.toISOString(), text: formatDateTime(row.startsAt, timeZone) } : null,
    photo: row.photo,
    sellerId: row.sellerId,
    hazardous: row.hazardous,
  }
}

/** The sentence above the results: how many are shown, and in which order. */
export function resultsSummary(count: number, sort: SearchSort, continued: boolean): string {
  if (count === 0) return continued ? 'No more listings match.' : 'No live listings match. Try fewer words or filters.'
  const shown = `${count} live listing${count === 1 ? '' : 's'}${continued ? ' (continued)' : ''}`
  return `${shown} · sorted by ${SORT_LABELS[sort].toLowerCase()}`
}
