import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime, zoneForCountry } from '../lib/time.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { purchaseConfirmationMessage, soldMessage, wonMessage } from '../../views/emails/auctions.js'
import { changeListing } from '../listings/listing-state.js'
import { openDeal } from '../deals/open-deal.js'
import { dealVatWords } from '../vat/deal-vat-words.js'
import type { DealTerms } from '../deals/terms.js'
import { sellerRecipients, type Recipient } from './recipients.js'

/** The locked listing (lockListing), which knows whether the lot is hazardous waste. */
type SaleListing = { id: string; title: string; company_id: string; created_by: string | null; currency: string; version: number; hazardous: boolean | null }

/**
 * Ends a listing as sold and opens its deal (awaiting payment), inside the caller's
 * transaction that holds the listing's lock; a listing has one standing deal, so a second
 * recording is impossible. Buyer and seller are emailed, with a link to the deal, through the outbox.
 */
export async function recordSale(
  trx: Kysely<DB>,
  listing: SaleListing,
  sale: { buyerCompanyId: string; buyer: Recipient | null; buyerUserId: string | null; amount: number; kind: 'auction' | 'buy_now' | 'fixed_price'; now: Date },
  terms: DealTerms,
  /** Further changes to the listing in the same write (a buy-now adds its line to the bid count). */
  also: { bid_count?: number } = {},
) {
  await changeListing(trx, listing, {
    status: 'ended', outcome: 'sold', ended_at: sale.now, current_price: sale.amount, leading_company_id: sale.buyerCompanyId, ...also,
  }, sale.now)
  const deal = await openDeal(trx, {
    listingId: listing.id, sellerCompanyId: listing.company_id, buyerCompanyId: sale.buyerCompanyId, buyerUserId: sale.buyerUserId,
    amount: sale.amount, currency: listing.currency, kind: sale.kind, now: sale.now,
  }, terms)
  const [buyerCompany, sellers] = await Promise.all([
    trx.selectFrom('companies').select(['legal_name', 'country']).where('id', '=', sale.buyerCompanyId).executeTakeFirstOrThrow(),
    sellerRecipients(trx, listing),
  ])
  const money = (minor: number) => formatMoney(minor, listing.currency)
  const price = money(sale.amount)
  const url = `${terms.baseUrl}/deals/${deal.id}`
  const listingUrl = `${terms.baseUrl}/listings/${listing.id}`
  const payBy = formatDateTime(deal.pay_by, zoneForCountry(buyerCompany.country))
  const vat = dealVatWords({ ...deal, currency: listing.currency })
  const hazardous = listing.hazardous === true
  const buyerEmail = sale.buyer
    ? [(sale.kind === 'auction' ? wonMessage : purchaseConfirmationMessage)(sale.buyer, listing.title, { price, payBy, url, listingUrl, vat, hazardous })]
    : []
  const payout = { price, fee: money(deal.fee_amount), payout: money(deal.amount - deal.fee_amount), buyer: buyerCompany.legal_name, url, listingUrl, vat, hazardous }
  await enqueueEmails(trx, [...buyerEmail, ...sellers.map((s) => soldMessage(s, listing.title, payout))])
}
