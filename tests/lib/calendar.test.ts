// Calendar invitations are read back with ical.js (Mozilla's parser, the one Thunderbird uses):
// whatever text goes in comes out the same, times in UTC, lines folded as RFC 5545 asks.
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { CALENDAR_CONTENT_TYPE, calendarEvent, type CalendarEvent } from '../../src/lib/calendar.js'

const base: CalendarEvent = {
  uid: 'deal-1042-collection@nordicloop.example',
  start: new Date('2026-12-07T07:00:00Z'),
  end: new Date('2026-12-07T15:30:00Z'),
  stamp: new Date('2026-12-02T12:00:00Z'),
  summary: 'Collection: 12 t baled cardboard',
}

/** The one VEVENT of a calendar file, as a parser sees it. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  const event = calendar.getFirstSubcomponent('vevent')
  if (!event) throw new Error('no VEVENT')
  const time = (name: string) => {
    const value = event.getFirstPropertyValue(name)
    if (!(value instanceof ICAL.Time)) throw new Error(`${name} is not a date-time`)
    return value
  }
  const text_ = (name: string) => {
    const value = event.getFirstPropertyValue(name)
    return value === null ? undefined : String(value)
  }
  return {
    method: calendar.getFirstPropertyValue('method'),
    version: calendar.getFirstPropertyValue('version'),
    events: calendar.getAllSubcomponents('vevent').length,
    uid: text_('uid'), summary: text_('summary'), description: text_('description'), location: text_('location'), url: text_('url'),
    sequence: event.getFirstPropertyValue('sequence'),
    start: time('dtstart'), end: time('dtend'), stamp: time('dtstamp'),
    organizer: event.getFirstProperty('organizer'),
  }
}

/** What a field should read as once parsed: stray control characters go, line breaks become \n. */
const asParsed = (s: string) => s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').replace(/\r\n|\r/g, '\n')

/** The physical lines of the file, each checked to end in CRLF. */
function physicalLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true)
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
  return text.slice(0, -2).split('\r\n')
}

