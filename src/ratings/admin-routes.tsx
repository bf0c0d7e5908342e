// Under /admin/ratings (the admin area's guard runs first): the latest ratings, and hiding an
// abusive one with a reason, audited. A plain form that posts and goes back where it came from.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { renderPage } from '../web/render.js'
import { safeReturnPath } from '../web/redirect.js'
import { submittedForm, validForm } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { clientIp } from '../web/client-ip.js'
import { ID } from '../lib/ids.js'
import { AdminRatingsPage } from '../../views/ratings/admin-ratings.js'
import { listLatestRatings } from './admin-ratings.js'
import { hideRating } from './ratings.js'
import { HideForm } from './schemas.js'

async function showList(c: Context<AppEnv>, status: 200 | 409 | 422 = 200, problem?: { ratingId: string; message: string; value?: string }) {
  const rows = await listLatestRatings(c.var.db, viewerTimeZone(c, null))
  const notice = c.req.query('done') === 'hidden' ? 'The rating is hidden. It no longer shows on the profile or counts in the average.' : undefined
  return renderPage(c, 'Ratings', <AdminRatingsPage rows={rows} csrfToken={c.var.csrfToken} notice={notice} problem={problem} />, status)
}

export const adminRatingRoutes = new Hono<AppEnv>()
  .get('/', (c) => showList(c))
  .post(`/${ID}/hide`, validForm(HideForm, (c, values, errors) =>
    showList(c, 422, { ratingId: c.req.param('id')?.toLowerCase() ?? '', message: errors.reason ?? errors.back ?? 'Check the form.', value: values.reason })), async (c) => {
    const id = c.req.param('id').toLowerCase()
    const { reason, back } = c.req.valid('form')
    const result = await hideRating(c.var.db, { ratingId: id, adminId: currentUser(c).userId, reason, now: c.var.clock(), ip: clientIp(c) })
    if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
    if (!result.ok) return showList(c, 409, { ratingId: id, message: result.message, value: (await submittedForm(c)).reason })
    const to = safeReturnPath(back, '/admin/ratings')
    return c.redirect(to === '/admin/ratings' ? '/admin/ratings?done=hidden' : to, 303)
  })
