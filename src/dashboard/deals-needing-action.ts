// Which deals wait on the viewer's company: the number in the header's "Deals (3)" and the
// deals listed first on the overview (/my).
//
// The count is shown on every page a member opens, so it costs one query. Which deals need a
// side's action is decided by nextAction (src/deals/present.ts), the rule the deal page, the
// deals list and the emails already share; both the count and the list ask that same rule (via
// needsAction below) rather than a copy of it written in SQL, which would drift from it
// unnoticed. The queries only narrow the rows to the deals still under way (a handful, however
// long the company's history): nextAction never asks a party to act on a finished or disputed
// deal, which tests/admin/deal-header-count.test.ts checks for every state, so leaving those out
// changes no count.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealStatus, Party } from '../deals/deal-rules.js'
import { nextAction, type NextAction } from '../deals/present.js'
import { dealsWithNames } from '../deals/queries.js'
import type { DealTerms } from '../deals/terms.js'

/** The states in which a deal may wait on the buyer or the seller. */
export const STATES_WAITING_ON_A_PARTY: readonly DealStatus[] = ['awaiting_payment', 'paid', 'handed_over']

type Terms = Pick<DealTerms, 'paymentWorkingDays'>
type PartyDeal = Parameters<typeof nextAction>[0]

/** The company's side of the deal and its next step, worded in `timeZone`; `urgent` means it is theirs to take. */
export function sideAndNextStep(deal: PartyDeal, companyId: string, now: Date, timeZone: string, terms: Terms): { role: Party; next: NextAction } {
  const role: Party = deal.buyer_company_id === companyId ? 'buyer' : 'seller'
  return { role, next: nextAction(deal, role, now, timeZone, terms) }
}

export async function countDealsNeedingAction(db: Kysely<DB>, companyId: string, now: Date, terms: Terms): Promise<number> {
  const deals = await db.selectFrom('deals').selectAll()
    .where((eb) => eb.or([eb('buyer_company_id', '=', companyId), eb('seller_company_id', '=', companyId)]))
    .where('status', 'in', STATES_WAITING_ON_A_PARTY)
    .execute()
  // The time zone only shapes the words of the next step, not whether it is urgent.
  return deals.filter((deal) => sideAndNextStep(deal, companyId, now, 'UTC', terms).next.urgent).length
}

/**
 * The deals waiting on the company's next step, with the lot's title, the other company and
 * that step in words: the overview's list, the same deals the header counts. Oldest first, so
 * the deal that has waited longest leads.
 */
export async function listDealsNeedingAction(db: Kysely<DB>, companyId: string, now: Date, timeZone: string, terms: Terms) {
  const deals = await dealsWithNames(db)
    .where((eb) => eb.or([eb('deals.buyer_company_id', '=', companyId), eb('deals.seller_company_id', '=', companyId)]))
    .where('deals.status', 'in', STATES_WAITING_ON_A_PARTY)
    .orderBy('deals.created_at').orderBy('deals.id')
    .execute()
  return deals.flatMap((deal) => {
    const { role, next } = sideAndNextStep(deal, companyId, now, timeZone, terms)
    return next.urgent ? [{ deal, role, step: next.text }] : []
  })
}
export type DealNeedingAction = Awaited<ReturnType<typeof listDealsNeedingAction>>[number]
