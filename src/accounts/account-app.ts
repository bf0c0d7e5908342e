// The account area, mounted at /account. Its guard runs once, before any route or validator, for
// every URL under it; the email-change confirmation link comes first because it also works for
// a person who is logged out (a handler that answers ends the chain before the guard).
import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { requireUser } from '../web/guards.js'
import { emailConfirmRoutes, memberRoutes } from './member-routes.js'
import { teamRoutes } from './team-routes.js'
import { changePasswordRoutes } from './password-routes.js'
import { accountPermitRoutes } from '../compliance/permit-routes.js'

export const accountApp = new Hono<AppEnv>()
  .route('/', emailConfirmRoutes)
  .use(requireUser)
  .route('/', teamRoutes)
  .route('/', memberRoutes)
  .route('/password', changePasswordRoutes)
  .route('/permits', accountPermitRoutes)
