// What a company's dashboards read: the auctions it bid on, what it bought, and who bought
// what it sold. Each page is one or two queries however many rows it shows. Amounts are prices,
// without the VAT a deal adds, as every price on NordicLoop.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

/** Finished auctions shown on "My bids": the most recent ones; live ones are always all shown. */
export const FINISHED_BIDS_SHOWN = 100
export const PURCHASES_SHOWN = 200

/**
 * Auctions the company has bid on, with its own highest bid. `finished` chooses live ones
 * (soonest end first) or ended/withdrawn ones (most recently ended first). The company's
 * bids are aggregated once in a subquery, so the page costs two queries in all.
 */
export function listBidAuctions(db: Kysely<DB>, companyId: string, finished: boolean) {
  let q = db
    .selectFrom((eb) =>
      eb.selectFrom('bids').select((b) => ['listing_id', b.fn.max('amount').as('my_highest')])
        .where('company_id', '=', companyId).groupBy('listing_id').as('mine'))
    .innerJoin('listings', 'listings.id', 'mine.listing_id')
    .leftJoin('deals', 'deals.listing_id', 'listings.id')
    .select([
      'listings.id', 'listings.title', 'listings.status', 'listings.outcome', 'listings.currency', 'listings.current_price',
      'listings.start_price', 'listings.reserve_price', 'listings.bid_count', 'listings.ends_at', 'listings.ended_at', 'listings.updated_at',
      'listings.leading_company_id', 'listings.leading_max', 'mine.my_highest', 'deals.buyer_company_id', sql<number | null>`deals.amount - deals.vat_amount`.as('sale_amount'),
    ])
  if (finished) {
    q = q.where('listings.status', 'in', ['ended', 'withdrawn'])
      .orderBy(sql`coalesce(listings.ended_at, listings.updated_at)`, 'desc').orderBy('listings.id').limit(FINISHED_BIDS_SHOWN)
  } else {
    q = q.where('listings.status', '=', 'live').orderBy('listings.ends_at', 'asc').orderBy('listings.id')
  }
  return q.execute()
}
export type BidAuctionRow = Awaited<ReturnType<typeof listBidAuctions>>[number]

/** Sales where the company is the buyer, newest first, with the seller's name. */
export function listPurchases(db: Kysely<DB>, companyId: string) {
  return db
    .selectFrom('deals')
    .innerJoin('listings', 'listings.id', 'deals.listing_id')
    .innerJoin('companies as seller', 'seller.id', 'deals.seller_company_id')
    .select([
      'deals.id', 'deals.number', 'deals.listing_id', sql<number>`deals.amount - deals.vat_amount`.as('amount'), 'deals.currency', 'deals.kind', 'deals.status', 'deals.created_at',
      'listings.title', 'seller.legal_name as seller_name',
    ])
    .where('deals.buyer_company_id', '=', companyId)
    .orderBy('deals.created_at', 'desc')
    .orderBy('deals.id')
    .limit(PURCHASES_SHOWN)
    .execute()
}
export type PurchaseRow = Awaited<ReturnType<typeof listPurchases>>[number]

/**
 * The company's sales as a seller, with the buyer's name and the deal, keyed by listing: one
 * query for "My listings". A lot sold again after its buyer did not pay has a cancelled deal
 * and the standing one; the standing one (else the latest) is the sale shown.
 */
export async function listSalesBySeller(db: Kysely<DB>, companyId: string) {
  const rows = await db
    .selectFrom('deals')
    .innerJoin('companies as buyer', 'buyer.id', 'deals.buyer_company_id')
    .select(['deals.id', 'deals.number', 'deals.listing_id', sql<number>`deals.amount - deals.vat_amount`.as('amount'), 'deals.currency', 'buyer.legal_name as buyer_name'])
    .where('deals.seller_company_id', '=', companyId)
    // Later rows win in the Map below: cancelled deals first, each group oldest first.
    .orderBy(sql`deals.status = 'cancelled'`, 'desc').orderBy('deals.created_at').orderBy('deals.id')
    .execute()
  return new Map(rows.map((r) => [r.listing_id, { dealId: r.id, dealNumber: r.number, buyer: r.buyer_name, amount: r.amount, currency: r.currency }]))
}
