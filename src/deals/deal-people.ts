import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { sellerRecipients, type Recipient } from '../auctions/recipients.js'
import { zoneForCountry } from '../lib/time.js'

export type DealRecipient = Recipient & { timeZone: string }

/**
 * Who is told about a deal: on the buyer's side the person who bought (else the company's
 * owners), on the seller's side the person who listed (else the owners); confirmed emails
 * only. Times in their emails are in their company's zone.
 */
export async function dealRecipients(db: Kysely<DB>, deal: { listing_id: string; buyer_company_id: string; buyer_user_id: string | null; seller_company_id: string }) {
  const [listing, buyers, companies] = await Promise.all([
    db.selectFrom('listings').select(['company_id', 'created_by']).where('id', '=', deal.listing_id).executeTakeFirstOrThrow(),
    db.selectFrom('users').select(['id', 'email', 'name', 'company_role'])
      .where('company_id', '=', deal.buyer_company_id).where('email_verified_at', 'is not', null).execute(),
    db.selectFrom('companies').select(['id', 'country']).where('id', 'in', [deal.buyer_company_id, deal.seller_company_id]).execute(),
  ])
  const zone = (companyId: string) => zoneForCountry(companies.find((c) => c.id === companyId)?.country)
  const buyer = buyers.filter((u) => u.id === deal.buyer_user_id)
  const buyerSide = (buyer.length ? buyer : buyers.filter((u) => u.company_role === 'owner'))
    .map((u) => ({ to: u.email, name: u.name, timeZone: zone(deal.buyer_company_id) }))
  const sellerSide = (await sellerRecipients(db, listing)).map((r) => ({ ...r, timeZone: zone(deal.seller_company_id) }))
  return { buyer: buyerSide, seller: sellerSide }
}
