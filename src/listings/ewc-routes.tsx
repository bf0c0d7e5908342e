import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { renderPage } from '../web/render.js'
import { EwcOptions } from '../../views/listings/listing-form.js'
import { EwcBrowsePage } from '../../views/listings/ewc-page.js'
import { searchEwcCodes } from './queries.js'

export const ewcRoutes = new Hono<AppEnv>()
  // htmx suggestions for the listing form's code field: <option>s for its <datalist>.
  .get('/ewc/suggest', async (c) => {
    const q = (c.req.query('ewc_code') ?? c.req.query('q') ?? '').slice(0, 100)
    const codes = q.trim().length >= 2 ? await searchEwcCodes(c.var.db, q, 15) : []
    return c.html(<EwcOptions codes={codes} />)
  })
  // The same search as a page, for browsers without JavaScript.
  .get('/ewc', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100)
    const codes = q.trim() ? await searchEwcCodes(c.var.db, q, 100) : []
    return renderPage(c, 'European waste codes', <EwcBrowsePage q={q} codes={codes} />)
  })
