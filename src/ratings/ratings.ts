// Rating a deal's other side, answering a rating, hiding one: each checked by the pure rules
// (rating-rules.ts) and written so that two requests at once still leave one rating and one
// answer. The rated company is emailed in the same transaction as the rating.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealStatus } from '../deals/deal-rules.js'
import { dealRecipients } from '../deals/deal-people.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { recordAudit } from '../admin/audit.js'
import { ratingReceivedEmail } from '../../views/emails/ratings.js'
import { decideHide, decideRating, decideReply, type RatingDeal, type Refusal } from './rating-rules.js'

export type Rater = { userId: string; companyId: string | null }
export type RatingResult = { ok: true } | Refusal

const ALREADY_RATED = 'Your company has already rated this deal. A rating cannot be changed.'

/** The facts the rules read of a deal, with what the email needs; null when there is no such deal. */
export async function loadRatingDeal(db: Kysely<DB>, dealId: string) {
  const row = await db.selectFrom('deals')
    .select(['id', 'number', 'status', 'listing_id', 'buyer_company_id', 'buyer_user_id', 'seller_company_id', 'completed_at', 'resolved_at'])
    .where('id', '=', dealId).executeTakeFirst()
  return row ? { row, facts: ratingFacts(row) } : null
}

/** A deal row as the rating rules read it. */
export function ratingFacts(row: { status: string; buyer_company_id: string; seller_company_id: string; completed_at: Date | null; resolved_at: Date | null }): RatingDeal {
  return {
    status: row.status as DealStatus, buyerCompanyId: row.buyer_company_id, sellerCompanyId: row.seller_company_id,
    completedAt: row.completed_at, resolvedAt: row.resolved_at,
  }
}

/** The viewer's company rates the other side of the deal: once, within the window, 1 to 5 stars. */
export async function rateDeal(db: Kysely<DB>, req: { dealId: string; rater: Rater; score: number; comment: string; now: Date; baseUrl: string }): Promise<RatingResult> {
  return db.transaction().execute(async (trx) => {
    const deal = await loadRatingDeal(trx, req.dealId)
    if (!deal) return { ok: false, status: 404, message: 'There is no such deal.' }
    const existing = req.rater.companyId
      ? await trx.selectFrom('ratings').select('id').where('deal_id', '=', req.dealId).where('rater_company_id', '=', req.rater.companyId).executeTakeFirst()
      : undefined
    const decision = decideRating(deal.facts, req.rater.companyId, Boolean(existing), req.now)
    if (!decision.ok) return decision
    // Two forms sent at once both pass the check above; the unique key lets one row in and the
    // other is told it already rated.
    const inserted = await trx.insertInto('ratings').values({
      deal_id: req.dealId, rater_company_id: req.rater.companyId!, rated_company_id: decision.ratedCompanyId, rater_user_id: req.rater.userId,
      score: req.score, comment: req.comment, created_at: req.now,
    }).onConflict((oc) => oc.columns(['deal_id', 'rater_company_id']).doNothing()).returning('id').executeTakeFirst()
    if (!inserted) return { ok: false, status: 409, message: ALREADY_RATED }
    await emailRatedCompany(trx, deal.row, req, decision.ratedCompanyId)
    return { ok: true }
  })
}

async function emailRatedCompany(trx: Kysely<DB>, deal: NonNullable<Awaited<ReturnType<typeof loadRatingDeal>>>['row'],
  req: { rater: Rater; score: number; comment: string; baseUrl: string }, ratedCompanyId: string) {
  const [people, rater] = await Promise.all([
    dealRecipients(trx, deal),
    trx.selectFrom('companies').select('legal_name').where('id', '=', req.rater.companyId!).executeTakeFirstOrThrow(),
  ])
  const side = ratedCompanyId === deal.seller_company_id ? people.seller : people.buyer
  const url = `${req.baseUrl}/deals/${deal.id}#ratings`
  await enqueueEmails(trx, side.map((r) => ratingReceivedEmail(r, {
    raterName: rater.legal_name, dealNumber: deal.number, score: req.score, comment: req.comment, url,
  })))
}

/** The rated company answers the rating of it on this deal, once. */
export async function replyToRating(db: Kysely<DB>, req: { dealId: string; replier: Rater; reply: string; now: Date }): Promise<RatingResult> {
  const deal = await loadRatingDeal(db, req.dealId)
  const companyId = req.replier.companyId
  if (!deal || !companyId || (companyId !== deal.facts.buyerCompanyId && companyId !== deal.facts.sellerCompanyId)) {
    return { ok: false, status: 404, message: 'There is no such deal.' }
  }
  const rating = await db.selectFrom('ratings').select(['id', 'rater_company_id', 'rated_company_id', 'reply', 'hidden_at'])
    .where('deal_id', '=', req.dealId).where('rated_company_id', '=', companyId).executeTakeFirst()
  const decision = decideReply(rating ? { raterCompanyId: rating.rater_company_id, ratedCompanyId: rating.rated_company_id, reply: rating.reply, hiddenAt: rating.hidden_at } : null, companyId)
  if (!decision.ok) return decision
  // Written only while there is no answer yet: of two answers sent at once, the second changes nothing.
  const updated = await db.updateTable('ratings').set({ reply: req.reply, replied_at: req.now, replied_by: req.replier.userId })
    .where('id', '=', rating!.id).where('reply', 'is', null).where('hidden_at', 'is', null).returning('id').executeTakeFirst()
  if (!updated) return { ok: false, status: 409, message: 'You have already answered this rating. An answer cannot be changed.' }
  return { ok: true }
}

/** An admin hides an abusive rating: it stops counting and showing; the reason is kept and audited. */
export async function hideRating(db: Kysely<DB>, req: { ratingId: string; adminId: string; reason: string; now: Date; ip: string | null }): Promise<RatingResult> {
  return db.transaction().execute(async (trx) => {
    const rating = await trx.selectFrom('ratings').select(['id', 'hidden_at', 'rated_company_id', 'deal_id', 'score'])
      .where('id', '=', req.ratingId).forUpdate().executeTakeFirst()
    const decision = decideHide(rating ? { hiddenAt: rating.hidden_at } : null)
    if (!decision.ok) return decision
    await trx.updateTable('ratings').set({ hidden_at: req.now, hidden_reason: req.reason, hidden_by: req.adminId }).where('id', '=', req.ratingId).execute()
    await recordAudit(trx, {
      actorUserId: req.adminId, action: 'rating.hide', subjectType: 'rating', subjectId: req.ratingId, ip: req.ip,
      detail: { reason: req.reason, companyId: rating!.rated_company_id, dealId: rating!.deal_id, score: rating!.score },
    })
    return { ok: true }
  })
}
