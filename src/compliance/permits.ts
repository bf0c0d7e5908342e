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

/**
 * Of these companies, the ones holding a verified permit that counts at `now`, each in its own
 * time zone: the same rule as verifiedPermit, in one query for many (a batch of bids).
 */
export async function permitHolders(db: Kysely<DB>, companyIds: string[], now: Date): Promise<Set<string>> {
  if (companyIds.length === 0) return new Set()
  const rows = await db.selectFrom('waste_permits as p').innerJoin('companies as c', 'c.id', 'p.company_id')
    .select(['p.company_id', 'c.country', (eb) => eb.fn.max('p.expires_on').as('expires_on')])
    .where('p.company_id', 'in', companyIds).where('p.status', '=', 'verified')
    .groupBy(['p.company_id', 'c.country']).execute()
  return new Set(rows
    .filter((r) => permitCounts({ status: 'verified', expiresOn: isoDate(r.expires_on) }, localDate(now, zoneForCountry(r.country))))
    .map((r) => r.company_id))
}
