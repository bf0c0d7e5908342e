// The rules of ratings, in one pure module: who may rate whom on which deal and until when, who
// may answer a rating and how often, and how a company's ratings are summed up. No database and
// no clock of its own; src/ratings/ratings.ts passes the facts and the time. The database holds
// the same limits once more (migrations/2026-12-02T1630-ratings.sql).
import type { DealStatus } from '../deals/deal-rules.js'

const DAY_MS = 24 * 60 * 60 * 1000

/** How long after a deal ends its two sides may rate each other. */
export const RATING_WINDOW_DAYS = 30
export const COMMENT_MAX = 1000
export const REPLY_MAX = 1000
export const HIDE_REASON_MAX = 500
/** Below this many visible ratings a company is "new": one or two ratings say too little. */
export const RATINGS_FOR_AVERAGE = 3
export const NEW_COMPANY_LABEL = 'New on NordicLoop'

/**
 * States in which a deal has ended for good. A resolved dispute counts: the two companies met
 * and traded, and how the other side behaved in a dispute is exactly what the next buyer or
 * seller wants to know.
 */
const ENDED: ReadonlySet<DealStatus> = new Set(['completed', 'resolved'])

export type RatingDeal = {
  status: DealStatus
  buyerCompanyId: string
  sellerCompanyId: string
  completedAt: Date | null
  resolvedAt: Date | null
}

export type Refusal = { ok: false; status: 404 | 409; message: string }
export const NO_SUCH_DEAL = 'There is no such deal.'

/** When the deal ended (completed or its dispute resolved), or null while it goes on. */
export function dealEndedAt(deal: RatingDeal): Date | null {
  if (!ENDED.has(deal.status)) return null
  return deal.status === 'completed' ? deal.completedAt : deal.resolvedAt
}

/** The last moment the deal may be rated, or null while it has not ended. */
export function ratingDeadline(deal: RatingDeal): Date | null {
  const ended = dealEndedAt(deal)
  return ended && new Date(ended.getTime() + RATING_WINDOW_DAYS * DAY_MS)
}

/** The company on the other side of the deal from this one, or null when it is not a side. */
export function otherSide(deal: Pick<RatingDeal, 'buyerCompanyId' | 'sellerCompanyId'>, companyId: string | null): string | null {
  if (!companyId) return null
  if (companyId === deal.buyerCompanyId) return deal.sellerCompanyId
  if (companyId === deal.sellerCompanyId) return deal.buyerCompanyId
  return null
}

/**
 * May this company rate the other side of this deal now? A company that is not a side gets
 * "no such deal" (404): the deal is none of its business. The others get the reason in words.
 */
export function decideRating(deal: RatingDeal, raterCompanyId: string | null, alreadyRated: boolean, now: Date):
  { ok: true; ratedCompanyId: string } | Refusal {
  const rated = otherSide(deal, raterCompanyId)
  if (!rated) return { ok: false, status: 404, message: NO_SUCH_DEAL }
  if (rated === raterCompanyId) return { ok: false, status: 409, message: 'A company cannot rate itself.' }
  const deadline = ratingDeadline(deal)
  if (!deadline) return { ok: false, status: 409, message: 'You can rate the other side once the deal is completed.' }
  if (alreadyRated) return { ok: false, status: 409, message: 'Your company has already rated this deal. A rating cannot be changed.' }
  if (now.getTime() > deadline.getTime()) {
    return { ok: false, status: 409, message: `Ratings close ${RATING_WINDOW_DAYS} days after the deal ends; the time to rate this deal has passed.` }
  }
  return { ok: true, ratedCompanyId: rated }
}

export type RatingFacts = { raterCompanyId: string; ratedCompanyId: string; reply: string | null; hiddenAt: Date | null }

/** May this company answer this rating? Only the rated company, once, and not a hidden rating. */
export function decideReply(rating: RatingFacts | null, companyId: string | null): { ok: true } | Refusal {
  if (!rating || !companyId) return { ok: false, status: 409, message: 'There is no rating of your company on this deal to answer.' }
  if (companyId === rating.raterCompanyId) return { ok: false, status: 409, message: 'Only the rated company can answer a rating.' }
  if (companyId !== rating.ratedCompanyId) return { ok: false, status: 409, message: 'There is no rating of your company on this deal to answer.' }
  if (rating.hiddenAt) return { ok: false, status: 409, message: 'NordicLoop has hidden this rating, so it cannot be answered.' }
  if (rating.reply !== null) return { ok: false, status: 409, message: 'You have already answered this rating. An answer cannot be changed.' }
  return { ok: true }
}

/** May the rating be hidden? Only once; the reason is kept with it. */
export function decideHide(rating: Pick<RatingFacts, 'hiddenAt'> | null): { ok: true } | Refusal {
  if (!rating) return { ok: false, status: 404, message: 'There is no such rating.' }
  if (rating.hiddenAt) return { ok: false, status: 409, message: 'This rating is already hidden.' }
  return { ok: true }
}

export type Reputation = { count: number; average: number | null }

/** "★ 4.6 (12)", or "New on NordicLoop" below three visible ratings. */
export function reputationLabel(rep: Reputation): string {
  if (rep.count < RATINGS_FOR_AVERAGE || rep.average === null) return NEW_COMPANY_LABEL
  return `★ ${formatAverage(rep.average)} (${rep.count})`
}

/** One decimal, halves rounded up as people expect (4.65 → 4.7; floating point would give 4.6). */
export function formatAverage(average: number): string {
  const tenths = Math.min(50, Math.round(average * 10 + 1e-9))
  return (tenths / 10).toFixed(1)
}

/** Filled and empty stars for a score, with the number for screen readers beside them. */
export const stars = (score: number) => '★'.repeat(score) + '☆'.repeat(5 - score)
