import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from './context.js'
import { SESSION_LIFETIME_MS } from '../accounts/sessions.js'

// Over https the `__Host-` prefix makes the browser refuse the cookie unless it is Secure,
// host-only and Path=/, so a sibling subdomain cannot plant or overwrite it.
function cookieName(c: Context<AppEnv>) {
  return c.get('config').secureCookies ? '__Host-session' : 'session'
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, cookieName(c))
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  setCookie(c, cookieName(c), token, {
    httpOnly: true, // scripts never need the token; an XSS cannot read it
    sameSite: 'Lax', // sent on top-level navigation (email links) but not on cross-site POSTs
    secure: c.get('config').secureCookies,
    path: '/',
    expires: expiresAt,
    // Max-Age wins over Expires in browsers: it must say the same moment, which the absolute
    // lifetime can bring closer than a full sliding period.
    maxAge: Math.max(0, Math.min(Math.floor(SESSION_LIFETIME_MS / 1000), Math.floor((expiresAt.getTime() - c.get('clock')().getTime()) / 1000))),
  })
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, cookieName(c), { path: '/', secure: c.get('config').secureCookies })
}
