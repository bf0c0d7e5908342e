// What an auction page shows live, loaded for many listings at once (one fan-out may cover
// several auctions) in three queries, whatever the number of listings or watchers.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

export type LiveBid = { bidder: number; companyId: string; amount: number; at: Date; kind: 'bid' | 'auto' | 'buy_now' }

export type LiveState = {
  id: string
  version: number
  status: 'draft' | 'pending_review' | 'live' | 'ended' | 'withdrawn' | 'rejected'
  outcome: 'sold' | 'unsold' | null
  saleType: 'auction' | 'fixed_price'
  currency: string
  startPrice: number | null
  increment: number | null
  reservePrice: number | null
  buyNowPrice: number | null
  fixedPrice: number | null
  /** The lot's size, for the price per tonne (or per unit) beside the total. */
  quantity: number
  unit: 'kg' | 't' | 'm3' | 'l' | 'pcs' | 'pallets'
  currentPrice: number | null
  bidCount: number
  startsAt: Date | null
  endsAt: Date | null
  leaderCompanyId: string | null
  /** The latest bids, newest first, with bidders numbered by their first bid ("Bidder 1, 2…"). */
  recentBids: LiveBid[]
  /** Companies that have bid, to tell each whether it leads or was outbid. */
  bidderCompanyIds: Set<string>
}

const RECENT = 15

export async function loadLiveStates(db: Kysely<DB>, ids: string[]): Promise<Map<string, LiveState>> {
  const out = new Map<string, LiveState>()
  if (ids.length === 0) return out
  // One snapshot for the three reads: a bid committing between them would otherwise give a
  // state whose price and count include it but whose history does not — and the page, told the
  // new version, would never ask again.
  const [listings, bidders, recent] = await db.transaction().setIsolationLevel('repeatable read').execute((trx) => Promise.all([
    trx.selectFrom('listings')
      .select(['id', 'version', 'status', 'outcome', 'sale_type', 'currency', 'start_price', 'bid_increment', 'reserve_price', 'buy_now_price',
        'fixed_price', 'quantity', 'unit', 'current_price', 'bid_count', 'starts_at', 'ends_at', 'leading_company_id'])
      .where('id', 'in', ids).execute(),
    trx.selectFrom('bids').select(['listing_id', 'company_id', (eb) => eb.fn.min('id').as('first_bid')])
      .where('listing_id', 'in', ids).groupBy(['listing_id', 'company_id']).execute(),
    // The latest few bids of each listing, in one query: per listing, the last RECENT entries of
    // its (listing_id, id) index, however many bids it has (a hot auction has tens of thousands).
    trx.selectFrom('listings as l')
      .innerJoinLateral(
        (eb) => eb.selectFrom('bids as r').select(['r.company_id', 'r.amount', 'r.created_at', 'r.kind', 'r.id'])
          .whereRef('r.listing_id', '=', 'l.id').orderBy('r.id', 'desc').limit(RECENT).as('b'),
        (join) => join.onTrue())
      .select(['l.id as listing_id', 'b.company_id', 'b.amount', 'b.created_at', 'b.kind', 'b.id'])
      .where('l.id', 'in', ids)
      .orderBy('b.id', 'desc').execute(),
  ]))
  const numbering = new Map<string, Map<string, number>>()
  for (const id of ids) {
    const rows = bidders.filter((b) => b.listing_id === id).sort((a, b) => Number(a.first_bid) - Number(b.first_bid))
    numbering.set(id, new Map(rows.map((r, i) => [r.company_id, i + 1])))
  }
  for (const l of listings) {
    const numbers = numbering.get(l.id)!
    out.set(l.id, {
      id: l.id, version: l.version, status: l.status, outcome: l.outcome, saleType: l.sale_type, currency: l.currency,
      startPrice: l.start_price, increment: l.bid_increment, reservePrice: l.reserve_price, buyNowPrice: l.buy_now_price,
      fixedPrice: l.fixed_price, quantity: Number(l.quantity), unit: l.unit, currentPrice: l.current_price, bidCount: l.bid_count, startsAt: l.starts_at, endsAt: l.ends_at,
      leaderCompanyId: l.leading_company_id,
      recentBids: recent.filter((b) => b.listing_id === l.id).map((b) => ({
        bidder: numbers.get(b.company_id) ?? 0, companyId: b.company_id, amount: b.amount, at: b.created_at, kind: b.kind,
      })),
      bidderCompanyIds: new Set(numbers.keys()),
    })
  }
  return out
}
