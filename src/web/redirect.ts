import type { Context } from 'hono'

/** True when htmx made the request (it then swaps the response into the page). */
export function isHtmx(c: Context): boolean {
  return c.req.header('hx-request') === 'true'
}

/**
 * After a successful POST: a 303 for a plain form, or HX-Redirect for htmx so the browser
 * navigates as a whole page instead of swapping the next page into the form.
 */
export function redirectTo(c: Context, path: string) {
  if (isHtmx(c)) {
    c.header('HX-Redirect', path)
    return c.body(null, 200)
  }
  return c.redirect(path, 303)
}

/**
 * Where to send someone after login. Only a same-origin path is accepted: "/x" but not
 * "//evil.example" or "/\evil.example" (browsers read both as another host) nor any URL with
 * a scheme, so a crafted link cannot use our login page to bounce users to a phishing site.
 */
export function safeReturnPath(next: string | undefined | null, fallback = '/'): string {
  if (!next || next.length > 2000) return fallback
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback
  if (/[\u0000-\u001f\\]/.test(next)) return fallback
  try {
    const url = new URL(next, 'http://nordicloop.invalid')
    if (url.origin !== 'http://nordicloop.invalid') return fallback
    return url.pathname + url.search + url.hash
  } catch {
    return fallback
  }
}
