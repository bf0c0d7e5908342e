// What the overview (/my) reads besides deals, notifications and the impact report: the
// company's open buyer questions, its rejected listings and its live listings. One query each,
// however many rows.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { publiclyVisibleSql } from '../listings/listing-state.js'

/** Live listings shown on the overview; "My listings" has them all. */
export const LIVE_LISTINGS_SHOWN = 10

/**
 * The company's listings with questions waiting for its answer, the longest-waiting first. Only
 * public listings: those are the ones a seller may answer on (answerRefusal in
 * src/questions/question-rules.ts), so nothing is listed that could not be done.
 */
export function listListingsWithOpenQuestions(db: Kysely<DB>, companyId: string) {
  return db.selectFrom('listing_questions as q')
    .innerJoin('listings', 'listings.id', 'q.listing_id')
    .select((eb) => ['listings.id', 'listings.title', eb.fn.countAll<string>().as('open'), eb.fn.min('q.created_at').as('oldest')])
    .where('listings.company_id', '=', companyId)
    .where('q.answer', 'is', null)
    .where(publiclyVisibleSql('listings'))
    .groupBy(['listings.id', 'listings.title'])
    .orderBy('oldest').orderBy('listings.id')
    .execute()
}

/** Listings an administrator turned back, with the reason given: the seller changes them and sends them again. */
export function listRejectedListings(db: Kysely<DB>, companyId: string) {
  return db.selectFrom('listings').select(['id', 'title', 'status_reason', 'updated_at'])
    .where('company_id', '=', companyId).where('status', '=', 'rejected')
    .orderBy('updated_at', 'desc').orderBy('id')
    .execute()
}

/** The company's live listings, soonest end first (fixed-price ones without an end last), and how many there are in all. */
export async function listLiveListings(db: Kysely<DB>, companyId: string) {
  const rows = await db.selectFrom('listings')
    .select(['id', 'title', 'sale_type', 'fixed_price', 'start_price', 'current_price', 'currency', 'bid_count', 'ends_at'])
    .select(sql<string>`count(*) over ()`.as('total'))
    .where('company_id', '=', companyId).where('status', '=', 'live')
    .orderBy(sql`ends_at asc nulls last`).orderBy('created_at', 'desc').orderBy('id')
    .limit(LIVE_LISTINGS_SHOWN)
    .execute()
  return { rows, total: Number(rows[0]?.total ?? 0) }
}
export type LiveListingRow = Awaited<ReturnType<typeof listLiveListings>>['rows'][number]
