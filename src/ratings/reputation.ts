// What the pages show of companies' ratings: the count and average of visible (not hidden)
// ratings for many companies in one query, and a company's latest ratings with their answers.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Reputation } from './rating-rules.js'

/** Visible ratings' count and average per company, for a page of cards or one profile: one query. */
export async function reputationsOf(db: Kysely<DB>, companyIds: readonly string[]): Promise<Map<string, Reputation>> {
  const ids = [...new Set(companyIds)]
  const out = new Map<string, Reputation>(ids.map((id) => [id, { count: 0, average: null }]))
  if (ids.length === 0) return out
  const rows = await db.selectFrom('ratings')
    .select(['rated_company_id', sql<number>`count(*)::int`.as('count'), sql<string>`avg(score)::float8`.as('average')])
    .where('rated_company_id', 'in', ids).where('hidden_at', 'is', null)
    .groupBy('rated_company_id').execute()
  for (const r of rows) out.set(r.rated_company_id, { count: Number(r.count), average: r.average === null ? null : Number(r.average) })
  return out
}

/** A company's latest visible ratings, newest first, with who rated, on which lot, and the answer. */
export function latestRatingsOf(db: Kysely<DB>, companyId: string, limit = 10) {
  return db.selectFrom('ratings')
    .innerJoin('companies as rater', 'rater.id', 'ratings.rater_company_id')
    .innerJoin('deals', 'deals.id', 'ratings.deal_id')
    .select([
      'ratings.id', 'ratings.score', 'ratings.comment', 'ratings.created_at', 'ratings.reply', 'ratings.replied_at',
      'rater.id as rater_id', 'rater.legal_name as rater_name', 'rater.status as rater_status',
      sql<'buyer' | 'seller'>`case when deals.buyer_company_id = ratings.rater_company_id then 'buyer' else 'seller' end`.as('rater_role'),
    ])
    .where('ratings.rated_company_id', '=', companyId).where('ratings.hidden_at', 'is', null)
    .orderBy('ratings.created_at', 'desc').orderBy('ratings.id').limit(limit).execute()
}
export type ProfileRatingRow = Awaited<ReturnType<typeof latestRatingsOf>>[number]
