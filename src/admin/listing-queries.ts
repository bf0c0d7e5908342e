// What the admin's listing pages read: the review queue and the list of live listings.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { PhotoData } from '../images/photo-data.js'
import type { LiveListing, LiveListingPage, ReviewListing, SellerSummary } from './listing-types.js'
import { COUNTRIES } from '../lib/countries.js'
import { formatMoney } from '../lib/money.js'
import { displayPrice, presentGoods } from '../listings/present.js'
import { escapeLike, isUuid } from './queries.js'

export const REVIEW_QUEUE_LIMIT = 50
export const LIVE_PAGE_SIZE = 50

function reviewQuery(db: Kysely<DB>) {
  return db
    .selectFrom('listings')
    .innerJoin('categories', 'categories.id', 'listings.category_id')
    .innerJoin('companies', 'companies.id', 'listings.company_id')
    .leftJoin('ewc_codes', 'ewc_codes.code', 'listings.ewc_code')
    .select([
      'listings.id', 'listings.title', 'listings.description', 'listings.ewc_code', 'listings.quantity', 'listings.unit',
      'listings.location_city', 'listings.location_postcode', 'listings.location_country', 'listings.logistics',
      'listings.logistics_note', 'listings.recurrence', 'listings.sale_type', 'listings.currency', 'listings.fixed_price',
      'listings.start_price', 'listings.reserve_price', 'listings.bid_increment', 'listings.buy_now_price',
      'listings.starts_at', 'listings.ends_at', 'listings.submitted_at',
      'categories.name as category_name', 'categories.retired_at as category_retired_at',
      'ewc_codes.display_code as ewc_display_code', 'ewc_codes.description as ewc_description', 'ewc_codes.hazardous as ewc_hazardous',
      'companies.id as seller_id', 'companies.legal_name as seller_name', 'companies.country as seller_country', 'companies.status as seller_status',
    ])
}
type ReviewRow = Awaited<ReturnType<ReturnType<typeof reviewQuery>['execute']>>[number]

function seller(row: { seller_id: string; seller_name: string; seller_country: string; seller_status: SellerSummary['status'] }): SellerSummary {
  return { id: row.seller_id, name: row.seller_name, country: row.seller_country, countryName: COUNTRIES[row.seller_country] ?? row.seller_country, status: row.seller_status }
}

/** Every price the seller set, so the admin can judge them all (a reserve is never shown to buyers, but is here). */
function pricesOf(row: ReviewRow): { label: string; amount: string }[] {
  const money = (minor: number) => formatMoney(minor, row.currency)
  if (row.sale_type === 'fixed_price') return row.fixed_price === null ? [] : [{ label: 'Fixed price', amount: money(row.fixed_price) }]
  const prices: { label: string; amount: string }[] = []
  if (row.start_price !== null) prices.push({ label: 'Start price', amount: money(row.start_price) })
  if (row.bid_increment !== null) prices.push({ label: 'Bid increment', amount: money(row.bid_increment) })
  prices.push({ label: 'Reserve', amount: row.reserve_price === null ? 'none' : money(row.reserve_price) })
  prices.push({ label: 'Buy now', amount: row.buy_now_price === null ? 'none' : money(row.buy_now_price) })
  return prices
}

function toReview(row: ReviewRow, photos: PhotoData[]): ReviewListing {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: { name: row.category_name, retired: row.category_retired_at !== null },
    ...presentGoods(row),
    saleType: row.sale_type,
    prices: pricesOf(row),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    submittedAt: row.submitted_at,
    photos,
    seller: seller(row),
  }
}

/** The photos of several listings in one query, in the seller's order. */
async function photosByListing(db: Kysely<DB>, listingIds: string[]): Promise<Map<string, PhotoData[]>> {
  const byListing = new Map<string, PhotoData[]>()
  if (listingIds.length === 0) return byListing
  const rows = await db
    .selectFrom('listing_photos')
    .select(['id', 'listing_id', 'width', 'height', 'variants'])
    .where('listing_id', 'in', listingIds)
    .orderBy('listing_id').orderBy('position').orderBy('created_at')
    .execute()
  for (const row of rows) {
    const list = byListing.get(row.listing_id) ?? []
    list.push({ id: row.id, width: row.width, height: row.height, variants: row.variants })
    byListing.set(row.listing_id, list)
  }
  return byListing
}

