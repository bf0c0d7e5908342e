// The seller's reputation beside a listing and on each result card: its name, "★ 4.6 (12)" or
// "New on NordicLoop", and a link to its profile. One query for a whole page of cards.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { RATINGS_FOR_AVERAGE, reputationLabel } from './rating-rules.js'
import type { SellerBadge } from './rating-view.js'

/** Each company's name and visible ratings, by id: one query however many companies. */
export async function sellerBadges(db: Kysely<DB>, companyIds: readonly string[]): Promise<Map<string, SellerBadge>> {
  const ids = [...new Set(companyIds)]
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('companies as c')
    .leftJoin('ratings as r', (join) => join.onRef('r.rated_company_id', '=', 'c.id').on('r.hidden_at', 'is', null))
    .select(['c.id', 'c.legal_name', sql<number>`count(r.id)::int`.as('count'), sql<number | null>`avg(r.score)::float8`.as('average')])
    // Only approved companies have a profile to link to; another seller (a draft's) gets no badge.
    .where('c.id', 'in', ids).where('c.status', '=', 'approved').groupBy('c.id').execute()
  return new Map(rows.map((r) => {
    const rep = { count: Number(r.count), average: r.average === null ? null : Number(r.average) }
    return [r.id, { href: `/companies/${r.id}`, name: r.legal_name, label: reputationLabel(rep), isNew: rep.count < RATINGS_FOR_AVERAGE }]
  }))
}

/** Puts the seller's badge on each card of a page (the cards are fresh objects, made for this page). */
export async function addSellerBadges<T extends { sellerId?: string; seller?: SellerBadge }>(db: Kysely<DB>, cards: T[]): Promise<T[]> {
  const badges = await sellerBadges(db, cards.flatMap((c) => (c.sellerId ? [c.sellerId] : [])))
  for (const card of cards) if (card.sellerId) card.seller = badges.get(card.sellerId)
  return cards
}
