import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { zoneForCountry } from '../lib/time.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { outbidMessage } from '../../views/emails/auctions.js'
import { applyBid, minimumBid, type AuctionState } from './bidding.js'
import { lastBidder } from './recipients.js'
import { verifiedPermit } from '../compliance/permits.js'
import { permitRefusal } from '../compliance/hazardous-rules.js'

type HazardFacts = { hazardous: boolean; holdsValidPermit: boolean }
import { announceListingSql, isPubliclyVisible, lockListing, type LockedListing } from '../listings/listing-state.js'

const OUTBID_EMAIL_GAP_MS = 10 * 60 * 1000

export type BidResult = { ok: boolean; message: string; status: 200 | 403 | 404 | 409 | 422; duplicate?: boolean }

export function auctionState(l: LockedListing): AuctionState | null {
  if (l.sale_type !== 'auction' || l.start_price === null || l.bid_increment === null || !l.starts_at || !l.ends_at) return null
  return {
    startPrice: l.start_price, increment: l.bid_increment, reservePrice: l.reserve_price, buyNowPrice: l.buy_now_price,
    currentPrice: l.current_price, bidCount: l.bid_count, startsAt: l.starts_at, endsAt: l.ends_at,
    leader: l.leading_company_id && l.leading_max !== null ? { companyId: l.leading_company_id, max: l.leading_max } : null,
  }
}

/**
 * Places a bid in one transaction that holds the listing's row lock, so concurrent bids on an
 * auction are applied one after another against the latest state. An accepted bid costs two
 * statements under the lock: the locking read, and one write that records the request, the bid
 * lines, the new state, the outbid notice and the NOTIFY together. Bids that are plainly too
 * low are refused before taking the lock at all.
 *
 * A double-submitted form carries the same idempotency key. Its first copy, once committed,
 * has moved the auction on, so the second is refused by the rules; only then is the key looked
 * up, and the second copy gets the first one's answer. The write also guards the key (ON
 * CONFLICT), so two copies can never both be recorded, whatever the rules say.
 */
export async function placeBid(
  db: Kysely<DB>,
  args: { listingId: string; companyId: string; userId: string; amount: number; max: number | null; idempotencyKey: string; now: Date; baseUrl: string },
): Promise<BidResult> {
  const { early, hazard } = await refuseWithoutLock(db, args)
  if (early) return early
  return db.transaction().execute(async (trx) => {
    const listing = await lockListing(trx, args.listingId)
    if (!listing || !isPubliclyVisible(listing.status)) return { ok: false, status: 404, message: 'There is no such auction.' }
    // A statement after the lock sees a first copy that committed while this one waited.
    const refuse = async (status: 409 | 422, message: string): Promise<BidResult> => (await earlierAnswer(trx, args)) ?? { ok: false, status, message }
    if (listing.company_id === args.companyId) return refuse(409, 'You cannot bid on your own listing.')
    const state = auctionState(listing)
    if (!state) return refuse(409, 'This listing is not an auction.')
    if (listing.status !== 'live') return refuse(409, listing.status === 'withdrawn' ? 'This auction was withdrawn; no more bids are accepted.' : 'This auction has ended; no more bids are accepted.')

    const fmt = (m: number) => formatMoney(m, listing.currency)
    const outcome = applyBid({ ...state, hazardous: hazard.hazardous },
      { companyId: args.companyId, amount: args.amount, max: args.max, at: args.now, holdsValidPermit: hazard.holdsValidPermit }, fmt)
    if (!outcome.ok) return refuse(outcome.reason === 'too-low' || outcome.reason === 'max-below-amount' ? 422 : 409, outcome.message)

    const raisedOwnMaximum = state.leader?.companyId === args.companyId
    const message = raisedOwnMaximum
      // The leader bidding again only raises their maximum: say so, so nobody thinks they outbid themselves.
      ? `You were already the highest bidder. Your maximum is now ${fmt(outcome.leader.max)}; the price ${outcome.lines.length ? 'is now' : 'stays at'} ${fmt(outcome.currentPrice)}${outcome.lines.length ? ' to meet the reserve' : ''}.`
      : outcome.bidderLeads
        ? `Your bid is in: you are the highest bidder at ${fmt(outcome.currentPrice)}${args.max ? `, and we will bid for you up to ${fmt(outcome.leader.max)}` : ''}.${outcome.extended ? ' The auction was extended by 2 minutes.' : ''}`
        : `Your bid of ${fmt(outcome.lines[0].amount)} is in, but another bidder's maximum is higher: the price is now ${fmt(outcome.currentPrice)}. Bid again to lead.`
    const version = listing.version + 1
    const lines = outcome.lines.map((line) =>
      sql`(${listing.id}::uuid, ${line.companyId}::uuid, ${line.companyId === args.companyId ? args.userId : null}::uuid, ${line.amount}::bigint, ${line.kind}, ${args.now}::timestamptz)`)
    const outbid = outcome.outbidCompanyId
    const since = new Date(args.now.getTime() - OUTBID_EMAIL_GAP_MS)
    // Everything after `request` happens only if the request was recorded (not a repeat).
    const { rows } = await sql<{ outbid_notice: boolean }>`
      WITH
        request AS (
          INSERT INTO bid_requests (listing_id, idempotency_key, company_id, message, created_at, user_id, amount, max_amount)
          VALUES (${listing.id}, ${args.idempotencyKey}, ${args.companyId}, ${message}, ${args.now}, ${args.userId}, ${args.amount}, ${args.max})
          ON CONFLICT DO NOTHING RETURNING 1),
        new_bids AS (${lines.length
          ? sql`INSERT INTO bids (listing_id, company_id, user_id, amount, kind, created_at)
                SELECT * FROM (VALUES ${sql.join(lines)}) AS v WHERE EXISTS (SELECT 1 FROM request) RETURNING id`
          : sql`SELECT NULL::bigint AS id WHERE false`}),
        notice AS (${outbid
          // At most one "you were outbid" email per auction and company every 10 minutes.
          ? sql`INSERT INTO outbid_notices (listing_id, company_id, sent_at)
                SELECT ${listing.id}::uuid, ${outbid}::uuid, ${args.now}::timestamptz WHERE EXISTS (SELECT 1 FROM request)
                ON CONFLICT (listing_id, company_id) DO UPDATE SET sent_at = EXCLUDED.sent_at WHERE outbid_notices.sent_at <= ${since}
                RETURNING 1`
          : sql`SELECT 1 WHERE false`}),
        updated AS (
          UPDATE listings SET
            current_price = ${lines.length ? outcome.currentPrice : listing.current_price},
            bid_count = bid_count + ${lines.length},
            leading_company_id = ${outcome.leader.companyId}, leading_max = ${outcome.leader.max},
            ends_at = ${outcome.endsAt}, version = ${version}, updated_at = ${args.now}
          WHERE id = ${listing.id} AND EXISTS (SELECT 1 FROM request) RETURNING id)
      SELECT ${announceListingSql(listing.id, version)}, EXISTS (SELECT 1 FROM notice) AS outbid_notice
      FROM updated`.execute(trx)
    if (rows.length === 0) return (await earlierAnswer(trx, args))!
    if (outbid && rows[0].outbid_notice) {
      const next = minimumBid({ ...state, currentPrice: outcome.currentPrice, bidCount: state.bidCount + lines.length })
      await emailOutbid(trx, listing, outbid, { price: fmt(outcome.currentPrice), nextMinimum: fmt(next), endsAt: outcome.endsAt, now: args.now }, args.baseUrl)
    }
    return { ok: true, status: 200, message }
  })
}

