import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime, zoneForCountry } from '../lib/time.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { purchaseConfirmationMessage, soldMessage, wonMessage } from '../../views/emails/auctions.js'
import { changeListings } from '../listings/listing-state.js'
import { openDeals } from '../deals/open-deal.js'
import { dealVatWords } from '../vat/deal-vat-words.js'
import type { DealTerms } from '../deals/terms.js'
import { sellerRecipientsOf, type Recipient } from './recipients.js'

/** The locked listing (lockListing), which knows whether the lot is hazardous waste. */
type SaleListing = { id: string; title: string; company_id: string; created_by: string | null; currency: string; version: number; hazardous: boolean | null }

type Sale = { buyerCompanyId: string; buyer: Recipient | null; buyerUserId: string | null; amount: number; kind: 'auction' | 'buy_now' | 'fixed_price'; now: Date }

/**
 * Ends a listing as sold and opens its deal (awaiting payment), inside the caller's
 * transaction that holds the listing's lock; a listing has one standing deal, so a second
 * recording is impossible. Buyer and seller are emailed, with a link to the deal, through the outbox.
 */
export async function recordSale(
  trx: Kysely<DB>,
  listing: SaleListing,
  sale: Sale,
  terms: DealTerms,
  /** Further changes to the listing in the same write (a buy-now adds its line to the bid count). */
  also: { bid_count?: number } = {},
) {
  await recordSales(trx, [{ listing, sale, also }], terms)
}

/**
 * recordSale for several listings at once (a burst of auctions closing), each locked by the
 * caller: the same writes and emails, in a fixed number of statements whatever their number.
 */
export async function recordSales(trx: Kysely<DB>, sales: { listing: SaleListing; sale: Sale; also?: { bid_count?: number } }[], terms: DealTerms) {
  if (sales.length === 0) return
  await changeListings(trx, sales.map(({ listing, sale, also }) => ({
    locked: listing,
    changes: { status: 'ended' as const, outcome: 'sold' as const, ended_at: sale.now, current_price: sale.amount, leading_company_id: sale.buyerCompanyId, ...also },
  })), sales[0]!.sale.now)
  const deals = await openDeals(trx, sales.map(({ listing, sale }) => ({
    listingId: listing.id, sellerCompanyId: listing.company_id, buyerCompanyId: sale.buyerCompanyId, buyerUserId: sale.buyerUserId,
    amount: sale.amount, currency: listing.currency, kind: sale.kind, now: sale.now,
  })), terms)
  const [buyerCompanies, sellersOf] = await Promise.all([
    trx.selectFrom('companies').select(['id', 'legal_name', 'country']).where('id', 'in', [...new Set(sales.map((s) => s.sale.buyerCompanyId))]).execute(),
    sellerRecipientsOf(trx, sales.map((s) => s.listing)),
  ])
  await enqueueEmails(trx, sales.flatMap(({ listing, sale }, i) => {
    const deal = deals[i]!
    const buyerCompany = buyerCompanies.find((c) => c.id === sale.buyerCompanyId)
    if (!buyerCompany) throw new Error(`buyer company ${sale.buyerCompanyId} of a sale is missing`)
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
    return [...buyerEmail, ...sellersOf[i]!.map((s) => soldMessage(s, listing.title, payout))]
  }))
}
