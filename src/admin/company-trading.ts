// What a company did on the platform, for the admin's company page: its latest listings, bids
// and deals, its strikes (non-payments counting against it) and the ratings it gave and got.
// The audit trail (moderation, logins) is read beside it (listCompanyActivity).
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { strikeCount } from '../deals/strikes.js'
import { listLatestRatings, type AdminRatingRow } from '../ratings/admin-ratings.js'
import { shownPrice } from '../listings/present.js'

export const TRADING_ROWS = 20

export type CompanyTrading = {
  listings: { id: string; title: string; status: string; saleType: string; price: number | null; currency: string; createdAt: Date }[]
  listingCount: number
  bids: { listingId: string; title: string; amount: number; currency: string; kind: string; at: Date }[]
  bidCount: number
  deals: { id: string; number: number; role: 'seller' | 'buyer'; counterpart: string; status: string; amount: number; currency: string; createdAt: Date }[]
  dealCount: number
  strikes: number
  ratings: AdminRatingRow[]
}

export async function loadCompanyTrading(db: Kysely<DB>, companyId: string, now: Date, timeZone: string): Promise<CompanyTrading> {
  const [listings, listingCount, bids, bidCount, deals, dealCount, strikes, ratings] = await Promise.all([
    db.selectFrom('listings').select(['id', 'title', 'status', 'sale_type', 'current_price', 'fixed_price', 'start_price', 'currency', 'created_at'])
      .where('company_id', '=', companyId).orderBy('created_at', 'desc').orderBy('id').limit(TRADING_ROWS).execute(),
    db.selectFrom('listings').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow(),
    db.selectFrom('bids').innerJoin('listings', 'listings.id', 'bids.listing_id')
      .select(['bids.listing_id', 'listings.title', 'bids.amount', 'listings.currency', 'bids.kind', 'bids.created_at'])
      .where('bids.company_id', '=', companyId).orderBy('bids.id', 'desc').limit(TRADING_ROWS).execute(),
    db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow(),
    db.selectFrom('deals')
      .innerJoin('companies as seller', 'seller.id', 'deals.seller_company_id').innerJoin('companies as buyer', 'buyer.id', 'deals.buyer_company_id')
      .select(['deals.id', 'deals.number', 'deals.seller_company_id', 'seller.legal_name as seller_name', 'buyer.legal_name as buyer_name',
        'deals.status', 'deals.amount', 'deals.currency', 'deals.created_at'])
      .where((eb) => eb.or([eb('deals.seller_company_id', '=', companyId), eb('deals.buyer_company_id', '=', companyId)]))
      .orderBy('deals.created_at', 'desc').orderBy('deals.id').limit(TRADING_ROWS).execute(),
    db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n'))
      .where((eb) => eb.or([eb('seller_company_id', '=', companyId), eb('buyer_company_id', '=', companyId)])).executeTakeFirstOrThrow(),
    strikeCount(db, companyId, now),
    listLatestRatings(db, timeZone, TRADING_ROWS, companyId),
  ])
  return {
    listings: listings.map((l) => ({
      id: l.id, title: l.title, status: l.status, saleType: l.sale_type, price: shownPrice(l),
      currency: l.currency, createdAt: l.created_at,
    })),
    listingCount: Number(listingCount.n),
    bids: bids.map((b) => ({ listingId: b.listing_id, title: b.title, amount: b.amount, currency: b.currency, kind: b.kind, at: b.created_at })),
    bidCount: Number(bidCount.n),
    deals: deals.map((d) => {
      const role = d.seller_company_id === companyId ? 'seller' as const : 'buyer' as const
      return { id: d.id, number: d.number, role, counterpart: role === 'seller' ? d.buyer_name : d.seller_name, status: d.status, amount: d.amount, currency: d.currency, createdAt: d.created_at }
    }),
    dealCount: Number(dealCount.n),
    strikes,
    ratings,
  }
}