/** The answer given to an earlier submission of the same bid form, if there was one. */
async function earlierAnswer(db: Kysely<DB>, args: { listingId: string; companyId: string; idempotencyKey: string }): Promise<BidResult | null> {
  const earlier = await db.selectFrom('bid_requests').select('message')
    .where('listing_id', '=', args.listingId).where('company_id', '=', args.companyId).where('idempotency_key', '=', args.idempotencyKey)
    .executeTakeFirst()
  return earlier ? { ok: true, status: 200, message: earlier.message, duplicate: true } : null
}

/**
 * A bid below the minimum is refused from a plain read, without queueing for the lock: once an
 * auction has bids its minimum only ever rises, so a bid too low now stays too low. A repeated
 * submission of a bid that went through is recognised in the same read and answered as before.
 */
async function refuseWithoutLock(
  db: Kysely<DB>, args: { listingId: string; companyId: string; amount: number; max: number | null; idempotencyKey: string; now: Date },
): Promise<{ early: BidResult | null; hazard: HazardFacts }> {
  // Whether the lot is hazardous comes with the same read; only then is the bidder's permit
  // looked up, so an ordinary bid costs no extra round trip.
  const l = await db.selectFrom('listings')
    .leftJoin('bid_requests as r', (join) => join.onRef('r.listing_id', '=', 'listings.id')
      .on('r.company_id', '=', args.companyId).on('r.idempotency_key', '=', args.idempotencyKey))
    .leftJoin('ewc_codes as e', 'e.code', 'listings.ewc_code')
    .select(['listings.status', 'listings.current_price', 'listings.bid_increment', 'listings.bid_count', 'listings.leading_company_id',
      'listings.currency', 'r.message as earlier_message', 'e.hazardous'])
    .where('listings.id', '=', args.listingId).executeTakeFirst()
  const hazardous = l?.hazardous === true
  const hazard = { hazardous, holdsValidPermit: hazardous ? (await verifiedPermit(db, args.companyId, args.now)) !== null : true }
  const decided = (early: BidResult | null) => ({ early, hazard })
  // A hazardous lot needs a verified, unexpired waste permit.
  const noPermit = permitRefusal(hazard, hazard)
  if (noPermit) return decided({ ok: false, status: 403, message: noPermit })
  if (!l) return decided(null)
  if (l.earlier_message !== null) return decided({ ok: true, status: 200, message: l.earlier_message, duplicate: true })
  if (l.status !== 'live' || l.bid_count === 0 || l.current_price === null || l.bid_increment === null) return decided(null)
  if (l.leading_company_id === args.companyId) return decided(null) // raising one's own maximum is decided under the lock
  const minimum = minimumBid({ startPrice: 0, increment: l.bid_increment, currentPrice: l.current_price, bidCount: l.bid_count })
  if (args.amount >= minimum) return decided(null)
  return decided({ ok: false, status: 422, message: `Your bid must be at least ${formatMoney(minimum, l.currency)}.` })
}

/** Emails the company that lost the lead (its notice was claimed in the bid's write above), with the auction's end in its country's zone. */
async function emailOutbid(db: Kysely<DB>, listing: { id: string; title: string }, companyId: string,
  auction: { price: string; nextMinimum: string; endsAt: Date; now: Date }, baseUrl: string) {
  const recipient = await lastBidder(db, listing.id, companyId)
  if (recipient) {
    await enqueueEmail(db, outbidMessage(recipient, listing.title,
      { ...auction, timeZone: zoneForCountry(recipient.country), url: `${baseUrl}/listings/${listing.id}` }))
  }
}
