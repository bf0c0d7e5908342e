import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { zoneForCountry } from '../lib/time.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { outbidMessage } from '../../views/emails/auctions.js'
import { applyBid, minimumBid, type AuctionState, type BidLine, type BidOutcome } from './bidding.js'
import { joinLane } from './bid-lanes.js'
import { lastBidder } from './recipients.js'
import { permitHolders } from '../compliance/permits.js'
import { announceListingSql, isPubliclyVisible, lockListing, type LockedListing } from '../listings/listing-state.js'

const OUTBID_EMAIL_GAP_MS = 10 * 60 * 1000

export type BidResult = { ok: boolean; message: string; status: 200 | 403 | 404 | 409 | 422; duplicate?: boolean }

type AuctionColumns = 'sale_type' | 'start_price' | 'bid_increment' | 'starts_at' | 'ends_at' | 'reserve_price' | 'buy_now_price' | 'current_price' | 'bid_count' | 'leading_company_id' | 'leading_max'

export function auctionState(l: Pick<LockedListing, AuctionColumns>): AuctionState | null {
  if (l.sale_type !== 'auction' || l.start_price === null || l.bid_increment === null || !l.starts_at || !l.ends_at) return null
  return {
    startPrice: l.start_price, increment: l.bid_increment, reservePrice: l.reserve_price, buyNowPrice: l.buy_now_price,
    currentPrice: l.current_price, bidCount: l.bid_count, startsAt: l.starts_at, endsAt: l.ends_at,
    leader: l.leading_company_id && l.leading_max !== null ? { companyId: l.leading_company_id, max: l.leading_max } : null,
  }
}

export type BidArgs = { listingId: string; companyId: string; userId: string; amount: number; max: number | null; idempotencyKey: string; now: Date; baseUrl: string }

/**
 * Places a bid. Bids on one auction are applied one after another against the latest state,
 * under the listing's row lock. A bid joins its auction's lane (bid-lanes.ts): the bids that
 * arrive while a transaction for the same auction is in flight in this instance go together
 * into the next one, which takes the lock once and applies them in arrival order (applyBids).
 * No read before that: a bid too low is refused by the rules in the batch, at no cost of its own.
 *
 * A double-submitted form carries the same idempotency key. Its first copy, once committed,
 * has moved the auction on, so the second is refused by the rules; only then is the key looked
 * up, and the second copy gets the first one's answer. The write also guards the key (ON
 * CONFLICT), so two copies can never both be recorded, whatever the rules say.
 */
export async function placeBid(db: Kysely<DB>, args: BidArgs): Promise<BidResult> {
  return joinLane(db, args.listingId, args, applyBids)
}

type QueuedBid = BidArgs

/** What one bid of a batch came to, before the batch is written. */
type Decision =
  | { kind: 'refused'; bid: QueuedBid; status: 403 | 409 | 422; message: string }
  | { kind: 'repeat'; bid: QueuedBid; message: string }
  | { kind: 'accepted'; bid: QueuedBid; message: string; lines: BidLine[]; outbid: string | null }

/**
 * Applies a batch of bids on one auction in one transaction: the listing is locked once, each
 * bid goes through the rules of bidding.ts in arrival order against the state the one before
 * left, and one statement writes every request, bid line and outbid notice, the new state and
 * its announcement. A refused bid that repeats a form already recorded gets that form's answer.
 * Returns one result per bid, in order.
 */
async function applyBids(db: Kysely<DB>, listingId: string, batch: QueuedBid[]): Promise<BidResult[]> {
  try {
    return await db.transaction().execute((trx) => applyLocked(trx, listingId, batch))
  } catch (err) {
    // A form of the batch was recorded meanwhile by another transaction (a copy the rules let
    // through): its key's guard held the whole write back, so the bids go one at a time, each
    // answered on its own.
    if (!(err instanceof RepeatedRequest) || batch.length === 1) throw err
    const results: BidResult[] = []
    for (const bid of batch) results.push(...(await applyBids(db, listingId, [bid])))
    return results
  }
}

class RepeatedRequest extends Error {}

/** The answer's status for each way the rules refuse a bid. */
const REFUSAL_STATUS: Record<Extract<BidOutcome, { ok: false }>['reason'], 403 | 409 | 422> = {
  'too-low': 422, 'max-below-amount': 422, 'permit-required': 403, 'not-started': 409, ended: 409, 'already-leading-lower-max': 409,
}

