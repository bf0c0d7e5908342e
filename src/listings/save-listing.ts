import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { FieldErrors } from '../web/forms.js'
import { canSellerWithdraw, checkAuctionTerms, checkLiveAuctionChange, checkSubmittable, editMode, type AuctionTerms } from './rules.js'
import { changeListing, hasEnded, lockListing } from './listing-state.js'
import type { ListingInput } from './schemas.js'
import { findEwcCode } from './queries.js'
import { searchExtraFor } from './search-extra.js'

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; status: 404 | 409 | 422 }

type Resolved = { categoryId: number; searchExtra: string }

/** Checks what zod cannot: the category and waste code exist, the auction terms add up. */
async function resolveAndCheck(db: Kysely<DB>, input: ListingInput): Promise<{ errors: FieldErrors; resolved: Resolved | null }> {
  const errors: FieldErrors = {}
  const [category, ewc] = await Promise.all([
    db.selectFrom('categories').select(['id', 'name']).where('slug', '=', input.categorySlug).where('retired_at', 'is', null).executeTakeFirst(),
    input.ewcCode ? findEwcCode(db, input.ewcCode) : Promise.resolve(undefined),
  ])
  if (!category) errors.category = 'Choose a category from the list.'
  if (input.ewcCode && !ewc) errors.ewc_code = `${input.ewcCode.replace(/(\d\d)(\d\d)(\d\d)/, '$1 $2 $3')} is not on the European List of Waste. Pick a code from the suggestions.`
  const terms = auctionTermsOf(input)
  if (terms) Object.assign(errors, checkAuctionTerms(terms))
  if (!category || Object.keys(errors).length) return { errors, resolved: null }
  return { errors, resolved: { categoryId: category.id, searchExtra: searchExtraFor(category.name, ewc) } }
}

function auctionTermsOf(input: ListingInput): AuctionTerms | null {
  if (input.saleType !== 'auction' || !input.startsAt || !input.endsAt || input.startPrice === null || input.bidIncrement === null) return null
  return { startPrice: input.startPrice, reservePrice: input.reservePrice, bidIncrement: input.bidIncrement, buyNowPrice: input.buyNowPrice, startsAt: input.startsAt, endsAt: input.endsAt }
}

function columns(input: ListingInput, resolved: Resolved) {
  return {
    title: input.title, description: input.description, category_id: resolved.categoryId, ewc_code: input.ewcCode,
    quantity: input.quantity, unit: input.unit, actual_weight_kg: input.actualWeightKg, location_city: input.locationCity, location_postcode: input.locationPostcode,
    location_country: input.locationCountry, logistics: input.logistics, logistics_note: input.logisticsNote,
    recurrence: input.recurrence, sale_type: input.saleType, fixed_price: input.fixedPrice, start_price: input.startPrice,
    reserve_price: input.reservePrice, bid_increment: input.bidIncrement, buy_now_price: input.buyNowPrice,
    starts_at: input.startsAt, ends_at: input.endsAt, search_extra: resolved.searchExtra,
  }
}

export async function createListing(db: Kysely<DB>, args: { companyId: string; userId: string; input: ListingInput; now: Date }): Promise<SaveResult> {
  const { errors, resolved } = await resolveAndCheck(db, args.input)
  if (!resolved) return { ok: false, errors, status: 422 }
  // Always a draft: photos and a look at the summary come before it is sent (submitListing).
  const row = await db.insertInto('listings').values({
    ...columns(args.input, resolved),
    company_id: args.companyId,
    created_by: args.userId,
    status: 'draft',
    created_at: args.now,
    updated_at: args.now,
  }).returning('id').executeTakeFirstOrThrow()
  return { ok: true, id: row.id }
}

/** Saves a draft or rejected listing; it keeps its status until the seller sends it (submitListing). */
export async function updateListing(db: Kysely<DB>, args: { listingId: string; companyId: string; input: ListingInput; now: Date }): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('listings').select(['status', 'sale_type'])
      .where('id', '=', args.listingId).where('company_id', '=', args.companyId).forUpdate().executeTakeFirst()
    if (!current) return { ok: false, errors: {}, status: 404 }
    if (editMode(current.status, current.sale_type) !== 'full') {
      return { ok: false, errors: { _form: 'This listing can no longer be edited like this.' }, status: 409 }
    }
    const { errors, resolved } = await resolveAndCheck(trx, args.input)
    if (!resolved) return { ok: false, errors, status: 422 }
    await trx.updateTable('listings').set({ ...columns(args.input, resolved), updated_at: args.now }).where('id', '=', args.listingId).execute()
    return { ok: true, id: args.listingId }
  })
}

