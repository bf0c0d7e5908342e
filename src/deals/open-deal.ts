import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { COUNTRIES } from '../lib/countries.js'
import { feeOn } from './fees.js'
import { saleVatFor } from '../vat/party-vat.js'
import { vatOn } from '../vat/vat-rules.js'
import { addWorkingDays, type DealTerms } from './terms.js'

export type DealKind = 'auction' | 'buy_now' | 'fixed_price' | 'second_chance'

/**
 * Makes the deal a sale starts, inside the caller's transaction (the one that ends the
 * listing, or accepts a second-chance offer): the price (`amount`, excluding VAT, as every
 * price on NordicLoop), the VAT the rules add to it (the deal's amount is what the buyer pays,
 * VAT included), the fee on the net price at today's terms, the
 * payment deadline and where the material is collected. The partial unique index on deals
 * makes a second standing deal for one listing impossible. Its first history line is written here.
 */
export async function openDeal(
  trx: Kysely<DB>,
  sale: { listingId: string; sellerCompanyId: string; buyerCompanyId: string; buyerUserId: string | null; amount: number; currency: string; kind: DealKind; now: Date },
  terms: DealTerms,
) {
  const place = await trx.selectFrom('listings').select(['location_postcode', 'location_city', 'location_country'])
    .where('id', '=', sale.listingId).executeTakeFirstOrThrow()
  const vat = await saleVatFor(trx, sale)
  const vatAmount = vatOn(sale.amount, vat.rateBp)
  const deal = await trx.insertInto('deals').values({
    listing_id: sale.listingId, seller_company_id: sale.sellerCompanyId, buyer_company_id: sale.buyerCompanyId,
    buyer_user_id: sale.buyerUserId, amount: sale.amount + vatAmount, currency: sale.currency, kind: sale.kind, created_at: sale.now, updated_at: sale.now,
    vat_amount: vatAmount, vat_category: vat.category, vat_rate_bp: vat.rateBp, vat_rule: vat.rule, vat_note: vat.note,
    fee_rate_bp: terms.fees.feeRateBp, fee_minimum: terms.fees.feeMinimum, fee_amount: feeOn(sale.amount, terms.fees),
    pay_by: addWorkingDays(sale.now, terms.paymentWorkingDays),
    collection_address: `${place.location_postcode} ${place.location_city}, ${COUNTRIES[place.location_country] ?? place.location_country}`,
  }).returning(['id', 'number', 'pay_by', 'fee_amount', 'amount', 'vat_amount', 'vat_rule', 'vat_note']).executeTakeFirstOrThrow()
  await trx.insertInto('deal_events').values({
    deal_id: deal.id, kind: 'opened', actor_role: 'system', detail: JSON.stringify({ kind: sale.kind, amount: sale.amount }), created_at: sale.now,
  }).execute()
  return deal
}