async function applyLocked(trx: Kysely<DB>, listingId: string, batch: QueuedBid[]): Promise<BidResult[]> {
  const listing = await lockListing(trx, listingId)
  if (!listing || !isPubliclyVisible(listing.status)) return batch.map(() => ({ ok: false, status: 404, message: 'There is no such auction.' }))
  const fmt = (m: number) => formatMoney(m, listing.currency)
  let state = auctionState(listing)
  // A hazardous lot takes bids only from companies holding a verified, unexpired waste permit.
  const hazardous = listing.hazardous === true
  // (A batch spans milliseconds: its first bid's time stands for all of them.)
  const holders = hazardous ? await permitHolders(trx, [...new Set(batch.map((b) => b.companyId))], batch[0]!.now) : null
  const decisions: Decision[] = []
  const acceptedKeys = new Map<string, string>()
  for (const bid of batch) {
    const key = `${bid.companyId}:${bid.idempotencyKey}`
    const earlier = acceptedKeys.get(key)
    // The same form twice in one batch: the second copy gets the first one's answer.
    if (earlier !== undefined) {
      decisions.push({ kind: 'repeat', bid, message: earlier })
      continue
    }
    const refuse = (status: 403 | 409 | 422, message: string) => decisions.push({ kind: 'refused', bid, status, message })
    if (listing.company_id === bid.companyId) { refuse(409, 'You cannot bid on your own listing.'); continue }
    if (!state) { refuse(409, 'This listing is not an auction.'); continue }
    if (listing.status !== 'live') {
      refuse(409, listing.status === 'withdrawn' ? 'This auction was withdrawn; no more bids are accepted.' : 'This auction has ended; no more bids are accepted.')
      continue
    }
    const outcome = applyBid({ ...state, hazardous },
      { companyId: bid.companyId, amount: bid.amount, max: bid.max, at: bid.now, holdsValidPermit: holders?.has(bid.companyId) ?? true }, fmt)
    if (!outcome.ok) { refuse(REFUSAL_STATUS[outcome.reason], outcome.message); continue }
    const message = bidMessage(state, bid, outcome, fmt)
    const next: AuctionState = {
      ...state, currentPrice: outcome.lines.length ? outcome.currentPrice : state.currentPrice, bidCount: state.bidCount + outcome.lines.length,
      leader: outcome.leader, endsAt: outcome.endsAt,
    }
    decisions.push({ kind: 'accepted', bid, message, lines: outcome.lines, outbid: outcome.outbidCompanyId })
    acceptedKeys.set(key, message)
    state = next
  }

  const accepted = decisions.filter((d) => d.kind === 'accepted')
  const refused = decisions.filter((d) => d.kind === 'refused')
  const written = await writeBids(trx, listing, state, accepted, refused.map((d) => d.bid))
  if (written.recorded !== accepted.length) {
    if (batch.length > 1) throw new RepeatedRequest()
    // The one bid's form was recorded while it waited: its first answer stands.
    return [(await earlierAnswer(trx, batch[0]))!]
  }
  // Each company outbid (and not leading again by the batch's end) is told the price it ended at.
  if (state && written.notified.size) {
    const last = accepted[accepted.length - 1]!.bid
    const auction = { price: fmt(state.currentPrice ?? state.startPrice), nextMinimum: fmt(minimumBid(state)), endsAt: state.endsAt, now: last.now }
    for (const companyId of written.notified) await emailOutbid(trx, listing, companyId, auction, last.baseUrl)
  }
  return decisions.map((d): BidResult => {
    if (d.kind === 'accepted') return { ok: true, status: 200, message: d.message }
    if (d.kind === 'repeat') return { ok: true, status: 200, message: d.message, duplicate: true }
    const earlier = written.earlier.get(`${d.bid.companyId}:${d.bid.idempotencyKey}`)
    return earlier !== undefined ? { ok: true, status: 200, message: earlier, duplicate: true } : { ok: false, status: d.status, message: d.message }
  })
}

/** What the bidder is told of an accepted bid. */
function bidMessage(state: AuctionState, bid: QueuedBid, outcome: Extract<BidOutcome, { ok: true }>, fmt: (m: number) => string): string {
  // The leader bidding again only raises their maximum: say so, so nobody thinks they outbid themselves.
  if (state.leader?.companyId === bid.companyId) {
    return `You were already the highest bidder. Your maximum is now ${fmt(outcome.leader.max)}; the price ${outcome.lines.length ? 'is now' : 'stays at'} ${fmt(outcome.currentPrice)}${outcome.lines.length ? ' to meet the reserve' : ''}.`
  }
  return outcome.bidderLeads
    ? `Your bid is in: you are the highest bidder at ${fmt(outcome.currentPrice)}${bid.max ? `, and we will bid for you up to ${fmt(outcome.leader.max)}` : ''}.${outcome.extended ? ' The auction was extended by 2 minutes.' : ''}`
    : `Your bid of ${fmt(outcome.lines[0].amount)} is in, but another bidder's maximum is higher: the price is now ${fmt(outcome.currentPrice)}. Bid again to lead.`
}

/**
 * One statement for the whole batch: every accepted bid's request (the key guarded by ON
 * CONFLICT), its bid lines in order, the outbid notices (at most one email per auction and
 * company every 10 minutes), the listing's new state and version and its NOTIFY — the rest
 * only if every request was recorded — and the answers already given to refused bids that
 * repeat a recorded form.
 */
