import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { noSaleMessage } from '../../views/emails/auctions.js'
import { closingOutcome } from './bidding.js'
import { auctionState } from './place-bid.js'
import { changeListings, claimDueAuctions, companyMayTrade, hasEnded, lockListing, type LockedListing } from '../listings/listing-state.js'
import { auctionsWithBarredBidders, retractBarredBidders } from './retract-bids.js'
import { retractBiddersWithoutPermit } from '../compliance/hazardous.js'
import { recordSales } from './record-sale.js'
import type { DealTerms } from '../deals/terms.js'
import { lastBiddersOf, sellerRecipientsOf } from './recipients.js'

/** How many transactions close auctions side by side, each on its own connection. */
export const CLOSING_WORKERS = 4
/**
 * How many due auctions one transaction claims and closes. A burst's cost was the statements,
 * round trips and commits of closing each alone; a batch closes its auctions with the same
 * number of statements as one (decision 009).
 */
export const CLOSING_BATCH = 50

type CloseOptions = { now: Date; terms: DealTerms }

/**
 * Closes auctions whose end has passed, up to `limit` (all that are due by default). Auctions
 * are claimed a batch at a time (`batch`, CLOSING_BATCH) with FOR UPDATE SKIP LOCKED and closed
 * together in one short transaction, so several workers of this instance and several instances
 * share the work without waiting on each other, and a crash mid-batch leaves every auction
 * either closed (committed) or still due (rolled back) — never half-closed, never closed twice.
 * A batch that fails is tried again one auction per transaction, so one auction that cannot be
 * closed holds back none of the others. A burst of endings is closed by `workers` side by side,
 * and the run goes on until none is due (or `stop()`, asked before each auction, says so).
 */
export async function closeExpiredAuctions(db: Kysely<DB>, opts: CloseOptions & {
  limit?: number; log?: Logger; workers?: number; batch?: number; stop?: () => boolean
}): Promise<number> {
  const limit = opts.limit ?? Infinity
  const batch = Math.max(1, opts.batch ?? CLOSING_BATCH)
  let claimed = 0
  let closed = 0
  const worker = async () => {
    for (;;) {
      let wanted = 0
      while (wanted < batch && claimed < limit && !opts.stop?.()) {
        wanted += 1
        claimed += 1
      }
      if (wanted === 0) return
      const done = await closeBatch(db, wanted, opts)
      closed += done.closed
      if (done.failure !== undefined) throw done.failure
      // Fewer than asked for: none other is due, or the rest are being closed elsewhere.
      if (done.claimed < wanted) {
        claimed -= wanted - done.claimed
        return
      }
    }
  }
  // Every worker ends before the run does (a failed one stops only itself), so nothing of a
  // run is still closing when the scheduler's next tick, or its shutdown, comes.
  const runs = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(opts.workers ?? CLOSING_WORKERS, limit)) }, worker))
  if (closed) opts.log?.info('auctions closed', { closed })
  const failed = runs.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  return closed
}

/** Claims up to `wanted` due auctions and closes them in one transaction; if that fails, each on its own. */
async function closeBatch(db: Kysely<DB>, wanted: number, opts: CloseOptions): Promise<{ claimed: number; closed: number; failure?: unknown }> {
  let ids: string[] = []
  try {
    const n = await db.transaction().execute(async (trx) => {
      const listings = await claimDueAuctions(trx, opts.now, wanted)
      ids = listings.map((l) => l.id)
      await closeAuctions(trx, listings, opts)
      return listings.length
    })
    return { claimed: n, closed: n }
  } catch (failure) {
    if (ids.length <= 1) return { claimed: ids.length, closed: 0, failure }
    // The batch rolled back whole. Closing its auctions one by one lets all but the culprit
    // close; the first failure is still reported, and stops this worker as it did before.
    let closed = 0
    let first: { failure: unknown } | null = null
    for (const id of ids) {
      try {
        closed += await db.transaction().execute(async (trx) => {
          const listing = await lockListing(trx, id)
          // Closed meanwhile by another instance, or its end moved: not this run's.
          if (!listing || listing.status !== 'live' || listing.sale_type !== 'auction' || !hasEnded(listing, opts.now)) return 0
          await closeAuctions(trx, [listing], opts)
          return 1
        })
      } catch (error) {
        first ??= { failure: error }
      }
    }
    return first ? { claimed: ids.length, closed, failure: first.failure } : { claimed: ids.length, closed }
  }
}

/** Closes auctions the caller has locked, in its transaction: a fixed number of statements for the lot, plus retractions where needed. */
async function closeAuctions(trx: Kysely<DB>, listings: LockedListing[], opts: CloseOptions) {
  if (listings.length === 0) return
  // A company suspended while it held bids never wins: its bids go before the outcome is read.
  const withBarred = await auctionsWithBarredBidders(trx, listings.map((l) => l.id))
  for (const listing of listings) {
    if (withBarred.has(listing.id)) await retractBarredBidders(trx, listing, opts.now)
    // A hazardous lot goes only to a bidder whose waste permit still counts at the close.
    if (listing.hazardous === true) await retractBiddersWithoutPermit(trx, listing, opts.now)
  }
  const outcomes = listings.map((listing) => ({ listing, result: closingOutcome(auctionState(listing)!) }))
  // Bids with no recorded request cannot be replayed; their company still never buys.
  const mayTrade = await companiesMayTradeNow(trx, outcomes.flatMap((o) => (o.result.outcome === 'sold' ? [o.result.buyerCompanyId] : [])))
  const sold: { listing: LockedListing; buyerCompanyId: string; price: number }[] = []
  const unsold: { listing: LockedListing; reason: 'no-bids' | 'reserve-not-met' | 'buyer-barred' }[] = []
  for (const { listing, result } of outcomes) {
    if (result.outcome === 'unsold') unsold.push({ listing, reason: result.reason })
    else if (!mayTrade.has(result.buyerCompanyId)) unsold.push({ listing, reason: 'buyer-barred' })
    else sold.push({ listing, buyerCompanyId: result.buyerCompanyId, price: result.price })
  }

  const buyers = await lastBiddersOf(trx, sold.map((s) => ({ listingId: s.listing.id, companyId: s.buyerCompanyId })))
  await recordSales(trx, sold.map(({ listing, buyerCompanyId, price }) => {
    const buyer = buyers.get(listing.id) ?? null
    return { listing, sale: { buyerCompanyId, buyer, buyerUserId: buyer?.userId ?? null, amount: price, kind: 'auction' as const, now: opts.now } }
  }), opts.terms)

  if (unsold.length === 0) return
  await changeListings(trx, unsold.map(({ listing }) => ({ locked: listing, changes: { status: 'ended' as const, outcome: 'unsold' as const, ended_at: opts.now } })), opts.now)
  const sellers = await sellerRecipientsOf(trx, unsold.map((u) => u.listing))
  await enqueueEmails(trx, unsold.flatMap(({ listing, reason }, i) =>
    sellers[i]!.map((s) => noSaleMessage(s, listing.title, reason, `${opts.terms.baseUrl}/listings/${listing.id}`))))
}

/** Of these companies, the ones that may trade now. */
async function companiesMayTradeNow(trx: Kysely<DB>, companyIds: string[]): Promise<Set<string>> {
  if (companyIds.length === 0) return new Set()
  const rows = await trx.selectFrom('companies').select(['id', 'status']).where('id', 'in', [...new Set(companyIds)]).execute()
  return new Set(rows.filter((c) => companyMayTrade(c.status)).map((c) => c.id))
}
