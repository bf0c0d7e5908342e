// The daily job that tells a company its verified waste permit expires within 30 days. A notice
// is due from 30 days before the expiry date (the company's calendar day, as for the permit's
// validity) until the permit stops counting; a day the job did not run is caught up on the
// next run. Each permit's notice is claimed by a conditional update of its row in the same
// transaction as the email, so it goes once, even with several instances running the job.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { zoneForCountry } from '../lib/time.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { permitExpiringMessage } from '../../views/emails/permits.js'
import { companyOwners } from './permit-actions.js'
import { isoDate, localDate } from './permits.js'

export const EXPIRY_NOTICE_DAYS = 30

/** The calendar date `days` after a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Pure: is the notice due on `today` for a permit expiring on `expiresOn`? */
export const expiryNoticeDue = (expiresOn: string, today: string) => expiresOn > today && expiresOn <= addDays(today, EXPIRY_NOTICE_DAYS)

export async function sendPermitExpiryNotices(db: Kysely<DB>, opts: { now: Date; baseUrl: string; log?: Logger }): Promise<number> {
  // Candidates by the widest zone difference (a day either side); each is then judged on its
  // company's own date.
  const horizon = addDays(opts.now.toISOString().slice(0, 10), EXPIRY_NOTICE_DAYS + 1)
  const candidates = await db.selectFrom('waste_permits').innerJoin('companies', 'companies.id', 'waste_permits.company_id')
    .select(['waste_permits.id', 'waste_permits.company_id', 'waste_permits.permit_number', 'waste_permits.issuing_authority',
      'waste_permits.expires_on', 'companies.legal_name', 'companies.country'])
    .where('waste_permits.status', '=', 'verified').where('waste_permits.expiry_notice_sent_at', 'is', null)
    .where('waste_permits.expires_on', '<=', new Date(`${horizon}T00:00:00Z`))
    .orderBy('waste_permits.expires_on').limit(500).execute()
  if (candidates.length === 0) return 0
  // A company that already holds a verified permit running past this one has renewed: no notice.
  const latest = await db.selectFrom('waste_permits').select(['company_id', db.fn.max('expires_on').as('last')])
    .where('status', '=', 'verified').where('company_id', 'in', [...new Set(candidates.map((p) => p.company_id))])
    .groupBy('company_id').execute()
  const lastExpiry = new Map(latest.map((r) => [r.company_id, isoDate(r.last as Date)]))
  let sent = 0
  for (const permit of candidates) {
    const expiresOn = isoDate(permit.expires_on)
    if (!expiryNoticeDue(expiresOn, localDate(opts.now, zoneForCountry(permit.country)))) continue
    const renewed = (lastExpiry.get(permit.company_id) ?? expiresOn) > expiresOn
    const claimed = await db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('waste_permits').set({ expiry_notice_sent_at: opts.now })
        .where('id', '=', permit.id).where('expiry_notice_sent_at', 'is', null).returning('id').executeTakeFirst()
      if (!row || renewed) return false
      const owners = await companyOwners(trx, permit.company_id)
      const facts = { number: permit.permit_number, authority: permit.issuing_authority, expiresOn }
      await enqueueEmails(trx, owners.map((o) => permitExpiringMessage(o.email, o.name, permit.legal_name, facts, `${opts.baseUrl}/account/permits`)))
      return true
    })
    if (claimed) sent += 1
  }
  if (sent) opts.log?.info('permit expiry notices queued', { sent })
  return sent
}