async function writeBids(trx: Kysely<DB>, listing: LockedListing, state: AuctionState | null, accepted: Extract<Decision, { kind: 'accepted' }>[], refused: QueuedBid[]) {
  const earlierOf = refused.length
    ? sql`(SELECT coalesce(json_agg(json_build_array(company_id, idempotency_key, message)), '[]') FROM bid_requests
          WHERE listing_id = ${listing.id} AND (company_id, idempotency_key) IN (${sql.join(refused.map((b) => sql`(${b.companyId}::uuid, ${b.idempotencyKey})`))}))`
    : sql`'[]'::json`
  if (!accepted.length || !state) {
    const { rows } = await sql<{ earlier: [string, string, string][] }>`SELECT ${earlierOf} AS earlier`.execute(trx)
    return { recorded: 0, notified: new Set<string>(), earlier: answersByKey(rows[0]?.earlier ?? []) }
  }
  const n = accepted.length
  const version = listing.version + 1
  const requests = accepted.map((d) => sql`(${listing.id}::uuid, ${d.bid.idempotencyKey}, ${d.bid.companyId}::uuid, ${d.message}, ${d.bid.now}::timestamptz, ${d.bid.userId}::uuid, ${d.bid.amount}::bigint, ${d.bid.max}::bigint)`)
  let ord = 0
  const lines = accepted.flatMap((d) => d.lines.map((line) =>
    sql`(${++ord}::int, ${line.companyId}::uuid, ${line.companyId === d.bid.companyId ? d.bid.userId : null}::uuid, ${line.amount}::bigint, ${line.kind}, ${d.bid.now}::timestamptz)`))
  // One notice per company the batch outbid and that does not lead at its end (a statement may
  // not touch a row twice), dated when it was first outbid.
  const outbid = new Map<string, Date>()
  for (const d of accepted) if (d.outbid && !outbid.has(d.outbid)) outbid.set(d.outbid, d.bid.now)
  if (state.leader) outbid.delete(state.leader.companyId)
  const { rows } = await sql<{ recorded: number; notified: string[] | null; earlier: [string, string, string][] }>`
    WITH
      request AS (
        INSERT INTO bid_requests (listing_id, idempotency_key, company_id, message, created_at, user_id, amount, max_amount)
        VALUES ${sql.join(requests)}
        ON CONFLICT DO NOTHING RETURNING 1),
      recorded AS (SELECT count(*)::int AS n FROM request),
      new_bids AS (${lines.length
        ? sql`INSERT INTO bids (listing_id, company_id, user_id, amount, kind, created_at)
              SELECT ${listing.id}::uuid, v.company_id, v.user_id, v.amount, v.kind, v.created_at
              FROM (VALUES ${sql.join(lines)}) AS v (ord, company_id, user_id, amount, kind, created_at)
              WHERE (SELECT n FROM recorded) = ${n} ORDER BY v.ord RETURNING id`
        : sql`SELECT NULL::bigint AS id WHERE false`}),
      notice AS (${outbid.size
        ? sql`INSERT INTO outbid_notices (listing_id, company_id, sent_at)
              SELECT ${listing.id}::uuid, v.company_id, v.sent_at FROM (VALUES ${sql.join([...outbid].map(([company, at]) => sql`(${company}::uuid, ${at}::timestamptz)`))}) AS v (company_id, sent_at)
              WHERE (SELECT n FROM recorded) = ${n}
              ON CONFLICT (listing_id, company_id) DO UPDATE SET sent_at = EXCLUDED.sent_at
                WHERE outbid_notices.sent_at <= EXCLUDED.sent_at - make_interval(secs => ${OUTBID_EMAIL_GAP_MS / 1000})
              RETURNING company_id`
        : sql`SELECT NULL::uuid AS company_id WHERE false`}),
      updated AS (
        UPDATE listings SET
          current_price = ${state.currentPrice}, bid_count = ${state.bidCount},
          leading_company_id = ${state.leader?.companyId ?? null}, leading_max = ${state.leader?.max ?? null},
          ends_at = ${state.endsAt}, version = ${version}, updated_at = ${accepted[n - 1].bid.now}
        WHERE id = ${listing.id} AND (SELECT n FROM recorded) = ${n} RETURNING id)
    SELECT (SELECT n FROM recorded) AS recorded,
           (SELECT ${announceListingSql(listing.id, version)} FROM updated) IS NOT NULL AS announced,
           (SELECT json_agg(company_id) FROM notice) AS notified,
           ${earlierOf} AS earlier`.execute(trx)
  const row = rows[0]!
  return { recorded: row.recorded, notified: new Set(row.notified ?? []), earlier: answersByKey(row.earlier) }
}

const answersByKey = (rows: [string, string, string][]) => new Map(rows.map(([company, key, message]) => [`${company}:${key}`, message]))

/** The answer given to an earlier submission of the same bid form, if there was one. */
async function earlierAnswer(db: Kysely<DB>, args: { listingId: string; companyId: string; idempotencyKey: string }): Promise<BidResult | null> {
  const earlier = await db.selectFrom('bid_requests').select('message')
    .where('listing_id', '=', args.listingId).where('company_id', '=', args.companyId).where('idempotency_key', '=', args.idempotencyKey)
    .executeTakeFirst()
  return earlier ? { ok: true, status: 200, message: earlier.message, duplicate: true } : null
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
