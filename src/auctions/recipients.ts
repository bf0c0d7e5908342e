import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

export type Recipient = { to: string; name: string }

/** The seller side: the person who created the listing, else the company's owners (confirmed emails only). */
export async function sellerRecipients(db: Kysely<DB>, listing: { company_id: string; created_by: string | null }): Promise<Recipient[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'name', 'company_role'])
    .where('company_id', '=', listing.company_id).where('email_verified_at', 'is not', null).execute()
  const creator = rows.filter((r) => r.id === listing.created_by)
  const chosen = creator.length ? creator : rows.filter((r) => r.company_role === 'owner')
  return chosen.map((r) => ({ to: r.email, name: r.name }))
}

/** The person who bid last for a company on a listing: the one to tell about that auction. */
export async function lastBidder(db: Kysely<DB>, listingId: string, companyId: string): Promise<(Recipient & { userId: string; country: string }) | null> {
  return (await lastBidders(db, listingId, companyId)).get(companyId) ?? null
}

/** The last bidding person of each company on a listing (or of one company), in one query. */
export async function lastBidders(db: Kysely<DB>, listingId: string, companyId?: string): Promise<Map<string, Recipient & { userId: string; country: string }>> {
  let query = db.selectFrom('bids').innerJoin('users', 'users.id', 'bids.user_id').innerJoin('companies', 'companies.id', 'bids.company_id')
    .distinctOn('bids.company_id')
    .select(['bids.company_id', 'users.id', 'users.email', 'users.name', 'companies.country'])
    .where('bids.listing_id', '=', listingId)
  if (companyId) query = query.where('bids.company_id', '=', companyId)
  const rows = await query.orderBy('bids.company_id').orderBy('bids.id', 'desc').execute()
  return new Map(rows.map((r) => [r.company_id, { userId: r.id, to: r.email, name: r.name, country: r.country }]))
}
