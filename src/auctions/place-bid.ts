import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { outbidMessage } from '../../views/emails/auctions.js'
import { applyBid, type AuctionState } from './bidding.js'
import { lastBidder } from './recipients.js'

export const LISTING_EVENTS_CHANNEL = 'listing_events'
const OUTBID_EMAIL_GAP_MS = 10 * 60 * 1000

export type BidResult = { ok: boolean; message: string; status: 200 | 404 | 409 | 422; duplicate?: boolean }

type LockedListing = {
  id: string; status: string; sale_type: string; company_id: string; currency: string; title: string
  start_price: number | null; bid_increment: number | null; reserve_price: number | null; buy_now_price: number | null
  current_price: number | null; bid_count: number; starts_at: Date | null; ends_at: Date | null
  leading_company_id: string | null; leading_max: number | null; version: number
}

/** Locks the listing row: every bid, purchase and close of one auction queues here, one at a time. */
export function lockListing(db: Kysely<DB>, listingId: string) {
  return db.selectFrom('listings')
    .select(['id', 'status', 'sale_type', 'company_id', 'currency', 'title', 'start_price', 'bid_increment', 'reserve_price',
      'buy_now_price', 'current_price', 'bid_count', 'starts_at', 'ends_at', 'leading_company_id', 'leading_max', 'version', 'created_by',
      'fixed_price', 'outcome'])
    .where('id', '=', listingId).forUpdate().executeTakeFirst()
}

export function auctionState(l: LockedListing): AuctionState | null {
  if (l.sale_type !== 'auction' || l.start_price === null || l.bid_increment === null || !l.starts_at || !l.ends_at) return null
  return {
    startPrice: l.start_price, increment: l.bid_increment, reservePrice: l.reserve_price, buyNowPrice: l.buy_now_price,
    currentPrice: l.current_price, bidCount: l.bid_count, startsAt: l.starts_at, endsAt: l.ends_at,
    leader: l.leading_company_id && l.leading_max !== null ? { companyId: l.leading_company_id, max: l.leading_max } : null,
  }
}

/** Tells every app instance that a listing changed (delivered only if the transaction commits). */
export async function announceListingChange(db: Kysely<DB>, listingId: string, version: number) {
  await sql`SELECT pg_notify(${LISTING_EVENTS_CHANNEL}, ${`${listingId}:${version}`})`.execute(db)
}

/**
 * Places a bid in one transaction that holds the listing's row lock, so concurrent bids on an
 * auction are applied one after another against the latest state.
 */
export async function placeBid(
  db: Kysely<DB>,
  args: { listingId: string; companyId: string; userId: string; amount: number; max: number | null; idempotencyKey: string; now: Date; baseUrl: string },
): Promise<BidResult> {
  return db.transaction().execute(async (trx) => {
    const listing = await lockListing(trx, args.listingId)
    if (!listing || !['live', 'ended'].includes(listing.status)) return { ok: false, status: 404, message: 'There is no such auction.' }
    // Checked under the lock, so the second of two identical submissions sees the first.
    const earlier = await trx.selectFrom('bid_requests').select('message')
      .where('listing_id', '=', args.listingId).where('company_id', '=', args.companyId).where('idempotency_key', '=', args.idempotencyKey)
      .executeTakeFirst()
    if (earlier) return { ok: true, status: 200, message: earlier.message, duplicate: true }
    if (listing.company_id === args.companyId) return { ok: false, status: 409, message: 'You cannot bid on your own listing.' }
    const state = auctionState(listing)
    if (!state) return { ok: false, status: 409, message: 'This listing is not an auction.' }
    if (listing.status !== 'live') return { ok: false, status: 409, message: 'This auction has ended; no more bids are accepted.' }

    const fmt = (m: number) => formatMoney(m, listing.currency)
    const outcome = applyBid(state, { companyId: args.companyId, amount: args.amount, max: args.max, at: args.now }, fmt)
    if (!outcome.ok) return { ok: false, status: outcome.reason === 'too-low' || outcome.reason === 'max-below-amount' ? 422 : 409, message: outcome.message }

    if (outcome.lines.length) {
      await trx.insertInto('bids').values(outcome.lines.map((line) => ({
        listing_id: listing.id, company_id: line.companyId, user_id: line.companyId === args.companyId ? args.userId : null,
        amount: line.amount, kind: line.kind, created_at: args.now,
      }))).execute()
    }
    const version = listing.version + 1
    await trx.updateTable('listings').set({
      current_price: outcome.lines.length ? outcome.currentPrice : listing.current_price,
      bid_count: listing.bid_count + outcome.lines.length,
      leading_company_id: outcome.leader.companyId,
      leading_max: outcome.leader.max,
      ends_at: outcome.endsAt,
      version,
      updated_at: args.now,
    }).where('id', '=', listing.id).execute()

    const message = outcome.bidderLeads
      ? `Your bid is in: you are the highest bidder at ${fmt(outcome.currentPrice)}${args.max ? `, and we will bid for you up to ${fmt(outcome.leader.max)}` : ''}.${outcome.extended ? ' The auction was extended by 2 minutes.' : ''}`
      : `Your bid of ${fmt(outcome.lines[0].amount)} is in, but another bidder's maximum is higher: the price is now ${fmt(outcome.currentPrice)}. Bid again to lead.`
    await trx.insertInto('bid_requests').values({ listing_id: listing.id, idempotency_key: args.idempotencyKey, company_id: args.companyId, message, created_at: args.now }).execute()

    if (outcome.outbidCompanyId) await notifyOutbid(trx, listing, outcome.outbidCompanyId, fmt(outcome.currentPrice), args)
    await announceListingChange(trx, listing.id, version)
    return { ok: true, status: 200, message }
  })
}

/** At most one "you were outbid" email per auction and company every 10 minutes. */
async function notifyOutbid(db: Kysely<DB>, listing: LockedListing, companyId: string, price: string, args: { now: Date; baseUrl: string }) {
  const since = new Date(args.now.getTime() - OUTBID_EMAIL_GAP_MS)
  const claimed = await db.insertInto('outbid_notices').values({ listing_id: listing.id, company_id: companyId, sent_at: args.now })
    .onConflict((oc) => oc.columns(['listing_id', 'company_id']).doUpdateSet({ sent_at: args.now }).where('outbid_notices.sent_at', '<=', since))
    .returning('sent_at').executeTakeFirst()
  if (!claimed) return
  const recipient = await lastBidder(db, listing.id, companyId)
  if (recipient) await enqueueEmail(db, outbidMessage(recipient, listing.title, price, `${args.baseUrl}/listings/${listing.id}`))
}
