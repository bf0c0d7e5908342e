import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { COUNTRIES } from '../lib/countries.js'
import { feeOn } from './fees.js'
import { vatOfSale } from '../vat/party-vat.js'
import { vatOn } from '../vat/vat-rules.js'
import { addWorkingDays, type DealTerms } from './terms.js'

export type DealKind = 'auction' | 'buy_now' | 'fixed_price' | 'second_chance'

export type DealSale = {
  listingId: string; sellerCompanyId: string; buyerCompanyId: string; buyerUserId: string | null; amount: number; currency: string; kind: DealKind; now: Date
}

/**
 * Makes the deal a sale starts, inside the caller's transaction (the one that ends the
 * listing, or accepts a second-chance offer): the price (`amount`, excluding VAT, as every
 * price on NordicLoop), the VAT the rules add to it (the deal's amount is what the buyer pays,
 * VAT included), the fee on the net price at today's terms, the
 * payment deadline and where the material is collected. The partial unique index on deals
 * makes a second standing deal for one listing impossible. Its first history line is written here.
 */
export async function openDeal(trx: Kysely<DB>, sale: DealSale, terms: DealTerms) {
  return (await openDeals(trx, [sale], terms))[0]!
}

/**
 * openDeal for several sales of different listings at once (a burst of auctions closing), in
 * four statements whatever their number: the listings' places and categories, the companies as
 * they stand now (for the VAT), the deals, their first history lines. Deals come back in the
 * sales' order.
 */
export async function openDeals(trx: Kysely<DB>, sales: DealSale[], terms: DealTerms) {
  if (sales.length === 0) return []
  const [places, companies] = await Promise.all([
    trx.selectFrom('listings').innerJoin('categories', 'categories.id', 'listings.category_id')
      .select(['listings.id', 'listings.location_postcode', 'listings.location_city', 'listings.location_country', 'categories.slug'])
      .where('listings.id', 'in', sales.map((s) => s.listingId)).execute(),
    trx.selectFrom('companies').select(['id', 'country', 'vat_number'])
      .where('id', 'in', [...new Set(sales.flatMap((s) => [s.sellerCompanyId, s.buyerCompanyId]))]).execute(),
  ])
  const rows = sales.map((sale) => {
    const place = places.find((p) => p.id === sale.listingId)
    if (!place) throw new Error(`listing ${sale.listingId} of a sale is missing`)
    // The VAT of selling this listing from the seller to the buyer, as the companies stand now.
    const vat = vatOfSale(companies, sale, place.slug)
    const vatAmount = vatOn(sale.amount, vat.rateBp)
    return {
      listing_id: sale.listingId, seller_company_id: sale.sellerCompanyId, buyer_company_id: sale.buyerCompanyId,
      buyer_user_id: sale.buyerUserId, amount: sale.amount + vatAmount, currency: sale.currency, kind: sale.kind, created_at: sale.now, updated_at: sale.now,
      vat_amount: vatAmount, vat_category: vat.category, vat_rate_bp: vat.rateBp, vat_rule: vat.rule, vat_note: vat.note,
      fee_rate_bp: terms.fees.feeRateBp, fee_minimum: terms.fees.feeMinimum, fee_amount: feeOn(sale.amount, terms.fees),
      pay_by: addWorkingDays(sale.now, terms.paymentWorkingDays),
      collection_address: `${place.location_postcode} ${place.location_city}, ${COUNTRIES[place.location_country] ?? place.location_country}`,
    }
  })
  // A multi-row INSERT … RETURNING does not promise VALUES order: deals are matched back by
  // listing (one standing deal per listing, so a batch never holds two for one).
  const inserted = await trx.insertInto('deals').values(rows)
    .returning(['id', 'listing_id', 'number', 'pay_by', 'fee_amount', 'amount', 'vat_amount', 'vat_rule', 'vat_note']).execute()
  const deals = sales.map((sale) => {
    const deal = inserted.find((d) => d.listing_id === sale.listingId)
    if (!deal) throw new Error(`the deal of listing ${sale.listingId} was not written`)
    return deal
  })
  await trx.insertInto('deal_events').values(sales.map((sale, i) => ({
    deal_id: deals[i]!.id, kind: 'opened' as const, actor_role: 'system' as const, detail: JSON.stringify({ kind: sale.kind, amount: sale.amount }), created_at: sale.now,
  }))).execute()
  return deals
}
