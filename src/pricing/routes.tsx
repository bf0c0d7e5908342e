// The public Market prices page, and the price guide for one category and unit that the
// listing form asks for as the seller chooses them (htmx; a plain GET gets it as a page).
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { renderFragmentOrPage, renderPage } from '../web/render.js'
import { validQuery } from '../web/validation.js'
import { UNITS } from '../listings/schemas.js'
import { patternText } from '../lib/fields.js'
import { MarketPricesPage, PriceGuidePanel } from '../../views/pricing/price-guide.js'
import { marketPrices, priceGuide } from './price-guidance.js'

/** Both fields may be empty while the seller has not chosen yet. */
export const GuideQuery = z.object({
  category: patternText(/^([a-z0-9-]{1,60})?$/, 'Choose a category from the list.').default(''),
  unit: z.enum([...UNITS, ''], { error: 'Choose a unit from the list.' }).default(''),
})

export const pricingRoutes = new Hono<AppEnv>()
  .get('/', async (c) => renderPage(c, 'Market prices', <MarketPricesPage guides={await marketPrices(c.get('db'), c.get('clock')())} />, 200,
    { description: 'What surplus and waste materials sold for on NordicLoop: median prices per unit from completed deals of the last 12 months.' }))
  .get('/guide', async (c) => {
    const { category, unit } = validQuery(c, GuideQuery)
    const guide = category && unit ? await priceGuide(c.get('db'), { categorySlug: category, unit, now: c.get('clock')() }) : null
    return renderFragmentOrPage(c, 'Price guidance', <PriceGuidePanel guide={guide} />)
  })
