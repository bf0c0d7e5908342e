// Every link into a search is built here, from a typed query: pagination, "First page", the
// filter chips and "Clear all", a saved search's link, the address htmx shows, a login's way
// back. What is empty or the default is left out, and nothing rides along that the query does
// not hold (no stray parameter, no page cursor unless the link is to a next page), so a link
// never carries one search's leftovers into the next.
import { formatMoney, moneyInputValue } from '../lib/money.js'
import { COUNTRIES } from '../lib/countries.js'
import { encodeCursor } from './search-cursor.js'
import { effectiveSort, parseSearchParams, type SearchQuery } from './search.js'

/**
 * The query as a stable query string (fixed key order, defaults left out, no page cursor):
 * the same search always gives the same URL, which is what saved searches store and what
 * pagination links build on.
 */
export function canonicalSearchParams(query: SearchQuery): string {
  const p = new URLSearchParams()
  if (query.q) p.set('q', query.q)
  if (query.category) p.set('category', query.category)
  if (query.country) p.set('country', query.country)
  if (query.city) p.set('city', query.city)
  if (query.sale) p.set('sale', query.sale)
  if (query.min !== undefined) p.set('min', moneyInputValue(query.min))
  if (query.max !== undefined) p.set('max', moneyInputValue(query.max))
  if (query.ending) p.set('ending', query.ending)
  if (query.sort && query.sort !== effectiveSort({ q: query.q })) p.set('sort', query.sort)
  return p.toString()
}

/**
 * The URL of a search. On a category's page (`categoryPage`), a query in that category stays
 * on the category's own path; anything else is a /listings search. A cursor in the query
 * makes it a link to the page after it.
 */
export function searchHref(query: SearchQuery, at: { categoryPage?: boolean } = {}): string {
  const category = at.categoryPage ? query.category : undefined
  const params = [canonicalSearchParams({ ...query, category: category ? undefined : query.category })]
  if (query.after) params.push(`after=${encodeCursor(query.after)}`)
  const search = params.filter(Boolean).join('&')
  const path = category ? `/categories/${category}` : '/listings'
  return search ? `${path}?${search}` : path
}

/** A saved search's link, from its stored query string (one that no longer parses shows why). */
export function savedSearchHref(stored: string): string {
  const parsed = parseSearchParams(new URLSearchParams(stored))
  return parsed.ok ? searchHref({ ...parsed.query, after: undefined }) : `/listings?${new URLSearchParams(stored)}`
}

// ---------------------------------------------------------------------------------------------
// The filter chips: each filter in force, as a link to the same search without it.

export type FilterChip = { label: string; href: string }
type Filter = 'category' | 'country' | 'city' | 'sale' | 'price' | 'ending'
const FILTER_KEYS: Record<Filter, (keyof SearchQuery)[]> = {
  category: ['category'], country: ['country'], city: ['city'], sale: ['sale'], price: ['min', 'max'], ending: ['ending'],
}

const euros = (minor: number) => formatMoney(minor, 'EUR')

function filterLabel(filter: Filter, query: SearchQuery, categoryName: string | undefined): string | null {
  switch (filter) {
    case 'category': return query.category ? `Category: ${categoryName ?? query.category}` : null
    case 'country': return query.country ? `Country: ${COUNTRIES[query.country] ?? query.country}` : null
    case 'city': return query.city ? `City: ${query.city}` : null
    case 'sale': return query.sale ? (query.sale === 'auction' ? 'Auctions only' : 'Fixed price only') : null
    case 'price':
      if (query.min !== undefined && query.max !== undefined) return `Price: ${euros(query.min)}–${euros(query.max)}`
      if (query.min !== undefined) return `Price: from ${euros(query.min)}`
      return query.max !== undefined ? `Price: up to ${euros(query.max)}` : null
    case 'ending': return query.ending ? 'Ending within 24 hours' : null
  }
}

/**
 * The chips above the results, and "Clear all" (the words and the order kept, every filter
 * gone) when there is more than one. A chip leads to the first page of the search without its
 * filter; on a category's page, removing the category leads to all listings.
 */
export function filterChips(query: SearchQuery, opts: { categoryName?: string; categoryPage?: boolean }): { chips: FilterChip[]; clearHref: string | null } {
  const base: SearchQuery = { ...query, after: undefined }
  const chips: FilterChip[] = []
  for (const filter of Object.keys(FILTER_KEYS) as Filter[]) {
    const label = filterLabel(filter, base, opts.categoryName)
    if (!label) continue
    const without: SearchQuery = { ...base }
    for (const key of FILTER_KEYS[filter]) delete without[key]
    chips.push({ label, href: searchHref(without, opts) })
  }
  const clearHref = chips.length > 1 ? searchHref({ q: base.q, sort: base.sort }) : null
  return { chips, clearHref }
}
