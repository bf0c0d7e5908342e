// Searching and browsing live listings: the query a shareable /listings URL describes, its
// validation, and one SQL query with keyset pagination.
//
// Keyset, not OFFSET: a page starts after the last row of the previous one, identified by its
// sort key and id (the tie-breaker), so listings published while someone pages through never
// shift rows between pages: nothing repeats and nothing is skipped.
import { sql, type AliasedSelectQueryBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import { z } from 'zod'
import type { DB } from '../db/schema.js'
import type { SaleType } from '../db/types.js'
import { CountrySchema, lineText, text } from '../lib/fields.js'
import { parseMoney } from '../lib/money.js'
import { openForTradeSql } from './listing-state.js'
import { decodeCursor, type Cursor } from './search-cursor.js'
import { hasWords, textQuery, wordsMatch } from './search-words.js'
import { cityFilterSql } from './place-match.js'

export const SORTS = ['relevance', 'ending', 'newest', 'price_asc', 'price_desc'] as const
export type SearchSort = (typeof SORTS)[number]

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: 'Best match', ending: 'Ending soonest', newest: 'Newest', price_asc: 'Price: low to high', price_desc: 'Price: high to low',
}

export const MAX_QUERY_LENGTH = 200
export const PAGE_SIZE = 20

// ---------------------------------------------------------------------------------------------
// The query, from URL parameters. Empty fields are what a submitted form sends for "any".

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const money = (what: string) => text({ error: `${what} should be an amount in euros, like 500 or 1 250,50.` }).transform((s, ctx) => {
  const minor = parseMoney(s)
  if (minor === null) {
    ctx.addIssue({ code: 'custom', message: `${what} should be an amount in euros, like 500 or 1 250,50.` })
    return z.NEVER
  }
  return minor
})

export const SearchQuery = z.object({
  q: z.preprocess(blank, lineText(MAX_QUERY_LENGTH, { tooLong: `Search words must be at most ${MAX_QUERY_LENGTH} characters.` }).normalize('NFC').optional()),
  category: z.preprocess(blank, text().regex(/^[a-z0-9-]{1,80}$/, 'There is no such category.').optional()),
  country: z.preprocess(blank, CountrySchema.optional()),
  city: z.preprocess(blank, lineText(100, { tooLong: 'City names are at most 100 characters.' }).optional()),
  sale: z.preprocess(blank, z.enum(['auction', 'fixed_price'], { message: 'Sale type is either auction or fixed price.' }).optional()),
  min: z.preprocess(blank, money('The lowest price').optional()),
  max: z.preprocess(blank, money('The highest price').optional()),
  ending: z.preprocess(blank, z.literal('24h', { message: 'The only “ending within” choice is 24 hours.' }).optional()),
  sort: z.preprocess(blank, z.enum(SORTS, { message: `Sort by ${SORTS.join(', ')}.` }).optional()),
  after: z.preprocess(blank, text().transform((s, ctx) => {
    const cursor = decodeCursor(s)
    if (!cursor) {
      ctx.addIssue({ code: 'custom', message: 'This page link is damaged. Start again from the first page.' })
      return z.NEVER
    }
    return cursor
  }).optional()),
}).superRefine((query, ctx) => {
  if (query.min !== undefined && query.max !== undefined && query.min > query.max) {
    ctx.addIssue({ code: 'custom', path: ['max'], message: 'The highest price is below the lowest price.' })
  }
  if (query.after && query.after.s !== effectiveSort(query)) {
    ctx.addIssue({ code: 'custom', path: ['after'], message: 'This page link belongs to another sort order. Start again from the first page.' })
  }
})
export type SearchQuery = z.infer<typeof SearchQuery>

export type SearchParseResult = { ok: true; query: SearchQuery } | { ok: false; errors: Record<string, string> }

/** Reads a /listings query string; on bad input, one message per field. */
export function parseSearchParams(params: URLSearchParams | Record<string, string | undefined>): SearchParseResult {
  const input = params instanceof URLSearchParams ? Object.fromEntries(params) : params
  const result = SearchQuery.safeParse(input)
  if (result.success) return { ok: true, query: result.data }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message
  return { ok: false, errors }
}

/** The order used: as asked; best match when searching for words, else newest first. */
export function effectiveSort(query: Pick<SearchQuery, 'q' | 'sort'>): SearchSort {
  if (query.sort === 'relevance') return hasWords(query.q) ? 'relevance' : 'newest'
  return query.sort ?? (hasWords(query.q) ? 'relevance' : 'newest')
}

