// Following the market: a personal watchlist and saved searches (their digest is a scheduler job).
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentCompany, requireCompanyMember } from '../web/guards.js'
import { isHtmx, redirectTo, safeReturnPath } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { readFormFields } from '../web/body.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { WatchButton } from '../../views/listings/watch-button.js'
import { WatchingPage, type WatchedRow } from '../../views/listings/watching.js'
import { COUNTRIES } from '../lib/countries.js'
import { formatDateTime, formatTimeLeft } from '../lib/time.js'
import { ID } from '../lib/ids.js'
import { displayPrice, STATUS_LABELS } from './present.js'
import { listWatched, unwatch, watch, type WatchedListing } from './watchlist.js'
import { markHazardous } from '../compliance/hazardous.js'

const NO_LISTING = 'There is no such listing. It may have been removed.'

/**
 * Watch or unwatch, the same way: a visitor is sent to log in and comes back to the listing;
 * htmx gets the button in its new state; a plain form goes back where it came from.
 */
async function toggleWatch(c: Context<AppEnv>, watching: boolean) {
  const id = (c.req.param('id') ?? '').toLowerCase()
  // The 401 handler only redirects GETs (a POST cannot be replayed after login), so a
  // visitor's click is turned into "log in, then look at the listing" here.
  if (!c.var.viewer) return redirectTo(c, `/login?next=${encodeURIComponent(`/listings/${id}`)}`)
  currentCompany(c)
  const userId = c.var.viewer.userId
  const result = watching ? await watch(c.var.db, userId, id) : await unwatch(c.var.db, userId, id)
  if (!result.ok) throw new HTTPException(404, { message: NO_LISTING })
  const form = await readFormFields(c)
  const back = safeReturnPath(typeof form.back === 'string' ? form.back : null, `/listings/${id}`)
  if (isHtmx(c)) return c.html(<WatchButton listingId={id} watching={watching} csrfToken={c.var.csrfToken} back={back} compact={back !== `/listings/${id}`} />)
  return c.redirect(back, 303)
}

function presentWatched(l: WatchedListing, timeZone: string, now: Date): WatchedRow {
  const price = displayPrice(l)
  const live = l.status === 'live'
  return {
    id: l.id,
    title: l.title,
    category: l.category_name,
    location: `${l.location_city}, ${COUNTRIES[l.location_country] ?? l.location_country}`,
    statusLabel: STATUS_LABELS[l.status] + (l.status === 'ended' && l.outcome ? ` (${l.outcome})` : ''),
    live,
    priceLabel: price.label,
    price: price.amount,
    bids: l.sale_type === 'auction' ? l.bid_count : null,
    endsAt: l.ends_at ? { left: formatTimeLeft(l.ends_at, now), text: formatDateTime(l.ends_at, timeZone), iso: l.ends_at.toISOString() } : null,
  }
}

/** Watch and unwatch buttons, under /listings. */
export const watchRoutes = new Hono<AppEnv>()
  .post(`/${ID}/watch`, (c) => toggleWatch(c, true))
  .post(`/${ID}/unwatch`, (c) => toggleWatch(c, false))

/** The person's watchlist, at /watching. */
export const watchingRoutes = new Hono<AppEnv>()
  .get('/', requireCompanyMember, async (c) => {
    const viewer = c.var.viewer!
    const rows = await listWatched(c.var.db, viewer.userId)
    const timeZone = viewerTimeZone(c, viewer.company?.country)
    const now = c.var.clock()
    return renderPage(c, 'Watching', <WatchingPage rows={await markHazardous(c.var.db, rows.map((r) => presentWatched(r, timeZone, now)), (r) => r.id)} csrfToken={c.var.csrfToken} />)
  })
