// What a buyer reads before "Confirm purchase": exactly what is bought (lot, quantity, price
// per unit), the VAT the deal will carry for this buyer and seller (the same decision openDeal
// stores), what the buyer pays in all, the fee (none for buyers), collection terms and the
// payment deadline. Or, when the company may not buy, why — in words.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { UNIT_LABELS } from '../listings/schemas.js'
import { findListing } from '../listings/queries.js'
import { isPubliclyVisible } from '../listings/listing-state.js'
import { tradeAvailability } from '../listings/rules.js'
import { formatQuantity, presentGoods } from '../listings/present.js'
import { verifiedPermit } from '../compliance/permits.js'
import { PERMITS_PAGE } from '../compliance/hazardous-rules.js'
import { saleVatFor } from '../vat/party-vat.js'
import { formatRate, vatOn } from '../vat/vat-rules.js'
import { addWorkingDays, type DealTerms } from '../deals/terms.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime } from '../lib/time.js'
import { applyBuyNow } from './bidding.js'
import { auctionState } from './place-bid.js'

const PER_UNIT: Record<keyof typeof UNIT_LABELS, string> = { kg: 'kg', t: 'tonne', m3: 'm³', l: 'litre', pcs: 'piece', pallets: 'pallet' }

/** What the review page shows of a purchase, worded for the buyer. */
export type BuyReviewView = {
  listingId: string
  title: string
  seller: string
  /** An auction bought at its buy-now price (it ends at once), rather than a fixed-price lot. */
  buyNow: boolean
  quantity: string
  price: string
  perUnit: string | null
  vat: { label: string; amount: string; note: string }
  total: string
  collection: { terms: string; note: string; location: string }
  payBy: { iso: string; text: string; workingDays: number }
  hazardous: boolean
  /** The price in minor units, sent back with the confirmation. */
  expectedPrice: number
}

export type BuyRefusalView = { listingId: string; title: string; message: string; permitPath: string | null }

export type BuyReview =
  | { kind: 'review'; view: BuyReviewView }
  /** The company may not buy it: the reason, and where to go next. */
  | { kind: 'refused'; status: 403 | 409; refusal: BuyRefusalView }
  /** Already sold to this company (a second "Confirm", the Back button): its listing page says so. */
  | { kind: 'yours' }

/** The review of buying `listingId` now, for `company`; undefined when there is no such public listing. */
export async function reviewPurchase(
  db: Kysely<DB>,
  args: { listingId: string; company: { id: string; status: string }; now: Date; terms: DealTerms; timeZone: string },
): Promise<BuyReview | undefined> {
  const listing = await findListing(db, args.listingId)
  if (!listing || !isPubliclyVisible(listing.status)) return undefined
  const refuse = (status: 403 | 409, message: string, permitLink = false): BuyReview =>
    ({ kind: 'refused', status, refusal: { listingId: listing.id, title: listing.title, message, permitPath: permitLink ? PERMITS_PAGE : null } })
  if (listing.status === 'ended' && listing.outcome === 'sold') {
    return listing.leading_company_id === args.company.id ? { kind: 'yours' } : refuse(409, 'This lot has been sold to another buyer.')
  }
  const hazard = listing.ewc_hazardous
    ? { hazardous: true, holdsValidPermit: (await verifiedPermit(db, args.company.id, args.now)) !== null }
    : { hazardous: false, holdsValidPermit: true }
  const availability = tradeAvailability(listing, { company: args.company }, args.now, hazard)
  if ('message' in availability) {
    const forbidden = availability.kind === 'own' || availability.kind === 'no-permit' || availability.kind === 'not-approved' || availability.kind === 'no-company'
    return refuse(forbidden ? 403 : 409, availability.message, availability.kind === 'no-permit')
  }

  let price: number
  if (listing.sale_type === 'fixed_price') price = listing.fixed_price ?? 0
  else {
    const state = auctionState(listing)
    if (!state) return refuse(409, 'This listing cannot be bought.')
    const buyNow = applyBuyNow({ ...state, hazardous: hazard.hazardous }, args.company.id, args.now, hazard)
    if (!buyNow.ok) return refuse(409, buyNow.message)
    price = buyNow.price
  }

  const vat = await saleVatFor(db, { listingId: listing.id, sellerCompanyId: listing.company_id, buyerCompanyId: args.company.id })
  const vatAmount = vatOn(price, vat.rateBp)
  const money = (minor: number) => formatMoney(minor, listing.currency)
  const quantity = Number(listing.quantity)
  const goods = presentGoods(listing)
  const payBy = addWorkingDays(args.now, args.terms.paymentWorkingDays)
  return {
    kind: 'review',
    view: {
      listingId: listing.id,
      title: listing.title,
      seller: listing.seller_name,
      buyNow: listing.sale_type === 'auction',
      quantity: formatQuantity(listing.quantity, listing.unit),
      price: money(price),
      perUnit: quantity > 0 ? `${money(Math.round(price / quantity))} per ${PER_UNIT[listing.unit]}` : null,
      vat: {
        label: vat.rateBp > 0 ? `VAT ${formatRate(vat.rateBp)} %` : 'VAT',
        amount: money(vatAmount),
        note: vat.note,
      },
      total: money(price + vatAmount),
      collection: { terms: goods.logistics, note: goods.logisticsNote, location: goods.location },
      payBy: { iso: payBy.toISOString(), text: formatDateTime(payBy, args.timeZone), workingDays: args.terms.paymentWorkingDays },
      hazardous: hazard.hazardous,
      expectedPrice: price,
    },
  }
}
