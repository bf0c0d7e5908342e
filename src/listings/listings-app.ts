// Everything under /listings: the search, a listing's page and its forms (edit, terms, photos,
// watch), and the auction and purchase routes that act on one listing. Each feature keeps its
// own routes; this only mounts them on the one base path.
import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { browseRoutes } from './browse-routes.js'
import { listingRoutes } from './routes.js'
import { photoRoutes } from './photo-routes.js'
import { reviewRoutes } from './review-step.js'
import { questionRoutes } from '../questions/routes.js'
import { reportRoutes } from '../reports/routes.js'
import { watchRoutes } from './follow-routes.js'
import { auctionRoutes } from '../auctions/routes.js'

export const listingsApp = new Hono<AppEnv>()
  .route('/', browseRoutes)
  .route('/', listingRoutes)
  .route('/', auctionRoutes)
  .route('/', photoRoutes)
  .route('/', reviewRoutes)
  .route('/', questionRoutes)
  .route('/', reportRoutes)
  .route('/', watchRoutes)