// ---------------------------------------------------------------------------------------------
// The SQL.

/** Keys of the sorts, as SQL over the listings row `l`. */
const ENDING_KEY = sql`coalesce(l.ends_at, 'infinity'::timestamptz)`
const isoText = (col: RawBuilder<unknown>) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

type Filters = Omit<SearchQuery, 'sort' | 'after'>

/** Live listings (auctions not yet past their end) matching the query's words and filters. */
function matching(db: Kysely<DB>, query: Filters, now: Date) {
  let qb = db
    .selectFrom('listings as l')
    .where(openForTradeSql('l', now))
  if (hasWords(query.q)) qb = qb.where(wordsMatch(query.q))
  if (query.category) {
    const slug = query.category
    qb = qb.where('l.category_id', '=', (eb) => eb.selectFrom('categories').select('categories.id').where('categories.slug', '=', slug))
  }
  if (query.country) qb = qb.where('l.location_country', '=', query.country)
  // "malmo" finds Malmö, "STOCKHOLM" finds Stockholm, "Gothenburg" finds Göteborg.
  if (query.city) qb = qb.where(cityFilterSql(query.city))
  if (query.sale) qb = qb.where('l.sale_type', '=', query.sale)
  if (query.min !== undefined) qb = qb.where('l.display_price', '>=', query.min)
  if (query.max !== undefined) qb = qb.where('l.display_price', '<=', query.max)
  if (query.ending) qb = qb.where('l.ends_at', '<=', new Date(now.getTime() + 24 * 3600_000))
  return qb
}

/**
 * The card columns and first photo (one lateral join, no query per row) for a page of ids.
 * Joined after the page is chosen, so sorting many matches moves only ids and keys around.
 */
type PageRow = { id: string; k: unknown; sort_key: string | number | null }
function withCardColumns(db: Kysely<DB>, page: AliasedSelectQueryBuilder<PageRow, 'page'>) {
  return db
    .selectFrom(page)
    .innerJoin('listings as l', 'l.id', 'page.id')
    .innerJoin('categories as c', 'c.id', 'l.category_id')
    .leftJoin('ewc_codes as e', 'e.code', 'l.ewc_code')
    .leftJoinLateral(
      (eb) => eb.selectFrom('listing_photos as p').select(['p.id', 'p.width', 'p.height', 'p.variants'])
        .whereRef('p.listing_id', '=', 'l.id').orderBy('p.position').orderBy('p.created_at').limit(1).as('photo'),
      (join) => join.onTrue(),
    )
    .select([
      'l.id', 'l.title', 'l.sale_type', 'l.currency', 'l.fixed_price', 'l.current_price', 'l.start_price', 'l.display_price',
      'l.quantity', 'l.unit', 'l.location_city', 'l.location_country', 'l.starts_at', 'l.ends_at', 'l.bid_count', 'l.published_at',
      'l.company_id', 'e.hazardous as ewc_hazardous',
      'c.name as category_name', 'c.slug as category_slug',
      'photo.id as photo_id', 'photo.width as photo_width', 'photo.height as photo_height', 'photo.variants as photo_variants',
      'page.sort_key',
    ])
}

export type SearchRow = {
  id: string
  title: string
  saleType: SaleType
  currency: string
  fixedPrice: number | null
  currentPrice: number | null
  startPrice: number | null
  displayPrice: number | null
  quantity: string
  unit: string
  city: string
  country: string
  startsAt: Date | null
  endsAt: Date | null
  bidCount: number
  publishedAt: Date | null
  category: { name: string; slug: string }
  photo: { id: string; width: number; height: number; variants: number[] } | null
  /** The selling company, for its reputation on the card. */
  sellerId: string
  /** Its EWC code is a hazardous one (marked *): the card carries the label. */
  hazardous: boolean
}

type RawRow = Awaited<ReturnType<ReturnType<typeof withCardColumns>['execute']>>[number]

function toSearchRow(r: RawRow): SearchRow {
  return {
    id: r.id, title: r.title, saleType: r.sale_type, currency: r.currency, fixedPrice: r.fixed_price, currentPrice: r.current_price,
    startPrice: r.start_price, displayPrice: r.display_price, quantity: r.quantity, unit: r.unit, city: r.location_city,
    country: r.location_country, startsAt: r.starts_at, endsAt: r.ends_at, bidCount: r.bid_count, publishedAt: r.published_at,
    category: { name: r.category_name, slug: r.category_slug },
    photo: r.photo_id && r.photo_width && r.photo_height && r.photo_variants
      ? { id: r.photo_id, width: r.photo_width, height: r.photo_height, variants: r.photo_variants }
      : null,
    sellerId: r.company_id,
    hazardous: r.ewc_hazardous === true,
  }
}

