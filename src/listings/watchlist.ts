// A person's watchlist: listings they keep an eye on. It belongs to the person, not the
// company, so colleagues each follow what they care about and nobody reads another's list.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { ListingStatus } from '../db/types.js'
import { PUBLIC_STATUSES } from './listing-state.js'

/** Listings that may be added to a watchlist: the ones anybody can see and still care about. */
export const WATCHABLE: ListingStatus[] = PUBLIC_STATUSES.filter((s) => s !== 'withdrawn')
/** A watched listing may since have been withdrawn; it can still be taken off the list. */
const UNWATCHABLE: readonly ListingStatus[] = PUBLIC_STATUSES

export type WatchResult = { ok: true } | { ok: false; status: 404 }

/**
 * Adds a listing to the person's watchlist. Idempotent: watching twice keeps one row. The
 * listing must be public (live or ended); drafts and listings in review do not exist to others.
 */
export async function watch(db: Kysely<DB>, userId: string, listingId: string): Promise<WatchResult> {
  // One statement: the status check and the insert cannot be split by a concurrent change.
  const inserted = await db
    .insertInto('watchlist')
    .columns(['user_id', 'listing_id'])
    .expression((eb) =>
      eb.selectFrom('listings').select([eb.val(userId).as('user_id'), 'listings.id']).where('listings.id', '=', listingId).where('listings.status', 'in', WATCHABLE),
    )
    .onConflict((oc) => oc.columns(['user_id', 'listing_id']).doNothing())
    .returning('listing_id')
    .executeTakeFirst()
  if (inserted) return { ok: true }
  // Nothing inserted: either it was already watched (fine) or the listing is not watchable.
  return (await isWatching(db, userId, listingId)) ? { ok: true } : { ok: false, status: 404 }
}

/** Takes a listing off the watchlist. Idempotent; 404 only for a listing the person cannot see. */
export async function unwatch(db: Kysely<DB>, userId: string, listingId: string): Promise<WatchResult> {
  const deleted = await db.deleteFrom('watchlist').where('user_id', '=', userId).where('listing_id', '=', listingId).returning('listing_id').executeTakeFirst()
  if (deleted) return { ok: true }
  const listing = await db.selectFrom('listings').select('status').where('id', '=', listingId).executeTakeFirst()
  return listing && UNWATCHABLE.includes(listing.status) ? { ok: true } : { ok: false, status: 404 }
}

export async function isWatching(db: Kysely<DB>, userId: string, listingId: string): Promise<boolean> {
  const row = await db.selectFrom('watchlist').select('listing_id').where('user_id', '=', userId).where('listing_id', '=', listingId).executeTakeFirst()
  return Boolean(row)
}

/** Which of these listings the person watches: one query for a whole page of results. */
export async function watchedAmong(db: Kysely<DB>, userId: string, listingIds: string[]): Promise<Set<string>> {
  if (listingIds.length === 0) return new Set()
  const rows = await db.selectFrom('watchlist').select('listing_id').where('user_id', '=', userId).where('listing_id', 'in', listingIds).execute()
  return new Set(rows.map((r) => r.listing_id))
}

/**
 * The person's watched listings with what the "Watching" page shows: live ones first, the
 * soonest to end on top, then the ended and withdrawn ones, most recently ended first.
 */
export function listWatched(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('watchlist')
    .innerJoin('listings', 'listings.id', 'watchlist.listing_id')
    .innerJoin('categories', 'categories.id', 'listings.category_id')
    .select([
      'listings.id', 'listings.title', 'listings.status', 'listings.outcome', 'listings.sale_type', 'listings.fixed_price',
      'listings.start_price', 'listings.current_price', 'listings.currency', 'listings.bid_count', 'listings.starts_at',
      'listings.ends_at', 'listings.ended_at', 'listings.location_city', 'listings.location_country',
      'categories.name as category_name', 'watchlist.created_at as watched_at',
    ])
    .where('watchlist.user_id', '=', userId)
    .orderBy(sql`CASE WHEN listings.status = 'live' THEN 0 ELSE 1 END`)
    .orderBy(sql`CASE WHEN listings.status = 'live' THEN listings.ends_at END`, (ob) => ob.asc().nullsLast())
    .orderBy(sql`coalesce(listings.ended_at, listings.updated_at)`, 'desc')
    .orderBy('watchlist.created_at', 'desc')
    .execute()
}
export type WatchedListing = Awaited<ReturnType<typeof listWatched>>[number]
