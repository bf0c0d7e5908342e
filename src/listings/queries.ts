import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { ListingStatus } from '../db/types.js'

export function listActiveCategories(db: Kysely<DB>) {
  return db.selectFrom('categories').select(['id', 'slug', 'name', 'description']).where('retired_at', 'is', null).orderBy('name').execute()
}

export function findEwcCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('ewc_codes').selectAll().where('code', '=', code).executeTakeFirst()
}

/**
 * Waste codes matching what a seller typed: digits match the start of the code ("1501" →
 * 15 01 xx), words match the description, accents and case ignored.
 */
export function searchEwcCodes(db: Kysely<DB>, query: string, limit = 20) {
  const q = query.trim()
  const digits = q.replace(/[\s*]/g, '')
  let select = db.selectFrom('ewc_codes').select(['code', 'display_code', 'hazardous', 'description', 'chapter_description']).orderBy('code').limit(limit)
  if (/^\d{1,6}$/.test(digits)) return select.where('code', 'like', `${digits}%`).execute()
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5)
  if (words.length === 0) return Promise.resolve([])
  for (const word of words) {
    const pattern = `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    select = select.where(sql<boolean>`unaccent(description) ILIKE unaccent(${pattern})`)
  }
  return select.execute()
}

/** A listing with what its page shows: category, waste code, seller. */
export function findListing(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('listings')
    .innerJoin('categories', 'categories.id', 'listings.category_id')
    .innerJoin('companies', 'companies.id', 'listings.company_id')
    .leftJoin('ewc_codes', 'ewc_codes.code', 'listings.ewc_code')
    .selectAll('listings')
    .select([
      'categories.slug as category_slug', 'categories.name as category_name',
      'companies.legal_name as seller_name', 'companies.country as seller_country', 'companies.city as seller_city',
      'ewc_codes.display_code as ewc_display_code', 'ewc_codes.description as ewc_description', 'ewc_codes.hazardous as ewc_hazardous',
    ])
    .where('listings.id', '=', id)
    .executeTakeFirst()
}
export type ListingDetails = NonNullable<Awaited<ReturnType<typeof findListing>>>

export function listListingPhotos(db: Kysely<DB>, listingId: string) {
  return db.selectFrom('listing_photos').selectAll().where('listing_id', '=', listingId).orderBy('position').orderBy('created_at').execute()
}

export function listCompanyListings(db: Kysely<DB>, companyId: string, status?: ListingStatus) {
  let q = db
    .selectFrom('listings')
    .innerJoin('categories', 'categories.id', 'listings.category_id')
    .select(['listings.id', 'listings.title', 'listings.status', 'listings.outcome', 'listings.sale_type', 'listings.fixed_price',
      'listings.start_price', 'listings.current_price', 'listings.currency', 'listings.bid_count', 'listings.ends_at',
      'listings.status_reason', 'listings.updated_at', 'categories.name as category_name'])
    .where('listings.company_id', '=', companyId)
    .orderBy('listings.updated_at', 'desc')
  if (status) q = q.where('listings.status', '=', status)
  return q.execute()
}

export { isUuid } from '../lib/ids.js'
