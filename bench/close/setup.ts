// A burst of endings for the close bench, written set-based (INSERT … SELECT generate_series):
// N live auctions, each with one leading bid from one of the bidder companies, stored as
// placeBid's writeBids stores a first bid (the listing's price, bid count, leader and maximum,
// one bids line and one bid_requests row) and with its version moved on once by that bid.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { formatMoney } from '../../src/lib/money.js'
import { createCompanies } from '../support/auction-setup.js'

export const START_PRICE = 10_000 // €100
export const INCREMENT = 500
export const LEADING_MAX = 15_000
/** The version of every auction before the close: the one bid moved it from 0 to 1. */
export const VERSION_BEFORE = 1

/** Sellers and bidders (approved companies with an owner each), then `count` live auctions ending in a day. */
export async function createBurst(db: Kysely<DB>, opts: { count: number; sellers: number; bidders: number }) {
  const sellers = await createCompanies(db, opts.sellers, 'Seller')
  const bidders = await createCompanies(db, opts.bidders, 'Bidder')
  const category = await db.selectFrom('categories').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
  const fmt = (m: number) => formatMoney(m, 'EUR')
  // What the bidder was told (bidMessage): first bid at the start price, with a maximum.
  const message = `Your bid is in: you are the highest bidder at ${fmt(START_PRICE)}, and we will bid for you up to ${fmt(LEADING_MAX)}.`
  const sellerIds = sellers.map((s) => s.companyId)
  const sellerUsers = sellers.map((s) => s.userId)
  const bidderIds = bidders.map((b) => b.companyId)
  await sql`
    INSERT INTO listings (company_id, created_by, title, description, category_id, quantity, unit, location_city, location_postcode,
      location_country, logistics, recurrence, sale_type, start_price, bid_increment, starts_at, ends_at, status, published_at,
      submitted_at, created_at, updated_at, search_extra, current_price, bid_count, leading_company_id, leading_max, version)
    SELECT (${sellerIds}::uuid[])[1 + i % ${sellerIds.length}], (${sellerUsers}::uuid[])[1 + i % ${sellerUsers.length}],
      'Baled cardboard, close bench lot ' || i, 'Clean, dry corrugated cardboard in bales.', ${category.id}, 12, 't', 'Malmö', '211 20',
      'SE', 'pickup', 'one_off', 'auction', ${START_PRICE}, ${INCREMENT}, now() - interval '2 hours', now() + interval '1 day', 'live',
      now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours', now() - interval '1 hour', '',
      ${START_PRICE}, 1, (${bidderIds}::uuid[])[1 + i % ${bidderIds.length}], ${LEADING_MAX}, ${VERSION_BEFORE}
    FROM generate_series(0, ${opts.count - 1}) AS i`.execute(db)
  // The bid line and the request, by the bidder company's owner, an hour ago.
  await sql`
    INSERT INTO bids (listing_id, company_id, user_id, amount, kind, created_at)
    SELECT l.id, l.leading_company_id, u.id, l.current_price, 'bid', l.updated_at
    FROM listings l JOIN users u ON u.company_id = l.leading_company_id AND u.company_role = 'owner'
    WHERE l.sale_type = 'auction'`.execute(db)
  await sql`
    INSERT INTO bid_requests (listing_id, idempotency_key, company_id, message, created_at, user_id, amount, max_amount)
    SELECT l.id, md5(l.id::text), l.leading_company_id, ${message}, l.updated_at, u.id, l.current_price, l.leading_max
    FROM listings l JOIN users u ON u.company_id = l.leading_company_id AND u.company_role = 'owner'
    WHERE l.sale_type = 'auction'`.execute(db)
  await sql`VACUUM ANALYZE listings, bids, bid_requests`.execute(db)
}

/**
 * Moves every auction's end to `endsAt` (one instant, as when sellers pick a round hour) and
 * tidies up after the update, as a table whose rows were written long ago would be. Not a
 * change a watcher sees, so the version stays.
 */
export async function endAllAt(db: Kysely<DB>, endsAt: Date) {
  await db.updateTable('listings').set({ ends_at: endsAt }).where('sale_type', '=', 'auction').where('status', '=', 'live').execute()
  await sql`VACUUM ANALYZE listings`.execute(db)
}

export type Verdict = {
  ended: number; sold: number; bumpedOnce: number; deals: number; listingsWithOneDeal: number; dealsToLeader: number; emails: number
  exactlyOnce: boolean
}

/** Whether each auction closed exactly once: ended, sold, one deal (to its leader), version moved on once. */
export async function verifyClose(db: Kysely<DB>, count: number, outboxBefore: number): Promise<Verdict> {
  const { rows: [r] } = await sql<{ ended: number; sold: number; bumped: number; deals: number; one_deal: number; to_leader: number; emails: number }>`
    SELECT
      (SELECT count(*)::int FROM listings WHERE sale_type = 'auction' AND status = 'ended') AS ended,
      (SELECT count(*)::int FROM listings WHERE sale_type = 'auction' AND outcome = 'sold' AND ended_at IS NOT NULL) AS sold,
      (SELECT count(*)::int FROM listings WHERE sale_type = 'auction' AND version = ${VERSION_BEFORE + 1}) AS bumped,
      (SELECT count(*)::int FROM deals) AS deals,
      (SELECT count(*)::int FROM (SELECT listing_id FROM deals GROUP BY listing_id HAVING count(*) = 1) d) AS one_deal,
      (SELECT count(*)::int FROM deals d JOIN listings l ON l.id = d.listing_id
        WHERE d.buyer_company_id = l.leading_company_id AND l.current_price = ${START_PRICE}) AS to_leader,
      (SELECT count(*)::int FROM outbox WHERE id > ${outboxBefore}) AS emails`.execute(db)
  return {
    ended: r.ended, sold: r.sold, bumpedOnce: r.bumped, deals: r.deals, listingsWithOneDeal: r.one_deal, dealsToLeader: r.to_leader, emails: r.emails,
    exactlyOnce: [r.ended, r.sold, r.bumped, r.deals, r.one_deal, r.to_leader].every((n) => n === count),
  }
}