/** Changes a live auction's terms under the lock bids take, so no bid slips in between check and write. */
export async function updateAuctionTerms(db: Kysely<DB>, args: { listingId: string; companyId: string; terms: AuctionTerms; now: Date }): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const l = await lockListing(trx, args.listingId)
    if (!l || l.company_id !== args.companyId) return { ok: false, errors: {}, status: 404 }
    if (editMode(l.status, l.sale_type) !== 'auction-terms' || !l.starts_at || !l.ends_at || l.start_price === null || l.bid_increment === null) {
      return { ok: false, errors: { _form: 'Only a live auction’s terms can be changed.' }, status: 409 }
    }
    if (hasEnded(l, args.now)) return { ok: false, errors: { _form: 'The auction has ended.' }, status: 409 }
    const errors = checkLiveAuctionChange({
      startPrice: l.start_price, reservePrice: l.reserve_price, bidIncrement: l.bid_increment, buyNowPrice: l.buy_now_price,
      startsAt: l.starts_at, endsAt: l.ends_at, bidCount: l.bid_count, currentPrice: l.current_price, currency: l.currency,
    }, args.terms, args.now)
    if (Object.keys(errors).length) return { ok: false, errors, status: 422 }
    const t = args.terms
    // Open pages show the new end time, minimum bid and buy-now price at once.
    await changeListing(trx, l, {
      start_price: t.startPrice, reserve_price: t.reservePrice, bid_increment: t.bidIncrement, buy_now_price: t.buyNowPrice,
      starts_at: t.startsAt, ends_at: t.endsAt,
    }, args.now)
    return { ok: true, id: args.listingId }
  })
}

export type SubmitResult = { ok: true } | { ok: false; status: 404 | 409 | 422; message: string }

/**
 * The last step of listing: the seller, having seen the summary, sends a draft (or a rejected
 * listing they changed) to the admins' review queue. Through listing-state's lock and write, as
 * every status change is.
 */
export async function submitListing(db: Kysely<DB>, args: { listingId: string; companyId: string; now: Date }): Promise<SubmitResult> {
  return db.transaction().execute(async (trx): Promise<SubmitResult> => {
    const l = await lockListing(trx, args.listingId)
    if (!l || l.company_id !== args.companyId) return { ok: false, status: 404, message: 'There is no such listing, or it is not yours to change.' }
    if (l.status === 'pending_review') return { ok: false, status: 409, message: 'This listing is already waiting for review; nothing was changed.' }
    if (editMode(l.status, l.sale_type) !== 'full') return { ok: false, status: 409, message: 'Only a draft or a rejected listing can be sent for review; nothing was changed.' }
    const late = checkSubmittable(l.sale_type, l.ends_at, args.now).ends_at
    if (late) return { ok: false, status: 422, message: `${late} Change the end time, then send it; nothing was sent.` }
    await changeListing(trx, l, { status: 'pending_review', submitted_at: args.now, status_reason: null }, args.now)
    return { ok: true }
  })
}

/** A seller takes a listing off the market: any time before a sale, but not once bids are in. Open pages are told. */
export async function withdrawListing(db: Kysely<DB>, args: { listingId: string; companyId: string; now: Date }): Promise<{ ok: true } | { ok: false; status: 404 | 409; message: string }> {
  return db.transaction().execute(async (trx) => {
    const l = await lockListing(trx, args.listingId)
    if (!l || l.company_id !== args.companyId) return { ok: false as const, status: 404 as const, message: 'No such listing.' }
    if (!canSellerWithdraw(l.status, l.bid_count)) {
      return { ok: false as const, status: 409 as const, message: l.bid_count > 0 ? 'This auction has bids and can no longer be withdrawn.' : 'This listing can no longer be withdrawn.' }
    }
    await changeListing(trx, l, { status: 'withdrawn', ended_at: args.now }, args.now)
    return { ok: true as const }
  })
}
