import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './context.js'
import { createSession, validateSessionToken } from '../accounts/sessions.js'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js'
import { renewCsrfToken } from './csrf.js'

/** Loads the logged-in viewer (or null) for every request. */
export const loadViewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('viewer', null)
  c.set('sessionToken', null)
  const token = readSessionCookie(c)
  if (token) {
    const found = await validateSessionToken(c.get('db'), token, c.get('clock')())
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

/**
 * Logs this browser in as the user: a fresh session (never one planted before login), its
 * cookie, and a fresh CSRF token to go with it.
 */
export async function startSession(c: Context<AppEnv>, userId: string) {
  const { token, session } = await createSession(c.get('db'), userId, c.get('clock')())
  setSessionCookie(c, token, session.expiresAt)
  renewCsrfToken(c)
}
