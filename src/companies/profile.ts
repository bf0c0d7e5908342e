// A company's public profile: who it is, whether NordicLoop verified it and its waste permit, its
// reputation, what it traded, its live listings and its latest ratings with their answers. Only
// approved companies have one. A handful of queries, none per row.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { COUNTRIES } from '../lib/countries.js'
import { formatDateTime, dateFormat } from '../lib/time.js'
import { verifiedPermit } from '../compliance/permits.js'
import { liveListingsOf } from '../listings/search.js'
import { presentResult } from '../listings/present-search.js'
import { latestRatingsOf, reputationsOf } from '../ratings/reputation.js'
import { formatAverage, RATINGS_FOR_AVERAGE, reputationLabel } from '../ratings/rating-rules.js'
import { tradeTotalsOf } from './trade-totals.js'
import type { CompanyProfileView } from './profile-view.js'

export const LATEST_RATINGS = 10

/** The profile of an approved company, or null for any other company or id (the page is then a 404). */
export async function loadCompanyProfile(db: Kysely<DB>, companyId: string, opts: { now: Date; timeZone: string }): Promise<CompanyProfileView | null> {
  const company = await db.selectFrom('companies').select(['id', 'legal_name', 'city', 'country', 'created_at', 'status'])
    .where('id', '=', companyId).executeTakeFirst()
  if (!company || company.status !== 'approved') return null
  const [permit, reputations, trade, listings, ratings] = await Promise.all([
    verifiedPermit(db, company.id, opts.now),
    reputationsOf(db, [company.id]),
    tradeTotalsOf(db, company.id),
    liveListingsOf(db, company.id, opts.now),
    latestRatingsOf(db, company.id, LATEST_RATINGS),
  ])
  const rep = reputations.get(company.id) ?? { count: 0, average: null }
  const when = (d: Date) => ({ iso: d.toISOString(), text: formatDateTime(d, opts.timeZone) })
  return {
    id: company.id,
    name: company.legal_name,
    location: `${company.city}, ${COUNTRIES[company.country] ?? company.country}`,
    memberSince: dateFormat('en-GB', { month: 'long', year: 'numeric', timeZone: opts.timeZone }).format(company.created_at),
    permit: permit && { authority: permit.authority, validUntil: permit.expiresOn },
    reputation: {
      label: reputationLabel(rep), count: rep.count, isNew: rep.count < RATINGS_FOR_AVERAGE,
      average: rep.count >= RATINGS_FOR_AVERAGE && rep.average !== null ? formatAverage(rep.average) : null,
    },
    trade,
    listings: listings.map((row) => ({ ...presentResult(row, opts.timeZone, opts.now), sellerId: undefined })),
    ratings: ratings.map((r) => ({
      id: r.id, score: r.score, comment: r.comment, at: when(r.created_at),
      rater: { name: r.rater_name, href: r.rater_status === 'approved' ? `/companies/${r.rater_id}` : null, role: r.rater_role },
      reply: r.reply !== null && r.replied_at ? { text: r.reply, at: when(r.replied_at) } : null,
    })),
  }
}
