// Relisting a lot whose buyer did not pay: a copy of the listing as a new draft of the seller's,
// to check, give new times and send for review like any listing. The relisting is kept in the
// deal's history, which is also what stops the lot being offered to a bidder afterwards (and a
// second copy being made).
//
// Photos are not copied. A photo's stored files are named after its row (photos/<id>/…) and
// deleting a photo deletes its files, so two listings cannot share them safely; the seller adds
// photos to the draft again.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { MAX_AUCTION_MS, MIN_AUCTION_MS } from '../listings/rules.js'
import type { DealViewer } from './act-on-deal.js'
import { lockForSeller, sellerChoices, type Refusal } from './second-chance.js'

const HOUR = 60 * 60 * 1000

/**
 * New auction times for the copy: starting on the first full hour a day from now and running as
 * long as the original did (within the allowed length). The seller changes them before sending.
 */
export function relistTimes(original: { starts_at: Date | null; ends_at: Date | null }, now: Date) {
  if (!original.starts_at || !original.ends_at) return { starts_at: null, ends_at: null }
  const startsAt = new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR)
  const length = Math.min(MAX_AUCTION_MS, Math.max(MIN_AUCTION_MS, original.ends_at.getTime() - original.starts_at.getTime()))
  return { starts_at: startsAt, ends_at: new Date(startsAt.getTime() + length) }
}

export async function relistLot(db: Kysely<DB>, req: { dealId: string; viewer: DealViewer; now: Date }): Promise<Refusal | { ok: true; listingId: string }> {
  return db.transaction().execute(async (trx): Promise<Refusal | { ok: true; listingId: string }> => {
    const locked = await lockForSeller(trx, req.dealId, req.viewer)
    if (!locked.ok) return locked
    const { deal } = locked
    const choice = await sellerChoices(trx, deal, req.now)
    if (!choice.mayRelist) return { ok: false, status: 409, message: choice.why ?? 'This lot cannot be relisted from here.' }
    const userId = req.viewer === 'system' ? null : req.viewer.userId
    const l = await trx.selectFrom('listings').selectAll().where('id', '=', deal.listing_id).executeTakeFirstOrThrow()
    const copy = await trx.insertInto('listings').values({
      company_id: l.company_id, created_by: userId ?? l.created_by, title: l.title, description: l.description,
      category_id: l.category_id, ewc_code: l.ewc_code, quantity: l.quantity, unit: l.unit,
      location_city: l.location_city, location_postcode: l.location_postcode, location_country: l.location_country,
      logistics: l.logistics, logistics_note: l.logistics_note, recurrence: l.recurrence, sale_type: l.sale_type, currency: l.currency,
      fixed_price: l.fixed_price, start_price: l.start_price, reserve_price: l.reserve_price, bid_increment: l.bid_increment,
      buy_now_price: l.buy_now_price, ...relistTimes(l, req.now), search_extra: l.search_extra,
      status: 'draft', created_at: req.now, updated_at: req.now,
    }).returning('id').executeTakeFirstOrThrow()
    await trx.insertInto('deal_events').values({
      deal_id: deal.id, kind: 'relisted', actor_role: 'seller', actor_user_id: userId,
      detail: JSON.stringify({ listingId: copy.id }), created_at: req.now,
    }).execute()
    return { ok: true, listingId: copy.id }
  })
}
