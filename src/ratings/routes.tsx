// Rating a deal's other side and answering a rating, under /deals (mounted in src/deals/deals-app.ts,
// behind its login guard). Plain forms: a refusal comes back on the whole deal page with what was
// typed and why, a success goes back to the deal's ratings (POST, then redirect).
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { validForm } from '../web/validation.js'
import { ID } from '../lib/ids.js'
import { showDeal } from '../deals/routes.js'
import { rateDeal, replyToRating, type Rater, type RatingResult } from './ratings.js'
import { returnRatingForm } from './deal-section.js'
import { RateForm, ReplyForm } from './schemas.js'

const dealId = (c: Context<AppEnv>) => c.req.param('id')?.toLowerCase() ?? ''

function rater(c: Context<AppEnv>): Rater {
  const viewer = currentUser(c)
  return { userId: viewer.userId, companyId: viewer.company?.id ?? null }
}

/** Done: back to the deal's ratings. Refused: the deal page with the reason (404 when it is none of theirs). */
function answer(c: Context<AppEnv>, result: RatingResult, done: string) {
  if (result.ok) return c.redirect(`/deals/${dealId(c)}?done=${done}#ratings`, 303)
  if (result.status === 404) throw new HTTPException(404, { message: result.message })
  return showDeal(c, dealId(c), { ok: false, text: result.message }, 409)
}

export const ratingRoutes = new Hono<AppEnv>()
  .post(`/${ID}/ratings`, validForm(RateForm, (c, values, errors) => {
    returnRatingForm(c, { name: 'rate', values, errors })
    return showDeal(c, dealId(c), { ok: false, text: 'Check your rating below.' }, 422)
  }), async (c) => {
    const form = c.req.valid('form')
    const result = await rateDeal(c.var.db, { dealId: dealId(c), rater: rater(c), ...form, now: c.var.clock(), baseUrl: c.var.config.BASE_URL })
    return answer(c, result, 'rated')
  })
  .post(`/${ID}/ratings/reply`, validForm(ReplyForm, (c, values, errors) => {
    returnRatingForm(c, { name: 'reply', values, errors })
    return showDeal(c, dealId(c), { ok: false, text: 'Check your answer below.' }, 422)
  }), async (c) => {
    const { reply } = c.req.valid('form')
    const result = await replyToRating(c.var.db, { dealId: dealId(c), replier: rater(c), reply, now: c.var.clock() })
    return answer(c, result, 'answered')
  })
