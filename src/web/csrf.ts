import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { csrf as originCheck } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { timingSafeEqual } from 'node:crypto'
import type { AppEnv } from './context.js'
import { generateToken } from '../lib/tokens.js'
import { readForm } from './body.js'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
export const CSRF_FIELD = '_csrf'
export const CSRF_HEADER = 'x-csrf-token'

function sameToken(a: string, b: string) {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  // Constant time, so the token cannot be recovered byte by byte from response timing.
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Two independent defences on every state-changing request:
 * 1. the browser's Origin / Sec-Fetch-Site must say the request comes from this site
 *    (Hono's csrf middleware, for form content types);
 * 2. a per-browser token, set in a cookie and echoed in a hidden form field (or the
 *    X-CSRF-Token header for htmx), must match: a cross-site page can make the browser send
 *    the cookie but cannot read it to put it in the form.
 */
const csrfCookieName = (c: Context<AppEnv>) => (c.get('config').secureCookies ? '__Host-csrf' : 'csrf')

function issueCsrfToken(c: Context<AppEnv>) {
  const token = generateToken()
  setCookie(c, csrfCookieName(c), token, { httpOnly: true, sameSite: 'Lax', secure: c.get('config').secureCookies, path: '/' })
  c.set('csrfToken', token)
  return token
}

/**
 * A new token when someone logs in: a token learnt before login (a shared computer, a planted
 * cookie) must not be good for forms sent with the logged-in session. Pages rendered after
 * this point carry the new one.
 */
export function renewCsrfToken(c: Context<AppEnv>) {
  issueCsrfToken(c)
}

export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookieName = csrfCookieName(c)
    const token = getCookie(c, cookieName)
    if (token) c.set('csrfToken', token)
    else issueCsrfToken(c)
    if (SAFE.has(c.req.method)) return next()

    const allowedOrigins = new Set([new URL(c.get('config').BASE_URL).origin, new URL(c.req.url).origin])
    await originCheck({ origin: (origin) => allowedOrigins.has(origin) })(c, async () => {})

    const cookieToken = getCookie(c, cookieName)
    let sent = c.req.header(CSRF_HEADER)
    if (!sent) {
      // The one parse of this body (a damaged one is refused there with a 400).
      const field = (await readForm(c)).get(CSRF_FIELD)
      sent = typeof field === 'string' ? field : undefined
    }
    if (!cookieToken || !sent || !sameToken(cookieToken, sent)) {
      throw new HTTPException(403, {
        message: 'This form has expired or did not come from NordicLoop. Go back, reload the page and try again.',
      })
    }
    return next()
  }
}
