// The admin area, mounted at /admin. Its guard runs once, before any route or validator: every
// admin URL, known or not, answers a visitor with the login prompt and a member with the same
// refusal.
import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { requireAdmin } from '../web/guards.js'
import { adminRoutes } from './routes.js'
import { adminListingRoutes } from './listing-routes.js'
import { adminCategoryRoutes } from './category-routes.js'
import { adminMoneyRoutes } from './money-routes.js'
import { adminDealRoutes } from './deal-routes.js'
import { adminPermitRoutes } from '../compliance/admin-permit-routes.js'
import { adminRatingRoutes } from '../ratings/admin-routes.js'
import { adminFlagRoutes } from '../flags/admin-routes.js'
import { adminReportRoutes } from '../reports/admin-routes.js'
import { adminOutboxRoutes } from './outbox-routes.js'

export const adminApp = new Hono<AppEnv>()
  .use(requireAdmin)
  .route('/', adminRoutes)
  .route('/listings', adminListingRoutes)
  .route('/categories', adminCategoryRoutes)
  .route('/', adminMoneyRoutes)
  .route('/', adminDealRoutes)
  .route('/permits', adminPermitRoutes)
  .route('/ratings', adminRatingRoutes)
  .route('/flags', adminFlagRoutes)
  .route('/reports', adminReportRoutes)
  .route('/outbox', adminOutboxRoutes)
