// Making an Intl.DateTimeFormat costs far more than formatting with one, and the bid path
// formats several dates a bid: every formatter comes from dateFormat (src/lib/time.ts), made
// once per locale and options and kept. Checked over every module, so the next one cannot
// slip back to making one per call.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dateFormat, formatDateTime, formatTimeOfDay } from '../../src/lib/time.js'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    return e.isDirectory() ? sources(path) : /\.tsx?$/.test(e.name) ? [path] : []
  })
}

describe('date formatters', () => {
  it('are made only in src/lib/time.ts (dateFormat, and the zone check), nowhere else in src or views', () => {
    const offenders = [...sources('src'), ...sources('views')]
      .filter((path) => path !== join('src', 'lib', 'time.ts'))
      .filter((path) => /new Intl\.DateTimeFormat\(|\.toLocale(Date|Time)?String\(\s*['"][^'"]*['"]\s*,\s*\{[^}]*timeZone/.test(readFileSync(path, 'utf8')))
    expect(offenders).toEqual([])
  })

  it('are kept: the same options give the same formatter, and it formats as a fresh one would, in every zone', () => {
    const options: Intl.DateTimeFormatOptions = { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit' }
    expect(dateFormat('en-GB', { ...options })).toBe(dateFormat('en-GB', { ...options }))
    expect(dateFormat('en-GB', { ...options, timeZone: 'Europe/Oslo' })).not.toBe(dateFormat('en-GB', options))
    const at = new Date('2026-03-29T00:59:59Z') // an hour before central Europe's clocks go forward
    for (const timeZone of ['Europe/Stockholm', 'Europe/Helsinki', 'Europe/London', 'Atlantic/Reykjavik', 'UTC']) {
      expect(formatTimeOfDay(at, timeZone)).toBe(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(at))
      expect(formatDateTime(at, timeZone)).toBe(new Intl.DateTimeFormat('en-GB', {
        timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
      }).format(at))
    }
  })
})
