// One event as an iCalendar file (RFC 5545), for an email attachment that mail clients offer
// to add to the reader's calendar: a deal's collection window, say. ical-generator does the
// escaping (commas, semicolons, backslashes, newlines) and folds lines at 75 octets without
// splitting a UTF-8 character; this module decides what goes in.
import ical, { ICalCalendarMethod } from 'ical-generator'

/**
 * PUBLISH, not REQUEST: a REQUEST is a meeting invitation (RFC 5546) whose accept/decline
 * buttons send a reply to the organizer, and ours would land in an unread no-reply mailbox;
 * clients also treat a REQUEST without an ORGANIZER and ATTENDEEs as malformed. PUBLISH is
 * "here is an event": Gmail, Outlook and Apple Mail show it with an "add to calendar" action and
 * no reply. The `method` parameter must match the file's METHOD, or Outlook ignores the file.
 */
export const CALENDAR_METHOD = 'PUBLISH'
export const CALENDAR_CONTENT_TYPE = `text/calendar; charset=utf-8; method=${CALENDAR_METHOD}`

export type CalendarEvent = {
  /**
   * The same for every version of one event (e.g. `deal-1042-collection@nordicloop.example`):
   * a calendar that already holds it replaces it instead of adding a second one.
   */
  uid: string
  start: Date
  end: Date
  summary: string
  description?: string
  location?: string
  /** Absolute (`https://…`): where the reader sees the deal. */
  url?: string
  /** Who the event is from; a PUBLISH needs none, and no reply is ever sent to it. */
  organizer?: { name: string; email: string }
  /** When this version was made (DTSTAMP): the caller's clock, so the file is reproducible. */
  stamp: Date
  /** Raise it each time the event changes (a window agreed again), so clients take the new version. */
  sequence?: number
}

// Printable ASCII without spaces: a UID travels in headers and file names, and some clients
// compare it byte for byte.
const UID = /^[\x21-\x7e]{1,255}$/

/**
 * The text of a VCALENDAR with one VEVENT, times in UTC (`…Z`) to the second: the reader's
 * calendar shows them in the reader's own time zone, and no VTIMEZONE block has to be shipped.
 * Throws RangeError for an event that cannot be right (bad dates, end not after start, bad uid):
 * those are bugs in the caller.
 */
export function calendarEvent(event: CalendarEvent): string {
  for (const [field, date] of [['start', event.start], ['end', event.end], ['stamp', event.stamp]] as const) {
    if (Number.isNaN(date.getTime())) throw new RangeError(`calendar event ${event.uid}: ${field} is not a valid date`)
  }
  // iCalendar times have whole seconds: compare what will be written.
  if (Math.floor(event.end.getTime() / 1000) <= Math.floor(event.start.getTime() / 1000)) {
    throw new RangeError(`calendar event ${event.uid}: end must be after start`)
  }
  if (!UID.test(event.uid)) throw new RangeError(`calendar event uid must be 1 to 255 printable ASCII characters without spaces, not ${JSON.stringify(event.uid)}`)
  const sequence = event.sequence ?? 0
  if (!Number.isInteger(sequence) || sequence < 0) throw new RangeError(`calendar event ${event.uid}: sequence must be a whole number from 0`)

  const calendar = ical({
    prodId: { company: 'NordicLoop', product: 'NordicLoop', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  })
  calendar.createEvent({
    id: event.uid,
    sequence,
    stamp: event.stamp,
    start: event.start,
    end: event.end,
    summary: textValue(event.summary),
    description: event.description === undefined ? null : textValue(event.description),
    location: event.location === undefined ? null : textValue(event.location),
    url: event.url === undefined ? null : uriValue(event.url),
    organizer: event.organizer ? { name: paramValue(event.organizer.name), email: event.organizer.email } : null,
  })
  // Every content line ends in CRLF, the last one too (RFC 5545, 3.1); the library leaves it off.
  return calendar.toString() + '\r\n'
}

/** TEXT may hold tabs and line breaks (escaped as \\n) but no other control character (RFC 5545, 3.3.11). */
function textValue(text: string): string {
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
}

/**
 * A URI value is not escaped like text, yet ical-generator puts a backslash before `,` and `;`
 * in it, which would change the link. Percent-encoding them first means the same to the server
 * and leaves nothing to escape.
 */
function uriValue(url: string): string {
  return new URL(url).href.replace(/[,;\\]/g, (ch) => encodeURIComponent(ch))
}

/**
 * A parameter value (the organizer's CN) may hold neither a double quote nor a line break, and
 * has no escape for them: a backslash-escaped quote is what the library writes, and it breaks
 * the line for strict parsers. An apostrophe and a space keep the name readable.
 */
function paramValue(text: string): string {
  return text.replace(/"/g, "'").replace(/[\x00-\x1f\x7f]+/g, ' ')
}
