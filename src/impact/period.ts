// The period a report covers: a month, a quarter, a year or any range of days, picked in a GET
// form, so a report is a link a company can bookmark or send. Days are the company's own (its
// time zone): a deal completed at 00:30 on 1 December in Helsinki counts in December.
import { z } from 'zod'
import { text } from '../lib/fields.js'
import { dateFormat, utcToZonedLocal, zonedLocalToUtc } from '../lib/time.js'

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optionalPattern = (pattern: RegExp, message: string) =>
  z.preprocess(blankToUndefined, text({ error: message }).trim().regex(pattern, message).optional())

/** The report's query string. Every field may be blank: the form sends them all, and only the chosen kind's are read. */
export const ImpactQuery = z.object({
  period: z.preprocess(blankToUndefined, z.enum(PERIOD_KINDS, { error: 'Choose a month, a quarter, a year or your own dates.' }).optional()),
  month: optionalPattern(/^\d{4}-\d{2}$/, 'Give the month as year and month, like 2026-11.'),
  quarter: optionalPattern(/^\d{4}-Q[1-4]$/, 'Choose a quarter, like 2026-Q4.'),
  year: optionalPattern(/^\d{4}$/, 'Give the year in four digits, like 2026.'),
  from: optionalPattern(/^\d{4}-\d{2}-\d{2}$/, 'Give the first day as a date, like 2026-01-31.'),
  to: optionalPattern(/^\d{4}-\d{2}-\d{2}$/, 'Give the last day as a date, like 2026-12-31.'),
})
export type ImpactQueryInput = z.output<typeof ImpactQuery>

export type Period = {
  kind: PeriodKind
  /** "November 2026", "Q4 2026", "2026", "1 Jan 2026 to 15 Mar 2026". */
  label: string
  /** First and last day, both counted (YYYY-MM-DD). */
  firstDay: string
  lastDay: string
  /** The months it touches, in order ("2026-11"). */
  months: string[]
  /** The query string that shows this period again ("period=month&month=2026-11"). */
  query: string
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; field: keyof ImpactQueryInput; message: string }

export const EARLIEST_YEAR = 2000
export const LATEST_YEAR = 2100
const YEARS_MESSAGE = `Reports cover ${EARLIEST_YEAR} to ${LATEST_YEAR}.`

const two = (n: number) => String(n).padStart(2, '0')
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
const monthLabel = (y: number, m: number) => dateFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, 1)))
const dayLabel = (day: string) => dateFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${day}T00:00:00Z`))
const inRange = (y: number) => y >= EARLIEST_YEAR && y <= LATEST_YEAR

function isRealDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

function monthsBetween(firstDay: string, lastDay: string): string[] {
  const out: string[] = []
  let [y, m] = firstDay.split('-').map(Number) as [number, number]
  const end = lastDay.slice(0, 7)
  for (let key = `${y}-${two(m)}`; key <= end; key = `${y}-${two(m)}`) {
    out.push(key)
    m += 1
    if (m > 12) { m = 1; y += 1 }
  }
  return out
}

const periodOf = (kind: PeriodKind, label: string, firstDay: string, lastDay: string, query: string): PeriodResult =>
  ({ ok: true, period: { kind, label, firstDay, lastDay, months: monthsBetween(firstDay, lastDay), query } })

/** The period the query asks for; without one, the year so far. `today` is the company's date (YYYY-MM-DD). */
export function resolvePeriod(q: ImpactQueryInput, today: string): PeriodResult {
  const kind = q.period ?? 'year'
  switch (kind) {
    case 'month': {
      const value = q.month ?? today.slice(0, 7)
      const [y, m] = value.split('-').map(Number) as [number, number]
      if (m < 1 || m > 12) return { ok: false, field: 'month', message: 'There is no such month: give it like 2026-11.' }
      if (!inRange(y)) return { ok: false, field: 'month', message: YEARS_MESSAGE }
      return periodOf(kind, monthLabel(y, m), `${value}-01`, `${value}-${two(daysIn(y, m))}`, `period=month&month=${value}`)
    }
    case 'quarter': {
      const value = q.quarter ?? `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`
      const y = Number(value.slice(0, 4))
      const n = Number(value.slice(6))
      if (!inRange(y)) return { ok: false, field: 'quarter', message: YEARS_MESSAGE }
      const first = (n - 1) * 3 + 1
      return periodOf(kind, `Q${n} ${y} (${monthLabel(y, first).split(' ')[0]} to ${monthLabel(y, first + 2).split(' ')[0]})`,
        `${y}-${two(first)}-01`, `${y}-${two(first + 2)}-${two(daysIn(y, first + 2))}`, `period=quarter&quarter=${value}`)
    }
    case 'year': {
      const value = q.year ?? today.slice(0, 4)
      if (!inRange(Number(value))) return { ok: false, field: 'year', message: YEARS_MESSAGE }
      return periodOf(kind, value, `${value}-01-01`, `${value}-12-31`, `period=year&year=${value}`)
    }
    case 'custom': {
      if (!q.from) return { ok: false, field: 'from', message: 'Give the first day of your period.' }
      if (!q.to) return { ok: false, field: 'to', message: 'Give the last day of your period.' }
      if (!isRealDay(q.from)) return { ok: false, field: 'from', message: `There is no ${q.from}: give a real date.` }
      if (!isRealDay(q.to)) return { ok: false, field: 'to', message: `There is no ${q.to}: give a real date.` }
      if (!inRange(Number(q.from.slice(0, 4))) || !inRange(Number(q.to.slice(0, 4)))) return { ok: false, field: 'from', message: YEARS_MESSAGE }
      if (q.from > q.to) return { ok: false, field: 'to', message: 'The last day comes before the first: swap them.' }
      return periodOf(kind, `${dayLabel(q.from)} to ${dayLabel(q.to)}`, q.from, q.to, `period=custom&from=${q.from}&to=${q.to}`)
    }
  }
}

/** The period's first and last instant (the end excluded) in a time zone. */
export function periodBounds(period: Period, timeZone: string): { start: Date; end: Date } {
  const [y, m, d] = period.lastDay.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(y, m - 1, d + 1))
  const nextDay = `${next.getUTCFullYear()}-${two(next.getUTCMonth() + 1)}-${two(next.getUTCDate())}`
  return { start: zonedLocalToUtc(`${period.firstDay}T00:00`, timeZone)!, end: zonedLocalToUtc(`${nextDay}T00:00`, timeZone)! }
}

/** The company's date today, YYYY-MM-DD. */
export const todayIn = (now: Date, timeZone: string) => utcToZonedLocal(now, timeZone).slice(0, 10)

/** The month ("2026-11") an instant falls in, in a time zone. */
export const monthIn = (timeZone: string) => (at: Date) => utcToZonedLocal(at, timeZone).slice(0, 7)

/** The quarters and years the picker offers: from the current one back, newest first. */
export function pickerChoices(today: string, years = 4) {
  const y = Number(today.slice(0, 4))
  const q = Math.ceil(Number(today.slice(5, 7)) / 3)
  const quarters: string[] = []
  for (let year = y, n = q; quarters.length < years * 4; n -= 1) {
    if (n === 0) { n = 4; year -= 1 }
    quarters.push(`${year}-Q${n}`)
  }
  return { quarters, years: Array.from({ length: years }, (_, i) => String(y - i)) }
}
