// Strikes against buyers: each deal a seller cancelled because the buyer did not pay counts
// against the buyer's company for twelve months. They are read from the deals themselves, not
// kept in a counter, so a strike cannot drift from what happened and ages out on its own.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

/** How long a non-payment counts against a company. */
export const STRIKE_MONTHS = 12

/** The start of the window in which strikes count: twelve calendar months before `now`. */
export function strikesSince(now: Date): Date {
  const since = new Date(now.getTime())
  since.setUTCMonth(since.getUTCMonth() - STRIKE_MONTHS)
  return since
}

function strikesQuery(db: Kysely<DB>, now: Date) {
  return db.selectFrom('deals')
    .where('deals.status', '=', 'cancelled').where('deals.cancel_reason', '=', 'non_payment')
    .where('deals.cancelled_at', '>', strikesSince(now)).where('deals.cancelled_at', '<=', now)
}

export type FlaggedCompany = { companyId: string; legalName: string; status: string; strikes: number; lastStrikeAt: Date }

/**
 * Companies with at least `atLeast` strikes in the last twelve months, most strikes first
 * (then the most recent), for the admin's attention.
 */
export async function companiesWithStrikes(db: Kysely<DB>, now: Date, opts: { atLeast: number } = { atLeast: 2 }): Promise<FlaggedCompany[]> {
  const rows = await strikesQuery(db, now)
    .innerJoin('companies', 'companies.id', 'deals.buyer_company_id')
    .select((eb) => ['companies.id', 'companies.legal_name', 'companies.status',
      eb.fn.countAll<string>().as('strikes'), eb.fn.max('deals.cancelled_at').as('last_at')])
    .groupBy(['companies.id', 'companies.legal_name', 'companies.status'])
    .having((eb) => eb.fn.countAll(), '>=', opts.atLeast)
    .orderBy('strikes', 'desc').orderBy('last_at', 'desc').orderBy('companies.id')
    .execute()
  return rows.map((r) => ({
    companyId: r.id, legalName: r.legal_name, status: r.status, strikes: Number(r.strikes), lastStrikeAt: new Date(r.last_at as Date),
  }))
}

/** One company's strikes in the last twelve months. */
export async function strikeCount(db: Kysely<DB>, companyId: string, now: Date): Promise<number> {
  const row = await strikesQuery(db, now).where('deals.buyer_company_id', '=', companyId)
    .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
