// Whether a company holds a waste permit that lets it take hazardous waste today.
//
// A permit counts when an admin has verified it and its expiry date has not come yet: it is
// valid through the day before its expiry date and stops counting ON that date, in the
// company's own time zone (its country's; a Swedish permit expiring 2027-03-01 counts until
// 2027-02-28 23:59:59 in Stockholm). This is the one place that says so: the bidding and
// purchase rules, the listing page, the transfer note and the company profile all ask here.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { zoneForCountry, dateFormat } from '../lib/time.js'

export type ValidPermit = { number: string; authority: string; expiresOn: string }

/** The calendar date ("2026-12-02") at an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  return dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** A date column (read as midnight UTC) as "YYYY-MM-DD". */
export const isoDate = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10))

/** Pure: does a verified permit expiring on `expiresOn` still count on the calendar day `today`? */
export function permitCounts(permit: { status: string; expiresOn: string }, today: string): boolean {
  return permit.status === 'verified' && permit.expiresOn > today
}

/**
 * The company's verified permit that counts at `now` (the one that runs longest, when it has
 * several), or null.
 */
export async function verifiedPermit(db: Kysely<DB>, companyId: string, now: Date): Promise<ValidPermit | null> {
  const company = await db.selectFrom('companies').select('country').where('id', '=', companyId).executeTakeFirst()
  if (!company) return null
  const today = localDate(now, zoneForCountry(company.country))
  const row = await db.selectFrom('waste_permits')
    .select(['permit_number', 'issuing_authority', 'expires_on'])
    .where('company_id', '=', companyId)
    .where('status', '=', 'verified')
    .where('expires_on', '>', new Date(`${today}T00:00:00Z`))
    .orderBy('expires_on', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return null
  return { number: row.permit_number, authority: row.issuing_authority, expiresOn: isoDate(row.expires_on) }
}
