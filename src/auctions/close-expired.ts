import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { noSaleMessage } from '../../views/emails/auctions.js'
import { closingOutcome } from './bidding.js'
import { auctionState } from './place-bid.js'
import { changeListing, companyMayTrade, lockListing } from '../listings/listing-state.js'
import { retractBarredBidders } from './retract-bids.js'
import { retractBiddersWithoutPermit } from '../compliance/hazardous.js'
import { recordSale } from './record-sale.js'
import type { DealTerms } from '../deals/terms.js'
import { lastBidder, sellerRecipients } from './recipients.js'

/** How many auctions close side by side: each in its own transaction on its own connection. */
export const CLOSING_WORKERS = 4

/**
 * Closes auctions whose end has passed, up to `limit` (all that are due by default). Each
 * auction is claimed and closed in its own short transaction with FOR UPDATE SKIP LOCKED, so
 * several workers of this instance and several instances share the work without waiting on
 * each other, and a crash mid-batch leaves every auction either closed (committed) or still due
 * (rolled back) — never half-closed, never closed twice. A burst of endings is closed by
 * `workers` side by side, and the run goes on until none is due (or `stop()` says so).
 */
export async function closeExpiredAuctions(db: Kysely<DB>, opts: {
  now: Date; terms: DealTerms; limit?: number; log?: Logger; workers?: number; stop?: () => boolean
}): Promise<number> {
  const limit = opts.limit ?? Infinity
  let claimed = 0
  let closed = 0
  const worker = async () => {
    while (claimed < limit && !opts.stop?.()) {
      claimed += 1
      const done = await db.transaction().execute(async (trx) => {
        const due = await trx.selectFrom('listings').select('id')
          .where('status', '=', 'live').where('sale_type', '=', 'auction').where('ends_at', '<=', opts.now)
          .orderBy('ends_at').limit(1).forUpdate().skipLocked().executeTakeFirst()
        if (!due) return false
        await closeAuction(trx, due.id, opts)
        return true
      })
      if (!done) return
      closed += 1
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

async function closeAuction(trx: Kysely<DB>, listingId: string, opts: { now: Date; terms: DealTerms }) {
  const listing = (await lockListing(trx, listingId))!
  // A company suspended while it held bids never wins: its bids go before the outcome is read.
  await retractBarredBidders(trx, listing, opts.now)
  // A hazardous lot goes only to a bidder whose waste permit still counts at the close.
  await retractBiddersWithoutPermit(trx, listing, opts.now)
  const state = auctionState(listing)!
  let result: ReturnType<typeof closingOutcome> | { outcome: 'unsold'; reason: 'buyer-barred' } = closingOutcome(state)
  // Bids with no recorded request cannot be replayed; their company still never buys.
  if (result.outcome === 'sold' && !(await companyMayTradeNow(trx, result.buyerCompanyId))) result = { outcome: 'unsold', reason: 'buyer-barred' }
  const url = `${opts.terms.baseUrl}/listings/${listing.id}`
  if (result.outcome === 'sold') {
    const buyer = await lastBidder(trx, listing.id, result.buyerCompanyId)
    await recordSale(trx, listing, {
      buyerCompanyId: result.buyerCompanyId, buyer, buyerUserId: buyer?.userId ?? null, amount: result.price, kind: 'auction',
      now: opts.now,
    }, opts.terms)
    return
  }
  await changeListing(trx, listing, { status: 'ended', outcome: 'unsold', ended_at: opts.now }, opts.now)
  const sellers = await sellerRecipients(trx, listing)
  await enqueueEmails(trx, sellers.map((s) => noSaleMessage(s, listing.title, result.reason, url)))
}

async function companyMayTradeNow(trx: Kysely<DB>, companyId: string): Promise<boolean> {
  const company = await trx.selectFrom('companies').select('status').where('id', '=', companyId).executeTakeFirst()
  return company !== undefined && companyMayTrade(company.status)
}
