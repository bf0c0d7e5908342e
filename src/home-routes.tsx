import { Hono } from 'hono'
import type { AppEnv } from './web/context.js'
import { renderPage } from './web/render.js'
import { viewerTimeZone } from './web/time-zone.js'
import { HomePage } from '../views/home.js'
import { WatchButton } from '../views/listings/watch-button.js'
import { listActiveCategories } from './listings/queries.js'
import { presentResult } from './listings/present-search.js'
import { searchListings } from './listings/search.js'
import { watchedAmong } from './listings/watchlist.js'
import { addSellerBadges } from './ratings/seller-badges.js'

const SHELF_SIZE = 6

export const homeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const db = c.var.db
  const now = c.var.clock()
  const [categories, newest, endingSoon] = await Promise.all([
    listActiveCategories(db),
    searchListings(db, { sort: 'newest' }, { now, limit: SHELF_SIZE }),
    searchListings(db, { sale: 'auction', sort: 'ending' }, { now, limit: SHELF_SIZE }),
  ])
  const timeZone = viewerTimeZone(c, c.var.viewer?.company?.country)
  const viewer = c.var.viewer
  const watched = viewer ? await watchedAmong(db, viewer.userId, [...newest.rows, ...endingSoon.rows].map((r) => r.id)) : null
  const [newestCards, endingCards] = [newest.rows.map((r) => presentResult(r, timeZone, now)), endingSoon.rows.map((r) => presentResult(r, timeZone, now))]
  await addSellerBadges(db, [...newestCards, ...endingCards])
  return renderPage(c, 'Marketplace', (
    <HomePage
      categories={categories}
      newest={newestCards}
      endingSoon={endingCards}
      watchButton={watched ? (id) => <WatchButton listingId={id} watching={watched.has(id)} csrfToken={c.var.csrfToken} back="/" compact /> : undefined}
    />
  ), 200, { description: 'Buy and sell surplus and waste materials between businesses: cardboard, metals, plastics, wood, textiles and by-products, by timed auction or at a fixed price, from approved companies.' })
})
