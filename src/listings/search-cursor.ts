// The page cursor of a search: which row the next page starts after. Opaque to people
// (base64url JSON), checked like any other input when it comes back, since anyone can edit a URL.
import { z } from 'zod'
import { text } from '../lib/fields.js'

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A cursor's key goes back to PostgreSQL as a timestamptz or a real, which refuse what the
 * format alone lets through (31 February, year 0, a real past 3.4e38 or below 1.2e-38): such a
 * key must be a damaged link, not a failed query.
 */
function isTimestamp(k: string): boolean {
  const m = TIMESTAMP.exec(k)
  if (!m) return false
  const [y, mo, d, h, mi, sec] = m.slice(1).map(Number)
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, sec))
  date.setUTCFullYear(y)
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h
    && date.getUTCMinutes() === mi && date.getUTCSeconds() === sec
}
const TimestampKey = text().refine(isTimestamp)
const RankKey = z.number().refine((k) => k === 0 || (k >= 1.2e-38 && k <= 3.4e38))

const CursorSchema = z.discriminatedUnion('s', [
  z.object({ s: z.literal('newest'), k: TimestampKey, id: text().regex(UUID) }),
  z.object({ s: z.literal('ending'), k: z.union([TimestampKey, z.literal('infinity')]), id: text().regex(UUID) }),
  z.object({ s: z.enum(['price_asc', 'price_desc']), k: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), id: text().regex(UUID) }),
  z.object({ s: z.literal('relevance'), k: RankKey, id: text().regex(UUID) }),
])
export type Cursor = z.infer<typeof CursorSchema>

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

export function decodeCursor(text: string): Cursor | null {
  if (text.length > 400 || !/^[A-Za-z0-9_-]+$/.test(text)) return null
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
