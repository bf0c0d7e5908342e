import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { renderPage } from '../web/render.js'
import { validQuery } from '../web/validation.js'
import { text } from '../lib/fields.js'
import { EwcOptions } from '../../views/listings/listing-form.js'
import { EwcBrowsePage } from '../../views/listings/ewc-page.js'
import { searchEwcCodes } from './queries.js'

// What someone types into the code field; only its first 100 characters are searched for.
const typed = text({ error: 'Type a waste code or words from its description.' }).transform((s) => s.slice(0, 100)).optional()
const EwcQuery = z.object({ q: typed, ewc_code: typed })

/** The waste-code picker's page and suggestions, at /ewc. */
export const ewcRoutes = new Hono<AppEnv>()
  // htmx suggestions for the listing form's code field: <option>s for its <datalist>.
  .get('/suggest', async (c) => {
    const query = validQuery(c, EwcQuery)
    const q = query.ewc_code ?? query.q ?? ''
    const codes = q.trim().length >= 2 ? await searchEwcCodes(c.var.db, q, 15) : []
    return c.html(<EwcOptions codes={codes} />)
  })
  // The same search as a page, for browsers without JavaScript.
  .get('/', async (c) => {
    const q = validQuery(c, EwcQuery).q ?? ''
    const codes = q.trim() ? await searchEwcCodes(c.var.db, q, 100) : []
    return renderPage(c, 'European waste codes', <EwcBrowsePage q={q} codes={codes} />)
  })
