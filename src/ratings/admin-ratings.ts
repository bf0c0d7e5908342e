// The admin's list of the latest ratings, hidden ones included with their reason.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatDateTime } from '../lib/time.js'

export const ADMIN_RATINGS_PAGE = 100

/** The latest ratings on the platform, or those one company gave or received (`companyId`). */
export async function listLatestRatings(db: Kysely<DB>, timeZone: string, limit = ADMIN_RATINGS_PAGE, companyId?: string) {
  let query = db.selectFrom('ratings')
    .innerJoin('companies as rater', 'rater.id', 'ratings.rater_company_id')
    .innerJoin('companies as rated', 'rated.id', 'ratings.rated_company_id')
    .innerJoin('deals', 'deals.id', 'ratings.deal_id')
    .leftJoin('users as hider', 'hider.id', 'ratings.hidden_by')
    .select([
      'ratings.id', 'ratings.score', 'ratings.comment', 'ratings.reply', 'ratings.created_at', 'ratings.hidden_at', 'ratings.hidden_reason',
      'rater.legal_name as rater_name', 'rated.legal_name as rated_name', 'rated.id as rated_id', 'deals.id as deal_id', 'deals.number as deal_number',
      'hider.name as hidden_by_name',
    ])
  if (companyId) query = query.where((eb) => eb.or([eb('ratings.rated_company_id', '=', companyId), eb('ratings.rater_company_id', '=', companyId)]))
  const rows = await query.orderBy('ratings.created_at', 'desc').orderBy('ratings.id').limit(limit).execute()
  return rows.map((r) => ({
    id: r.id, score: r.score, comment: r.comment, reply: r.reply, at: formatDateTime(r.created_at, timeZone),
    raterName: r.rater_name, ratedName: r.rated_name, ratedHref: `/companies/${r.rated_id}`, dealHref: `/deals/${r.deal_id}`, dealNumber: r.deal_number,
    hidden: r.hidden_at ? { reason: r.hidden_reason ?? '', at: formatDateTime(r.hidden_at, timeZone), by: r.hidden_by_name } : null,
  }))
}
export type AdminRatingRow = Awaited<ReturnType<typeof listLatestRatings>>[number]
