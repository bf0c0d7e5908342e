// Every form posts to an address of its own (/listings/:id/bids, /deals/:id/steps, ...). A
// browser can end up asking for that address with GET: a reload or bookmark of a refused form
// that was shown again at its POST address, a link copied from the address bar, a crawler.
// Such an address must never answer 404, as if the thing were gone. Here, once, for every
// POST-only route the app has: a GET is sent (303) to the page the form belongs to — the
// nearest address above it that is a page (/deals/:id/steps → /deals/:id,
// /listings/:id/photos/:photoId/delete → /listings/:id/photos). Guards registered for the area
// still run first, so a visitor is asked to log in as on the page itself.
import { Hono } from 'hono'
import type { AppEnv } from './context.js'
import { redirectTo } from './redirect.js'

type Route = { method: string; path: string }

/**
 * GET answers for the POST-only routes among `routes` (pass the app's own, after every feature
 * is mounted). Each path pattern keeps its parameter patterns, so a malformed id still matches
 * nothing and is the ordinary 404.
 */
export function postOnlyPathRedirects(routes: readonly Route[]) {
  const pages = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.path))
  const postOnly = new Set(routes.filter((r) => r.method === 'POST' && !pages.has(r.path)).map((r) => r.path))
  const redirects = new Hono<AppEnv>()
  for (const path of postOnly) {
    const depth = owningPageDepth(path, pages)
    // Patterns never hold a "/" inside a parameter, so the page's address is the request's first segments.
    redirects.get(path, (c) => redirectTo(c, c.req.path.split('/').slice(0, depth).join('/') || '/'))
  }
  return redirects
}

/** How many "/"-separated parts of `path` make the nearest page above it (1: the home page). */
function owningPageDepth(path: string, pages: Set<string>): number {
  const parts = path.split('/')
  for (let depth = parts.length - 1; depth > 1; depth--) {
    if (pages.has(parts.slice(0, depth).join('/'))) return depth
  }
  return 1
}
