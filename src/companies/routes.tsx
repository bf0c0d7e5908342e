// Public company profiles at /companies/:id. Only approved companies have one: a pending,
// rejected or suspended company, or an unknown id, is the same 404.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { renderPage } from '../web/render.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { ID } from '../lib/ids.js'
import { CompanyProfilePage } from '../../views/companies/profile-page.js'
import { loadCompanyProfile } from './profile.js'

export const companyRoutes = new Hono<AppEnv>()
  .get(`/${ID}`, async (c) => {
    const viewer = c.var.viewer
    const profile = await loadCompanyProfile(c.var.db, c.req.param('id').toLowerCase(), { now: c.var.clock(), timeZone: viewerTimeZone(c, viewer?.company?.country) })
    if (!profile) throw new HTTPException(404, { message: 'There is no such company on NordicLoop.' })
    return renderPage(c, profile.name, <CompanyProfilePage profile={profile} admin={viewer?.isAdmin ? { csrfToken: c.var.csrfToken } : undefined} />, 200,
      { description: `${profile.name}, ${profile.location}: a business trading surplus and waste materials on NordicLoop since ${profile.memberSince}.` })
  })
