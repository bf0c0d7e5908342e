// Times are stored in UTC and shown in the viewer's time zone. Without JavaScript the server
// cannot ask the browser for its zone, so a tiny script stores it in a cookie; until then the
// company's country decides, else Central European time.

const COUNTRY_ZONES: Record<string, string> = {
  SE: 'Europe/Stockholm', FI: 'Europe/Helsinki', DK: 'Europe/Copenhagen', NO: 'Europe/Oslo', IS: 'Atlantic/Reykjavik',
  DE: 'Europe/Berlin', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', FR: 'Europe/Paris', GB: 'Europe/London',
  IE: 'Europe/Dublin', PL: 'Europe/Warsaw', EE: 'Europe/Tallinn', LV: 'Europe/Riga', LT: 'Europe/Vilnius',
  AT: 'Europe/Vienna', CH: 'Europe/Zurich', IT: 'Europe/Rome', ES: 'Europe/Madrid', PT: 'Europe/Lisbon',
  CZ: 'Europe/Prague', SK: 'Europe/Bratislava', HU: 'Europe/Budapest', SI: 'Europe/Ljubljana', HR: 'Europe/Zagreb',
  RO: 'Europe/Bucharest', BG: 'Europe/Sofia', GR: 'Europe/Athens', CY: 'Asia/Nicosia', MT: 'Europe/Malta',
  LU: 'Europe/Luxembourg', LI: 'Europe/Vaduz',
}
export const DEFAULT_TIME_ZONE = 'Europe/Berlin'

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * A date formatter for a locale and options (the zone among them), made once and kept: making
 * one costs far more than formatting with it, and the bid path formats several times a bid.
 * Every date formatting in the app goes through here.
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}${JSON.stringify(options)}`
  let f = dateFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options)
    dateFormats.set(key, f)
  }
  return f
}

export function zoneForCountry(country: string | null | undefined): string {
  return (country && COUNTRY_ZONES[country]) || DEFAULT_TIME_ZONE
}

function parts(date: Date, timeZone: string) {
  const f = dateFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  })
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]))
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second }
}

/** Milliseconds of a UTC wall-clock time; unlike Date.UTC, years 1 to 99 stay themselves (not 1901 to 1999). */
function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s))
  date.setUTCFullYear(y)
  return date.getTime()
}

/** Offset of a zone from UTC at an instant, in minutes. */
function offsetMinutes(date: Date, timeZone: string): number {
  const p = parts(date, timeZone)
  const asUtc = utcMillis(p.y, p.mo, p.d, p.h, p.mi, p.s)
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000)
}

/**
 * The UTC instant of a wall-clock time ("2026-12-01T14:30", as a datetime-local input sends
 * it) in a zone. Across a DST change the offset is taken after a second look, which picks the
 * later of two ambiguous times and moves a skipped time forward.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0))
  // There is no year 0: PostgreSQL refuses it.
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const naive = utcMillis(y, mo, d, h, mi, s)
  if (new Date(naive).getUTCDate() !== d) return null // 31 February and the like
  const first = naive - offsetMinutes(new Date(naive), timeZone) * 60_000
  const second = naive - offsetMinutes(new Date(first), timeZone) * 60_000
  return new Date(second)
}

/** The value for a datetime-local input showing this instant in the zone. */
export function utcToZonedLocal(date: Date, timeZone: string): string {
  const p = parts(date, timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}`
}

/** "Tue 1 Dec 2026, 14:30 CET" in the viewer's zone. */
export function formatDateTime(date: Date, timeZone: string): string {
  return dateFormat('en-GB', {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(date)
}

/** "14:30:05 CET", to the second, in the viewer's zone: when the server took a bid. */
export function formatTimeOfDay(date: Date, timeZone: string): string {
  return dateFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(date)
}

/** "2 d 4 h", "3 h 12 min", "45 s" — the time left until an instant. */
export function formatTimeLeft(until: Date, now: Date): string {
  let s = Math.max(0, Math.floor((until.getTime() - now.getTime()) / 1000))
  const d = Math.floor(s / 86400); s -= d * 86400
  const h = Math.floor(s / 3600); s -= h * 3600
  const m = Math.floor(s / 60); s -= m * 60
  if (d > 0) return `${d} d ${h} h`
  if (h > 0) return `${h} h ${m} min`
  if (m > 0) return `${m} min ${s} s`
  return `${s} s`
}
