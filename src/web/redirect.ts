import type { Context } from 'hono'

/** True when htmx made the request (it then swaps the response into the page). */
export function isHtmx(c: Context): boolean {
  return c.req.header('hx-request') === 'true'
}

/**
 * After a successful POST: a 303 for a plain form, or HX-Redirect for htmx so the browser
 * navigates as a whole page instead of swapping the next page into the form.
 */
export function redirectTo(c: Context, to: string) {
  // Every redirect passes the same check, so a path built from request data can never send
  // the browser to another site, whichever handler built it.
  const path = safeReturnPath(to, '/')
  if (isHtmx(c)) {
    c.header('HX-Redirect', path)
    return c.body(null, 200)
  }
  return c.redirect(path, 303)
}

const ORIGIN = 'http://nordicloop.invalid'
// Whitespace of any kind (tab, newline, no-break space, line separator...): URL parsers drop
// or keep it differently, so a path carrying it is not one we wrote.
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/
const LEAVES_ORIGIN = /^\/[\/\\]|^[^/]/ // "//host", "/\\host", "https:", "javascript:", "evil.example"

/** Percent-decodes until nothing changes (at most a few rounds); null when the encoding is broken. */
function decodeFully(value: string): string | null {
  let current = value
  for (let round = 0; round < 4; round++) {
    let decoded: string
    try {
      decoded = decodeURIComponent(current)
    } catch {
      return null
    }
    if (decoded === current) return current
    current = decoded
  }
  return current
}

/**
 * The one check for every place a request names where to go next: login `next`, the `back`
 * field of forms, and every redirect the app sends (303 Location or htmx's HX-Redirect).
 * Only a path on this site is accepted; anything else becomes `fallback`.
 *
 * The check runs on the normalised form, not on the text as sent, because that is what a
 * browser acts on: "/.//evil.example" and "/a/..//evil.example" look like paths but resolve
 * to "//evil.example" (another host); "%2f", "%5c" and "%2e" are a slash, a backslash and a
 * dot once some layer decodes them; browsers drop tabs and newlines and read "\\" as "/".
 * So a return path is refused when, raw or fully decoded, it
 *   - does not start with exactly one "/" (schemes, protocol-relative "//", "/\\"),
 *   - contains a backslash, whitespace or a control character in its path,
 *   - contains a "." or ".." path segment (no page of ours needs one),
 * and what is returned is the URL parser's own serialisation, checked once more.
 */
export function safeReturnPath(next: string | undefined | null, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback
  const decoded = decodeFully(next)
  // The path is what comes before a literal "?" or "#"; an encoded one ("%3f") stays part of
  // the path, so it cannot hide dot-segments behind it.
  const rawPath = next.split(/[?#]/, 1)[0]
  const decodedPath = decodeFully(rawPath)
  if (decoded === null || decodedPath === null) return fallback
  if (LEAVES_ORIGIN.test(next) || LEAVES_ORIGIN.test(decoded)) return fallback
  for (const path of [rawPath, decodedPath]) {
    if (WHITESPACE_OR_CONTROL.test(path) || path.includes('\\')) return fallback
    if (path.split('/').some((segment) => segment === '.' || segment === '..')) return fallback
  }
  // Control characters anywhere (query and fragment too) could split a header line.
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return fallback
  try {
    const url = new URL(next, ORIGIN)
    const out = url.pathname + url.search + url.hash
    if (url.origin !== ORIGIN || LEAVES_ORIGIN.test(out)) return fallback
    return out
  } catch {
    return fallback
  }
}
