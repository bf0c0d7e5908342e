// Turns listing rows into the plain view data the pages show: money formatted, times in the
// viewer's zone, codes into words.
import type { ListingStatus } from '../db/types.js'
import type { GoodsView, ListingView } from './listing-view.js'
import type { FormValues } from '../web/forms.js'
import { COUNTRIES } from '../lib/countries.js'
import { formatMoney, moneyInputValue } from '../lib/money.js'
import { utcToZonedLocal } from '../lib/time.js'
import { LOGISTICS_LABELS, RECURRENCE_LABELS, UNIT_LABELS } from './schemas.js'
import type { ListingDetails } from './queries.js'

export const STATUS_LABELS: Record<ListingStatus, string> = {
  draft: 'Draft', pending_review: 'Awaiting review', live: 'Live', ended: 'Ended', withdrawn: 'Withdrawn', rejected: 'Rejected',
}

export function formatQuantity(quantity: string | number, unit: keyof typeof UNIT_LABELS) {
  const n = Number(quantity)
  return `${n.toLocaleString('en-GB', { maximumFractionDigits: 3 })} ${UNIT_LABELS[unit]}`
}

const MASS_IN_TONNES: Partial<Record<keyof typeof UNIT_LABELS, number>> = { kg: 0.001, t: 1 }
const PER_UNIT: Record<keyof typeof UNIT_LABELS, string> = { kg: 'tonne', t: 'tonne', m3: 'm³', l: 'litre', pcs: 'piece', pallets: 'pallet' }

/**
 * "€50.00 per tonne": the total over the lot's size, so lots of different sizes compare. Mass is
 * always priced per tonne (as the trade quotes it), other units per unit.
 */
export function formatUnitPrice(totalMinor: number, quantity: number, unit: keyof typeof UNIT_LABELS, currency: string): string | null {
  const size = quantity * (MASS_IN_TONNES[unit] ?? 1)
  if (!(size > 0) || !Number.isFinite(size)) return null
  return `${formatMoney(Math.round(totalMinor / size), currency)} per ${PER_UNIT[unit]}`
}

/** "Lot 3F2A9C1B": the first eight characters of the listing's id, a short number to quote on the phone or in an email. */
export function lotNumber(id: string): string {
  return `Lot ${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`
}

type Priced = { sale_type: string; fixed_price: number | null; current_price: number | null; start_price: number | null }

/** The price a buyer sees, in minor units: the fixed price, or the current (else starting) auction price. */
export function shownPrice(l: Priced): number | null {
  return l.sale_type === 'fixed_price' ? l.fixed_price : (l.current_price ?? l.start_price)
}

/** shownPrice with its label, formatted. */
export function displayPrice(l: Priced & { currency: string }) {
  const amount = formatMoney(shownPrice(l) ?? 0, l.currency)
  if (l.sale_type === 'fixed_price') return { label: 'Price', amount }
  return { label: l.current_price !== null ? 'Current bid' : 'Starting bid', amount }
}

type GoodsRow = {
  ewc_display_code: string | null; ewc_description: string | null; ewc_hazardous: boolean | null
  quantity: string | number; unit: keyof typeof UNIT_LABELS; actual_weight_kg?: string | number | null; location_postcode: string; location_city: string; location_country: string
  logistics: keyof typeof LOGISTICS_LABELS; logistics_note: string; recurrence: keyof typeof RECURRENCE_LABELS
}

/** The goods as words: waste code, quantity, place, collection terms, supply. */
export function presentGoods(l: GoodsRow): GoodsView {
  return {
    ewc: l.ewc_display_code ? { displayCode: l.ewc_display_code, description: l.ewc_description ?? '', hazardous: Boolean(l.ewc_hazardous) } : null,
    quantity: l.actual_weight_kg != null && l.unit !== 'kg'
      ? `${formatQuantity(l.quantity, l.unit)}, weighed at ${formatQuantity(l.actual_weight_kg, 'kg')}` : formatQuantity(l.quantity, l.unit),
    location: `${l.location_postcode} ${l.location_city}, ${COUNTRIES[l.location_country] ?? l.location_country}`,
    logistics: LOGISTICS_LABELS[l.logistics],
    logisticsNote: l.logistics_note,
    recurrence: RECURRENCE_LABELS[l.recurrence],
  }
}

/** The listing page's data. An auction's price, bids, reserve and times come from its live panel (auctions/present-live.ts). */
export function presentListing(l: ListingDetails, photos: { id: string; width: number; height: number; variants: number[] }[]): ListingView {
  const price = displayPrice(l)
  const outcome = l.status === 'ended' && l.outcome ? ` (${l.outcome})` : ''
  return {
    id: l.id,
    lot: lotNumber(l.id),
    title: l.title,
    description: l.description,
    category: { slug: l.category_slug, name: l.category_name },
    ...presentGoods(l),
    saleType: l.sale_type,
    status: l.status,
    statusLabel: STATUS_LABELS[l.status] + outcome,
    statusReason: l.status_reason,
    seller: { name: l.seller_name, country: COUNTRIES[l.seller_country] ?? l.seller_country },
    priceLabel: price.label,
    price: price.amount,
    photos,
  }
}

/** A stored listing as form values, for the edit form. */
export function listingFormValues(l: ListingDetails, timeZone: string): FormValues {
  return {
    title: l.title, description: l.description, category: l.category_slug, ewc_code: l.ewc_display_code ?? '',
    quantity: String(Number(l.quantity)), unit: l.unit, actual_weight_kg: l.actual_weight_kg === null ? '' : String(Number(l.actual_weight_kg)), location_city: l.location_city, location_postcode: l.location_postcode,
    location_country: l.location_country, logistics: l.logistics, logistics_note: l.logistics_note, recurrence: l.recurrence,
    sale_type: l.sale_type, fixed_price: moneyInputValue(l.fixed_price), start_price: moneyInputValue(l.start_price),
    reserve_price: moneyInputValue(l.reserve_price), bid_increment: moneyInputValue(l.bid_increment),
    buy_now_price: moneyInputValue(l.buy_now_price),
    starts_at: l.starts_at ? utcToZonedLocal(l.starts_at, timeZone) : '', ends_at: l.ends_at ? utcToZonedLocal(l.ends_at, timeZone) : '',
  }
}