export type SearchPage = { rows: SearchRow[]; sort: SearchSort; next: Cursor | null }

/** One page of live listings for the query, and the cursor of the next page if there is one. */
export async function searchListings(db: Kysely<DB>, query: SearchQuery, opts: { now: Date; limit?: number }): Promise<SearchPage> {
  const limit = Math.min(Math.max(opts.limit ?? PAGE_SIZE, 1), 100)
  const sort = effectiveSort(query)
  const after = query.after?.s === sort ? query.after : undefined
  const desc = sort === 'newest' || sort === 'price_desc' || sort === 'relevance'
  const dir = desc ? 'desc' : 'asc'
  const cmp = sql.raw(desc ? '<' : '>')

  // Each sort: its key as SQL, that key as it travels in the cursor, and how it comes back.
  let key: RawBuilder<unknown>
  let keyOut: RawBuilder<string | number>
  let keyIn: (k: Cursor['k']) => RawBuilder<unknown>
  switch (sort) {
    case 'newest':
      key = sql`l.published_at`
      keyOut = isoText(sql`l.published_at`)
      keyIn = (k) => sql`${k}::timestamptz`
      break
    case 'ending':
      key = ENDING_KEY
      keyOut = sql<string>`case when l.ends_at is null then 'infinity' else ${isoText(sql`l.ends_at`)} end`
      keyIn = (k) => sql`${k}::timestamptz`
      break
    case 'price_asc':
    case 'price_desc':
      key = sql`l.display_price`
      keyOut = sql<number>`l.display_price`
      keyIn = (k) => sql`${k}::bigint`
      break
    case 'relevance':
      // ts_rank_cd weighs title (A) above category and waste code (B) above description (C).
      key = sql`ts_rank_cd(l.search_document, ${textQuery(query.q ?? '')})`
      keyOut = sql<number>`ts_rank_cd(l.search_document, ${textQuery(query.q ?? '')})`
      // The rank is a real; compared as a real, it matches the row it came from exactly.
      keyIn = (k) => sql`${k}::real`
      break
  }

  // The page is chosen first from ids and keys alone; only its rows get their card columns.
  let page = matching(db, query, opts.now)
    .select(['l.id', key.as('k'), keyOut.as('sort_key')])
    .orderBy(key, dir).orderBy('l.id', dir).limit(limit + 1)
  if (after) page = page.where(sql<SqlBool>`(${key}, l.id) ${cmp} (${keyIn(after.k)}, ${after.id}::uuid)`)
  const raw = await withCardColumns(db, page.as('page')).orderBy('page.k', dir).orderBy('page.id', dir).execute()
  const more = raw.length > limit
  const rows = raw.slice(0, limit)
  const last = rows[rows.length - 1]
  const next = more && last ? ({ s: sort, k: last.sort_key, id: last.id } as Cursor) : null
  return { rows: rows.map(toSearchRow), sort, next }
}

/**
 * Live listings matching a (saved) search that were published after `since`, newest first:
 * what a saved-search digest reports. The query's sort and cursor are ignored.
 */
export async function searchListingsPublishedSince(db: Kysely<DB>, query: SearchQuery, since: Date, now: Date, limit = 50): Promise<SearchRow[]> {
  const page = matching(db, query, now)
    .select(['l.id', 'l.published_at as k', sql<null>`null`.as('sort_key')])
    .where('l.published_at', '>', since)
    .orderBy('l.published_at', 'desc').orderBy('l.id', 'desc')
    .limit(limit)
  const rows = await withCardColumns(db, page.as('page')).orderBy('page.k', 'desc').orderBy('page.id', 'desc').execute()
  return rows.map(toSearchRow)
}

/** A company's live listings, newest first, as cards: its public profile shows them. */
export async function liveListingsOf(db: Kysely<DB>, companyId: string, now: Date, limit = 24): Promise<SearchRow[]> {
  const page = matching(db, {}, now)
    .select(['l.id', 'l.published_at as k', sql<null>`null`.as('sort_key')])
    .where('l.company_id', '=', companyId)
    .orderBy('l.published_at', 'desc').orderBy('l.id', 'desc')
    .limit(limit)
  const rows = await withCardColumns(db, page.as('page')).orderBy('page.k', 'desc').orderBy('page.id', 'desc').execute()
  return rows.map(toSearchRow)
}
