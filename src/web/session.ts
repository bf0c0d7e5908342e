import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './context.js'
import { validateSessionToken } from '../accounts/sessions.js'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js'

/** Loads the logged-in viewer (or null) for every request. */
export const loadViewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('viewer', null)
  c.set('sessionToken', null)
  const token = readSessionCookie(c)
  if (token) {
    const found = await validateSessionToken(c.var.db, token, c.var.clock())
    if (!found) {
      clearSessionCookie(c)
    } else {
      c.set('viewer', found.viewer)
      c.set('sessionToken', token)
      // The expiry slides forward; the cookie follows so the browser keeps it as long.
      setSessionCookie(c, token, found.session.expiresAt)
    }
  }
  await next()
}
