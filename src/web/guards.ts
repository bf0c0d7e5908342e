import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from './context.js'
import type { Viewer } from '../accounts/viewer.js'
import { tradingRefusal } from '../accounts/company-status.js'

type Company = NonNullable<Viewer['company']>

// Guards throw; the one error handler in web/errors.tsx turns the exception into a page
// (or a redirect to login for a visitor).
export class LoginRequired extends HTTPException {
  constructor() {
    super(401, { message: 'Please log in to continue.' })
  }
}

export function currentUser(c: Context<AppEnv>): Viewer {
  const viewer = c.get('viewer')
  if (!viewer) throw new LoginRequired()
  return viewer
}

/** The viewer's company if they belong to one; admins without a company get 403. */
export function currentCompany(c: Context<AppEnv>): Company {
  const viewer = currentUser(c)
  if (!viewer.company) throw new HTTPException(403, { message: 'This page is for members of a registered company.' })
  return viewer.company
}

/** The viewer's company if it may trade (list, bid, buy); otherwise 403 with the reason. */
export function tradingCompany(c: Context<AppEnv>): Company {
  const company = currentCompany(c)
  const refusal = tradingRefusal(company.status, company.statusReason)
  if (refusal) throw new HTTPException(403, { message: refusal })
  return company
}

export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  currentUser(c)
  await next()
}

/** Any member of a company (approved or not), for the company's own pages. */
export const requireCompanyMember: MiddlewareHandler<AppEnv> = async (c, next) => {
  currentCompany(c)
  await next()
}

export const requireApprovedCompany: MiddlewareHandler<AppEnv> = async (c, next) => {
  tradingCompany(c)
  await next()
}

export const requireCompanyOwner: MiddlewareHandler<AppEnv> = async (c, next) => {
  const company = currentCompany(c)
  if (company.role !== 'owner') throw new HTTPException(403, { message: 'Only an owner of the company can do this.' })
  await next()
}

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const viewer = currentUser(c)
  if (!viewer.isAdmin) throw new HTTPException(403, { message: 'This area is for NordicLoop administrators.' })
  await next()
}
