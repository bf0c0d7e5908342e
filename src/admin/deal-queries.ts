// What the admin's deal pages read: deals with their lot and both sides' names, open disputes
// with their histories, and every deal by state.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealStatus } from '../deals/deal-rules.js'
import { dealsWithNames } from '../deals/queries.js'

export const DEAL_LIST_LIMIT = 200
export const DISPUTES_LIMIT = 100

export { dealsWithNames }
export type DealWithNames = Awaited<ReturnType<ReturnType<typeof dealsWithNames>['execute']>>[number]

/** One deal by id, with its lot and both sides' names. */
export function findDealWithNames(db: Kysely<DB>, dealId: string) {
  return dealsWithNames(db).where('deals.id', '=', dealId).executeTakeFirst()
}

/** Open disputes, the longest-open first. */
export function listOpenDisputes(db: Kysely<DB>, limit = DISPUTES_LIMIT) {
  return dealsWithNames(db).where('deals.status', '=', 'disputed')
    .orderBy('deals.disputed_at').orderBy('deals.number').limit(limit).execute()
}

export async function countOpenDisputes(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'disputed').executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The histories of several deals in one query, each in the order it happened. */
export async function dealEvents(db: Kysely<DB>, dealIds: string[]) {
  if (dealIds.length === 0) return []
  return db.selectFrom('deal_events').leftJoin('users', 'users.id', 'deal_events.actor_user_id')
    .select(['deal_events.deal_id', 'deal_events.kind', 'deal_events.actor_role', 'deal_events.detail', 'deal_events.created_at', 'users.name as actor_name'])
    .where('deal_events.deal_id', 'in', dealIds).orderBy('deal_events.deal_id').orderBy('deal_events.id').execute()
}
export type DealEventRow = Awaited<ReturnType<typeof dealEvents>>[number]

/** Deals newest first, of one state or all. */
export function listDeals(db: Kysely<DB>, filter: { status: DealStatus | '' }, limit = DEAL_LIST_LIMIT) {
  let q = dealsWithNames(db)
  if (filter.status) q = q.where('deals.status', '=', filter.status)
  return q.orderBy('deals.created_at', 'desc').orderBy('deals.number', 'desc').limit(limit).execute()
}

/** How many deals are in each state. */
export async function countDealsByStatus(db: Kysely<DB>): Promise<Partial<Record<DealStatus, number>>> {
  const rows = await db.selectFrom('deals').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}
