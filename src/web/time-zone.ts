import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from './context.js'
import { isTimeZone, zoneForCountry } from '../lib/time.js'

/**
 * The viewer's time zone: the browser's, as public/js/time-zone.js stores it in a cookie, else the
 * zone of their company's country. Used to show and to read times.
 */
export function viewerTimeZone(c: Context<AppEnv>, country?: string | null): string {
  const fromBrowser = getCookie(c, 'tz')
  if (fromBrowser && fromBrowser.length < 64 && isTimeZone(fromBrowser)) return fromBrowser
  return zoneForCountry(country)
}
