// What the deal pages read. A deal page is a handful of small queries by the deal's id,
// however long its history.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

const PARTY_COLUMNS = ['id', 'legal_name', 'country', 'address_line', 'postcode', 'city', 'contact_name', 'contact_email', 'contact_phone'] as const

export async function loadDeal(db: Kysely<DB>, dealId: string) {
  const found = await db.selectFrom('deals').innerJoin('listings', 'listings.id', 'deals.listing_id')
    .selectAll('deals')
    .select(['listings.title', 'listings.quantity', 'listings.unit', 'listings.ewc_code', 'listings.created_by as listed_by', 'listings.logistics', 'listings.logistics_note'])
    .where('deals.id', '=', dealId).executeTakeFirst()
  if (!found) return null
  const { title, quantity, unit, ewc_code, listed_by, logistics, logistics_note, ...deal } = found
  // The people behind each side (who bought, who listed, else an owner): a contact when the company named none.
  const peopleIds = [deal.buyer_user_id, listed_by].filter((id): id is string => id !== null)
  const [companies, events, payments, payouts, windows, people] = await Promise.all([
    db.selectFrom('companies').select(PARTY_COLUMNS).where('id', 'in', [deal.buyer_company_id, deal.seller_company_id]).execute(),
    db.selectFrom('deal_events').leftJoin('users', 'users.id', 'deal_events.actor_user_id')
      .select(['deal_events.id', 'deal_events.kind', 'deal_events.actor_role', 'deal_events.detail', 'deal_events.created_at', 'users.name as actor_name'])
      .where('deal_id', '=', dealId).orderBy('deal_events.id').execute(),
    db.selectFrom('deal_payments').select(['id', 'gateway', 'amount', 'received_at', 'reference']).where('deal_id', '=', dealId).orderBy('id').execute(),
    db.selectFrom('deal_payouts').select(['party', 'amount', 'paid_on', 'reference']).where('deal_id', '=', dealId).execute(),
    db.selectFrom('deal_collection_windows').select(['id', 'starts_at', 'ends_at', 'proposed_by', 'withdrawn_at'])
      .where('deal_id', '=', dealId).orderBy('starts_at').execute(),
    db.selectFrom('users').select(['id', 'name', 'email', 'company_id', 'company_role'])
      .where((eb) => eb.or([
        ...(peopleIds.length ? [eb('id', 'in', peopleIds)] : []),
        eb.and([eb('company_id', 'in', [deal.buyer_company_id, deal.seller_company_id]), eb('company_role', '=', 'owner')]),
      ])).orderBy('created_at').execute(),
  ])
  return {
    deal, listing: { id: deal.listing_id, title, quantity, unit, ewc_code, logistics, logistics_note },
    seller: companies.find((c) => c.id === deal.seller_company_id)!, buyer: companies.find((c) => c.id === deal.buyer_company_id)!,
    events, payments, payouts, windows,
    buyerPerson: people.find((p) => p.id === deal.buyer_user_id) ?? people.find((p) => p.company_id === deal.buyer_company_id),
    sellerPerson: people.find((p) => p.id === listed_by) ?? people.find((p) => p.company_id === deal.seller_company_id),
  }
}
export type LoadedDeal = NonNullable<Awaited<ReturnType<typeof loadDeal>>>

/** Deals with the lot's title and the buyer's and seller's names: the base of the deal lists (a company's, the admin's). */
export function dealsWithNames(db: Kysely<DB>) {
  return db.selectFrom('deals')
    .innerJoin('listings', 'listings.id', 'deals.listing_id')
    .innerJoin('companies as buyer', 'buyer.id', 'deals.buyer_company_id')
    .innerJoin('companies as seller', 'seller.id', 'deals.seller_company_id')
    .selectAll('deals')
    .select(['listings.title', 'buyer.legal_name as buyer_name', 'seller.legal_name as seller_name'])
}
/** The company's deals, buying and selling, newest first. */
export function listCompanyDeals(db: Kysely<DB>, companyId: string, limit = 300) {
  return dealsWithNames(db)
    .where((eb) => eb.or([eb('deals.buyer_company_id', '=', companyId), eb('deals.seller_company_id', '=', companyId)]))
    .orderBy('deals.created_at', 'desc').orderBy('deals.id').limit(limit)
    .execute()
}
export type CompanyDealRow = Awaited<ReturnType<typeof listCompanyDeals>>[number]
