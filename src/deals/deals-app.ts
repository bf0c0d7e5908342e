// Everything under /deals: the deal pages and steps, collection, chat and second-chance
// offers. Each feature keeps its own routes; this only mounts them on the one base path, with
// the login guard applied once for all of them (a deal is never public).
import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { requireUser } from '../web/guards.js'
import { dealRoutes } from './routes.js'
import { collectionRoutes } from './collection-routes.js'
import { secondChanceRoutes } from './second-chance-routes.js'
import { chatRoutes } from './chat-routes.js'
import { transferNoteRoutes } from '../transfer-notes/routes.js'
import { ratingRoutes } from '../ratings/routes.js'
import { invoiceRoutes } from '../invoices/routes.js'

export const dealsApp = new Hono<AppEnv>()
  .use(requireUser)
  .route('/', dealRoutes)
  .route('/', collectionRoutes)
  .route('/', secondChanceRoutes)
  .route('/', chatRoutes)
  .route('/', transferNoteRoutes)
  .route('/', ratingRoutes)
  .route('/', invoiceRoutes)
