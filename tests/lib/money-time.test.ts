import { describe, expect, it } from 'vitest'
import { formatMoney, moneyInputValue, parseMoney } from '../../src/lib/money.js'
import { formatTimeLeft, utcToZonedLocal, zonedLocalToUtc } from '../../src/lib/time.js'

describe('parseMoney', () => {
  it.each([
    ['1250', 125000], ['1 250,50', 125050], ['1,250.50', 125050], ['1.250,5', 125050], ['1250.5', 125050],
    ['€ 12', 1200], ['0,99', 99], ['1,250', 125000], ['1.000.000', 100000000], ['12 EUR', 1200],
  ])('%s → %i', (input, minor) => expect(parseMoney(input)).toBe(minor))

  it.each(['', 'abc', '-5', '1,2,3.4.5x', '12.345.6789', '1e5', '99999999999999'])('refuses %s', (input) => {
    expect(parseMoney(input)).toBeNull()
  })

  it('formats and round-trips', () => {
    expect(formatMoney(125000)).toBe('€1,250.00')
    expect(moneyInputValue(125050)).toBe('1250.50')
    expect(parseMoney(moneyInputValue(99))).toBe(99)
  })
})

describe('zoned times', () => {
  it('converts wall-clock times in a zone to UTC and back, across daylight saving', () => {
    expect(zonedLocalToUtc('2026-12-01T14:30', 'Europe/Stockholm')?.toISOString()).toBe('2026-12-01T13:30:00.000Z')
    expect(zonedLocalToUtc('2026-07-01T14:30', 'Europe/Stockholm')?.toISOString()).toBe('2026-07-01T12:30:00.000Z')
    expect(zonedLocalToUtc('2026-07-01T14:30', 'Europe/Helsinki')?.toISOString()).toBe('2026-07-01T11:30:00.000Z')
    expect(utcToZonedLocal(new Date('2026-12-01T13:30:00Z'), 'Europe/Stockholm')).toBe('2026-12-01T14:30')
  })

  it('refuses impossible dates', () => {
    expect(zonedLocalToUtc('2026-02-31T10:00', 'Europe/Berlin')).toBeNull()
    expect(zonedLocalToUtc('yesterday', 'Europe/Berlin')).toBeNull()
    expect(zonedLocalToUtc('2026-13-01T10:00', 'Europe/Berlin')).toBeNull()
  })

  it('says the time left', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    expect(formatTimeLeft(new Date('2026-01-03T04:00:00Z'), now)).toBe('2 d 4 h')
    expect(formatTimeLeft(new Date('2026-01-01T03:12:00Z'), now)).toBe('3 h 12 min')
    expect(formatTimeLeft(new Date('2026-01-01T00:00:45Z'), now)).toBe('45 s')
    expect(formatTimeLeft(new Date('2025-01-01T00:00:00Z'), now)).toBe('0 s')
  })
})
