import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { purchaseConfirmationMessage, soldMessage, wonMessage } from '../../views/emails/auctions.js'
import { changeListing } from '../listings/listing-state.js'
import { sellerRecipients, type Recipient } from './recipients.js'

type SaleListing = { id: string; title: string; company_id: string; created_by: string | null; currency: string; version: number }

/**
 * Ends a listing as sold and records the sale (awaiting payment), inside the caller's
 * transaction that holds the listing's lock. The sale's unique listing id makes a second
 * recording impossible. Buyer and seller are emailed through the outbox.
 */
export async function recordSale(
  trx: Kysely<DB>,
  listing: SaleListing,
  sale: { buyerCompanyId: string; buyer: Recipient | null; buyerUserId: string | null; amount: number; kind: 'auction' | 'buy_now' | 'fixed_price'; now: Date; baseUrl: string },
  /** Further changes to the listing in the same write (a buy-now adds its line to the bid count). */
  also: { bid_count?: number } = {},
) {
  await changeListing(trx, listing, {
    status: 'ended', outcome: 'sold', ended_at: sale.now, current_price: sale.amount, leading_company_id: sale.buyerCompanyId, ...also,
  }, sale.now)
  await trx.insertInto('sales').values({
    listing_id: listing.id, seller_company_id: listing.company_id, buyer_company_id: sale.buyerCompanyId, buyer_user_id: sale.buyerUserId,
    amount: sale.amount, currency: listing.currency, kind: sale.kind, created_at: sale.now,
  }).execute()
  const [buyerCompany, sellers] = await Promise.all([
    trx.selectFrom('companies').select('legal_name').where('id', '=', sale.buyerCompanyId).executeTakeFirstOrThrow(),
    sellerRecipients(trx, listing),
  ])
  const price = formatMoney(sale.amount, listing.currency)
  const url = `${sale.baseUrl}/listings/${listing.id}`
  const buyerEmail = sale.buyer
    ? [sale.kind === 'auction' ? wonMessage(sale.buyer, listing.title, price, url) : purchaseConfirmationMessage(sale.buyer, listing.title, price, url)]
    : []
  await enqueueEmails(trx, [...buyerEmail, ...sellers.map((s) => soldMessage(s, listing.title, price, buyerCompany.legal_name, url))])
}