describe('calendarEvent', () => {
  it('writes a PUBLISH calendar with one event, in UTC, that a parser reads back field for field', () => {
    const event: CalendarEvent = {
      ...base,
      summary: 'Collect 12 t cardboard, baled; Vänerpack AB → Saimaan Saha',
      description: 'Gate 3, ask for Åsa; bring a forklift.\nLoading dock: "B" \\ north side.\r\nTel. +46 470 123 45',
      location: 'Industrivägen 4, 352 46 Växjö, Sweden',
      url: 'https://nordicloop.example/deals/1042',
      organizer: { name: 'NordicLoop', email: 'no-reply@nordicloop.example' },
      sequence: 2,
    }
    const text = calendarEvent(event)
    const parsed = parse(text)
    expect(parsed).toMatchObject({
      method: 'PUBLISH', version: '2.0', events: 1, uid: event.uid, sequence: 2,
      summary: event.summary, description: asParsed(event.description!), location: event.location, url: event.url,
    })
    for (const [field, date] of [['start', event.start], ['end', event.end], ['stamp', event.stamp]] as const) {
      expect(parsed[field].zone?.tzid, field).toBe('UTC')
      expect(parsed[field].toJSDate().toISOString(), field).toBe(date.toISOString())
    }
    expect(text).toContain('\r\nDTSTART:20261207T070000Z\r\n')
    expect(text).toContain('\r\nDTEND:20261207T153000Z\r\n')
    expect(parsed.organizer?.getFirstValue()).toBe('mailto:no-reply@nordicloop.example')
    expect(parsed.organizer?.getParameter('cn')).toBe('NordicLoop')
    expect(CALENDAR_CONTENT_TYPE).toBe('text/calendar; charset=utf-8; method=PUBLISH')
  })

  it('writes times to the second, dropping milliseconds', () => {
    const parsed = parse(calendarEvent({ ...base, start: new Date('2026-12-07T07:00:00.999Z') }))
    expect(parsed.start.toJSDate().toISOString()).toBe('2026-12-07T07:00:00.000Z')
  })

  it('leaves out what is not given: no organizer, description, location or link', () => {
    const text = calendarEvent(base)
    const parsed = parse(text)
    expect(parsed).toMatchObject({ summary: base.summary, description: undefined, location: undefined, url: undefined, organizer: null, sequence: 0 })
    expect(text).not.toMatch(/ORGANIZER|ATTENDEE|DESCRIPTION|LOCATION|URL/)
  })

  it('folds long lines at 75 octets without splitting a character, and they unfold to the same text', () => {
    const description = 'Växjö–Lappeenranta '.repeat(40) + '😀'.repeat(30) + ' ' + 'x'.repeat(300)
    const text = calendarEvent({ ...base, description })
    const lines = physicalLines(text)
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75)
      // A fold inside a character would leave half of it at a line's end: a lone surrogate.
      expect(line).not.toMatch(/\p{Cs}/u)
    }
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(10)
    expect(parse(text).description).toBe(description)
  })

  it('a URL with commas and semicolons stays the same link', () => {
    const url = 'https://nordicloop.example/deals/1042?sort=a,b;c&q=V%C3%A4xj%C3%B6'
    const parsed = new URL(parse(calendarEvent({ ...base, url })).url!)
    expect(parsed.searchParams.get('sort')).toBe('a,b;c')
    expect(parsed.searchParams.get('q')).toBe('Växjö')
    expect(parsed.pathname).toBe('/deals/1042')
  })

  it('an organizer name with quotes or a line break still makes a valid line', () => {
    const text = calendarEvent({ ...base, organizer: { name: 'Brenner "Metallbau"\nGmbH; Dortmund', email: 'jonas@brenner-metallbau.example' } })
    const organizer = parse(text).organizer
    expect(organizer?.getParameter('cn')).toBe("Brenner 'Metallbau' GmbH; Dortmund")
    expect(organizer?.getFirstValue()).toBe('mailto:jonas@brenner-metallbau.example')
  })

  it('500 generated events of awkward text parse back to the same fields', () => {
    const random = seeded(20261202)
    const pieces = [',', ';', ':', '\\', '"', "'", '\n', '\r\n', '\r', '\t', ' ', 'Växjö', 'Ødegård', 'Straße', 'Łódź', '😀',
      '\\n', '\\,', 'END:VEVENT', 'BEGIN:VCALENDAR', 'x'.repeat(80), '\u0007', '\u007f', 'ä'.repeat(40), 'a']
    const awkward = () => Array.from({ length: Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]).join('')
    for (let i = 0; i < 500; i++) {
      // Whole seconds: iCalendar has no milliseconds (the test below shows they are dropped).
      const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 3e7) * 1000)
      const event: CalendarEvent = {
        ...base, uid: `deal-${i}@nordicloop.example`, start, end: new Date(start.getTime() + (1 + Math.floor(random() * 1e6)) * 1000),
        summary: awkward(), description: awkward(), location: awkward(),
      }
      const text = calendarEvent(event)
      physicalLines(text).forEach((line) => expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75))
      const parsed = parse(text)
      const context = JSON.stringify(event)
      expect(parsed.events, context).toBe(1)
      expect(parsed.summary ?? '', context).toBe(asParsed(event.summary))
      expect(parsed.description ?? '', context).toBe(asParsed(event.description!))
      expect(parsed.location ?? '', context).toBe(asParsed(event.location!))
      expect(parsed.start.toJSDate().toISOString(), context).toBe(event.start.toISOString())
      expect(parsed.end.toJSDate().toISOString(), context).toBe(event.end.toISOString())
    }
  })

  it('refuses an event that cannot be right', () => {
    expect(() => calendarEvent({ ...base, end: base.start })).toThrow(/end must be after start/)
    expect(() => calendarEvent({ ...base, end: new Date(base.start.getTime() - 1) })).toThrow(RangeError)
    // Within one second, start and end would be written the same.
    expect(() => calendarEvent({ ...base, start: new Date('2026-12-07T07:00:00.100Z'), end: new Date('2026-12-07T07:00:00.900Z') })).toThrow(/end must be after start/)
    expect(() => calendarEvent({ ...base, start: new Date('nonsense') })).toThrow(/start is not a valid date/)
    expect(() => calendarEvent({ ...base, stamp: new Date(NaN) })).toThrow(/stamp/)
    for (const uid of ['', 'has space@x', 'line\nbreak', 'Växjö@x', 'x'.repeat(256)]) {
      expect(() => calendarEvent({ ...base, uid }), uid).toThrow(/uid/)
    }
    expect(() => calendarEvent({ ...base, sequence: -1 })).toThrow(/sequence/)
    expect(() => calendarEvent({ ...base, url: '/deals/1042' })).toThrow(TypeError)
  })
})

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
