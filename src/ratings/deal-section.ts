// The ratings section of a deal page for its reader, as showDeal (src/deals/routes.tsx) asks
// for it: both sides' ratings of each other with their answers, and the one form the reader may
// use now (rate the other side, or answer the rating of its own company).
import type { Context } from 'hono'
import type { AppEnv } from '../web/context.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { currentUser } from '../web/guards.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { formatDateTime } from '../lib/time.js'
import type { DealActor } from '../deals/deal-rules.js'
import type { LoadedDeal } from '../deals/queries.js'
import { decideRating, decideReply, ratingDeadline, RATING_WINDOW_DAYS } from './rating-rules.js'
import { ratingFacts } from './ratings.js'
import type { RatingSectionView, RatingView } from './rating-view.js'

// A refused form sent without htmx comes back inside the whole deal page, which showDeal builds
// knowing nothing of ratings: the route leaves what was typed here, for this request only.
const returnedForms = new WeakMap<object, NonNullable<RatingSectionView['form']>>()

export function returnRatingForm(c: Context<AppEnv>, form: { name: 'rate' | 'reply'; values: FormValues; errors: FieldErrors }) {
  returnedForms.set(c.req, form)
}

/** What the deal page says after a rating form went through (?done=…). */
export const RATING_NOTICES: Record<string, string> = {
  rated: 'Thank you: your rating shows on the other company\'s profile, and they have been told.',
  answered: 'Your answer shows beside the rating.',
}

/** The section for this reader, or undefined while the deal goes on and nobody has rated. */
export async function dealRatingSection(c: Context<AppEnv>, loaded: Pick<LoadedDeal, 'deal' | 'buyer' | 'seller'>, actor: DealActor): Promise<RatingSectionView | undefined> {
  if (actor.role === 'system') return undefined
  const facts = ratingFacts(loaded.deal)
  const rows = await c.var.db.selectFrom('ratings').selectAll().where('deal_id', '=', loaded.deal.id).orderBy('created_at').execute()
  const deadline = ratingDeadline(facts)
  if (!deadline && rows.length === 0) return undefined
  const now = c.var.clock()
  const timeZone = viewerTimeZone(c, currentUser(c).company?.country)
  const when = (d: Date) => ({ iso: d.toISOString(), text: formatDateTime(d, timeZone) })
  const companyId = actor.role === 'admin' ? null : actor.companyId
  const names: Record<string, string> = { [loaded.buyer.id]: loaded.buyer.legal_name, [loaded.seller.id]: loaded.seller.legal_name }
  const nameOf = (id: string) => (Object.hasOwn(names, id) ? names[id] : 'A company')

  const ratings: RatingView[] = rows.map((r) => ({
    id: r.id,
    title: r.rater_company_id === companyId ? `Your rating of ${nameOf(r.rated_company_id)}`
      : r.rated_company_id === companyId ? `Rating of your company by ${nameOf(r.rater_company_id)}`
        : `${nameOf(r.rater_company_id)} rated ${nameOf(r.rated_company_id)}`,
    score: r.score, comment: r.comment, at: when(r.created_at),
    reply: r.reply !== null && r.replied_at ? { text: r.reply, at: when(r.replied_at) } : null,
    hidden: r.hidden_at ? { reason: r.hidden_reason ?? '' } : null,
    mayReply: decideReply({ raterCompanyId: r.rater_company_id, ratedCompanyId: r.rated_company_id, reply: r.reply, hiddenAt: r.hidden_at }, companyId).ok,
  }))
  const mine = rows.some((r) => r.rater_company_id === companyId)
  const decision = companyId ? decideRating(facts, companyId, mine, now) : null
  const other = companyId === facts.buyerCompanyId ? facts.sellerCompanyId : companyId === facts.sellerCompanyId ? facts.buyerCompanyId : null
  const closed = companyId && !mine && deadline && !decision?.ok
    ? `The ${RATING_WINDOW_DAYS} days for rating this deal ended on ${formatDateTime(deadline, timeZone)}.` : null
  return {
    dealId: loaded.deal.id, csrfToken: c.var.csrfToken, otherName: other ? nameOf(other) : null,
    mayRate: Boolean(decision?.ok), until: decision?.ok && deadline ? when(deadline) : null, closed, ratings,
    form: returnedForms.get(c.req),
  }
}
