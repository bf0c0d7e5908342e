import { Hono, type Context } from 'hono'
import { matchedRoutes } from 'hono/route'
import { HTTPException } from 'hono/http-exception'
import { timingSafeEqual } from 'node:crypto'
import type { AppEnv } from '../web/context.js'
import { isLoopback, socketAddress } from '../web/client-ip.js'

/**
 * Who may read /metrics: a scraper with the configured bearer token, or a process on this
 * machine connecting directly. A request that came through a proxy (it carries forwarding
 * headers) is never taken for a local one, though its connection is.
 */
function mayScrape(c: Context<AppEnv>): boolean {
  const token = c.get('config').METRICS_TOKEN
  const sent = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1]
  if (token && sent) {
    const a = Buffer.from(sent)
    const b = Buffer.from(token)
    if (a.length === b.length && timingSafeEqual(a, b)) return true
  }
  const forwarded = c.req.header('x-forwarded-for') ?? c.req.header('forwarded') ?? c.req.header('x-real-ip')
  return !forwarded && isLoopback(socketAddress(c))
}

export const metricsRoutes = new Hono<AppEnv>().get('/metrics', async (c) => {
  // As if there were no such page: the public learns nothing from it.
  if (!mayScrape(c)) throw new HTTPException(404, { message: 'There is no such page.' })
  const registry = c.get('metrics').registry
  try {
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' })
  } catch (err) {
    // A figure read from the database failed: the scrape fails as a whole, and says why.
    c.get('log').warn('metrics scrape failed', { error: err instanceof Error ? err.message : String(err) })
    throw new HTTPException(503, { message: 'The database did not answer; the figures are unavailable.' })
  }
})

/**
 * The route pattern a request matched, as a label with few values ("/listings/:id/bids"):
 * never the path itself, whose ids would make a series per listing. "unmatched" for a 404.
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]!
    if (route.method !== 'ALL') return route.path.replace(/:(\w+)\{(?:[^{}]|\{[^{}]*\})*\}/g, ':$1')
  }
  return 'unmatched'
}
