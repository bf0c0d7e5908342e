import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

export type Recipient = { to: string; name: string }

type SellerListing = { company_id: string; created_by: string | null }
type SellerUser = { id: string; email: string; name: string; company_role: string | null; company_id: string }

/** The seller side: the person who created the listing, else the company's owners (confirmed emails only). */
export async function sellerRecipients(db: Kysely<DB>, listing: SellerListing): Promise<Recipient[]> {
  return (await sellerRecipientsOf(db, [listing]))[0]!
}

/** sellerRecipients of several listings in one query, in the listings' order. */
export async function sellerRecipientsOf(db: Kysely<DB>, listings: SellerListing[]): Promise<Recipient[][]> {
  if (listings.length === 0) return []
  const rows = await db.selectFrom('users').select(['id', 'email', 'name', 'company_role', 'company_id'])
    .where('company_id', 'in', [...new Set(listings.map((l) => l.company_id))]).where('email_verified_at', 'is not', null).execute()
  const byCompany = new Map<string, SellerUser[]>()
  for (const r of rows) {
    if (r.company_id === null) continue
    const list = byCompany.get(r.company_id) ?? []
    list.push({ ...r, company_id: r.company_id })
    byCompany.set(r.company_id, list)
  }
  return listings.map((listing) => {
    const people = byCompany.get(listing.company_id) ?? []
    const creator = people.filter((r) => r.id === listing.created_by)
    const chosen = creator.length ? creator : people.filter((r) => r.company_role === 'owner')
    return chosen.map((r) => ({ to: r.email, name: r.name }))
  })
}

export type Bidder = Recipient & { userId: string; country: string }

/** The person who bid last for a company on a listing: the one to tell about that auction. */
export async function lastBidder(db: Kysely<DB>, listingId: string, companyId: string): Promise<Bidder | null> {
  return (await lastBiddersOf(db, [{ listingId, companyId }])).get(listingId) ?? null
}

/** The last bidding person of each company on a listing, in one query. */
export async function lastBidders(db: Kysely<DB>, listingId: string): Promise<Map<string, Bidder>> {
  const rows = await db.selectFrom('bids').innerJoin('users', 'users.id', 'bids.user_id').innerJoin('companies', 'companies.id', 'bids.company_id')
    .distinctOn('bids.company_id')
    .select(['bids.company_id', 'users.id', 'users.email', 'users.name', 'companies.country'])
    .where('bids.listing_id', '=', listingId)
    .orderBy('bids.company_id').orderBy('bids.id', 'desc').execute()
  return new Map(rows.map((r) => [r.company_id, { userId: r.id, to: r.email, name: r.name, country: r.country }]))
}

/** lastBidder of one company on each of several listings, in one query: keyed by listing id. */
export async function lastBiddersOf(db: Kysely<DB>, wanted: { listingId: string; companyId: string }[]): Promise<Map<string, Bidder>> {
  if (wanted.length === 0) return new Map()
  const rows = await db.selectFrom('bids').innerJoin('users', 'users.id', 'bids.user_id').innerJoin('companies', 'companies.id', 'bids.company_id')
    .distinctOn('bids.listing_id')
    .select(['bids.listing_id', 'users.id', 'users.email', 'users.name', 'companies.country'])
    .where((eb) => eb(eb.refTuple('bids.listing_id', 'bids.company_id'), 'in', wanted.map((w) => eb.tuple(w.listingId, w.companyId))))
    .orderBy('bids.listing_id').orderBy('bids.id', 'desc').execute()
  return new Map(rows.map((r) => [r.listing_id, { userId: r.id, to: r.email, name: r.name, country: r.country }]))
}