/** Listings awaiting review, the one submitted longest ago first. */
export async function listPendingListings(db: Kysely<DB>, limit = REVIEW_QUEUE_LIMIT): Promise<ReviewListing[]> {
  const rows = await reviewQuery(db)
    .where('listings.status', '=', 'pending_review')
    .orderBy('listings.submitted_at', 'asc')
    .orderBy('listings.id', 'asc')
    .limit(limit)
    .execute()
  const photos = await photosByListing(db, rows.map((r) => r.id))
  return rows.map((row) => toReview(row, photos.get(row.id) ?? []))
}

/** One listing as the review queue shows it, whatever its status; null for an unknown id. */
export async function findReviewListing(db: Kysely<DB>, listingId: string): Promise<ReviewListing | null> {
  if (!isUuid(listingId)) return null
  const row = await reviewQuery(db).where('listings.id', '=', listingId).executeTakeFirst()
  if (!row) return null
  const photos = await photosByListing(db, [row.id])
  return toReview(row, photos.get(row.id) ?? [])
}

function liveQuery(db: Kysely<DB>) {
  return db
    .selectFrom('listings')
    .innerJoin('categories', 'categories.id', 'listings.category_id')
    .innerJoin('companies', 'companies.id', 'listings.company_id')
    .select([
      'listings.id', 'listings.title', 'listings.sale_type', 'listings.fixed_price', 'listings.current_price', 'listings.start_price',
      'listings.currency', 'listings.bid_count', 'listings.published_at', 'listings.ends_at', 'categories.name as category_name',
      'companies.id as seller_id', 'companies.legal_name as seller_name', 'companies.country as seller_country', 'companies.status as seller_status',
    ])
    .where('listings.status', '=', 'live')
}
type LiveRow = Awaited<ReturnType<ReturnType<typeof liveQuery>['execute']>>[number]

function toLive(row: LiveRow): LiveListing {
  return {
    id: row.id,
    title: row.title,
    categoryName: row.category_name,
    saleType: row.sale_type,
    price: displayPrice(row).amount,
    bidCount: row.bid_count,
    publishedAt: row.published_at,
    endsAt: row.ends_at,
    seller: seller(row),
  }
}

/**
 * Live listings, newest published first, optionally filtered by a case-insensitive match on the
 * title. Keyset pages: `before` is the id of the last listing shown, compared in SQL so the
 * timestamp keeps its full precision.
 */
export async function searchLiveListings(
  db: Kysely<DB>,
  search: { q: string; before?: string | null },
  limit = LIVE_PAGE_SIZE,
): Promise<LiveListingPage> {
  let query = liveQuery(db)
  const q = search.q.trim()
  if (q) query = query.where('listings.title', 'ilike', `%${escapeLike(q)}%`)
  if (search.before && isUuid(search.before)) {
    const before = search.before
    query = query.where(sql<boolean>`(coalesce(listings.published_at, listings.created_at), listings.id) <
      (select coalesce(l.published_at, l.created_at), l.id from listings l where l.id = ${before})`)
  }
  const rows = await query
    .orderBy(sql`coalesce(listings.published_at, listings.created_at)`, 'desc')
    .orderBy('listings.id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return { listings: page.map(toLive), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null }
}

/** One live listing as the admin's list shows it; null once it is no longer live. */
export async function findLiveListing(db: Kysely<DB>, listingId: string): Promise<LiveListing | null> {
  if (!isUuid(listingId)) return null
  const row = await liveQuery(db).where('listings.id', '=', listingId).executeTakeFirst()
  return row ? toLive(row) : null
}
