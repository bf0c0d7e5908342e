// The facts the hazardous-lot rule needs, read from the database.
import type { ExpressionBuilder, Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { permitHolders, verifiedPermit } from './permits.js'
import { replayWithout } from '../auctions/retract-bids.js'
import type { LockedListing } from '../listings/listing-state.js'

/** Whether a listing's EWC code is a hazardous one. */
export async function lotIsHazardous(db: Kysely<DB>, listingId: string): Promise<boolean> {
  const row = await db.selectFrom('listings').innerJoin('ewc_codes', 'ewc_codes.code', 'listings.ewc_code')
    .select('ewc_codes.hazardous').where('listings.id', '=', listingId).executeTakeFirst()
  return row?.hazardous ?? false
}

/** The two facts for permitRefusal: is the lot hazardous, and (only then looked up) does the company hold a permit that counts now. */
export async function hazardFacts(db: Kysely<DB>, listingId: string, companyId: string, now: Date) {
  const hazardous = await lotIsHazardous(db, listingId)
  const holdsValidPermit = hazardous ? (await verifiedPermit(db, companyId, now)) !== null : true
  return { hazardous, holdsValidPermit }
}

/** SQL: the company in `companyColumn` holds a verified permit still valid on the day `day` ("YYYY-MM-DD"). */
export function holdsPermitOnSql(companyColumn: 'b.company_id', day: string) {
  return (eb: ExpressionBuilder<DB & { b: DB['bids'] }, 'b'>) => eb.exists(eb.selectFrom('waste_permits as p').select('p.id')
    .whereRef('p.company_id', '=', companyColumn).where('p.status', '=', 'verified').where('p.expires_on', '>', new Date(`${day}T00:00:00Z`)))
}

/** Of these listings, the ones whose EWC code is hazardous: for the label on rows and cards. */
export async function hazardousListingIds(db: Kysely<DB>, listingIds: string[]): Promise<Set<string>> {
  if (listingIds.length === 0) return new Set()
  const rows = await db.selectFrom('listings').innerJoin('ewc_codes', 'ewc_codes.code', 'listings.ewc_code')
    .select('listings.id').where('listings.id', 'in', listingIds).where('ewc_codes.hazardous', '=', true).execute()
  return new Set(rows.map((r) => r.id))
}

/** Rows marked with `hazardous`, keyed by their listing id. */
export async function markHazardous<T>(db: Kysely<DB>, rows: T[], listingId: (row: T) => string): Promise<(T & { hazardous: boolean })[]> {
  const hazardous = await hazardousListingIds(db, rows.map(listingId))
  return rows.map((r) => ({ ...r, hazardous: hazardous.has(listingId(r)) }))
}

/**
 * At the close of a hazardous auction: bids of companies whose permit no longer counts (it
 * expired or was withdrawn while the auction ran) are withdrawn and the auction is worked out
 * again without them, the way a suspended company's bids are, so the lot goes to the best
 * bidder still holding a permit. Returns whether anything changed.
 */
export async function retractBiddersWithoutPermit(trx: Kysely<DB>, listing: LockedListing, now: Date): Promise<boolean> {
  if (listing.hazardous !== true) return false
  const bidders = await trx.selectFrom('bid_requests').select('company_id').distinct()
    .where('listing_id', '=', listing.id).where('retracted_at', 'is', null).execute()
  const holders = await permitHolders(trx, bidders.map((b) => b.company_id), now)
  const without = bidders.map((b) => b.company_id).filter((id) => !holders.has(id))
  return without.length > 0 && replayWithout(trx, listing, without, now)
}
