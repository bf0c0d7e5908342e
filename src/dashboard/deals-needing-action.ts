// The number in the header's "Deals (3)": how many deals wait on the viewer's company.
//
// It is shown on every page a member opens, so it costs one query. Which deals need a side's
// action is decided by nextAction (src/deals/present.ts), the rule the deal page, the deals
// list and the emails already share; the count asks that same rule rather than a copy of it
// written in SQL, which would drift from it unnoticed. The query only narrows the rows to the
// deals still under way (a handful, however long the company's history): nextAction never asks
// a party to act on a finished or disputed deal, which tests/admin/deal-header-count.test.ts
// checks for every state, so leaving those out changes no count.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealStatus } from '../deals/deal-rules.js'
import { nextAction } from '../deals/present.js'
import type { DealTerms } from '../deals/terms.js'

/** The states in which a deal may wait on the buyer or the seller. */
export const STATES_WAITING_ON_A_PARTY: readonly DealStatus[] = ['awaiting_payment', 'paid', 'handed_over']

export async function countDealsNeedingAction(db: Kysely<DB>, companyId: string, now: Date, terms: Pick<DealTerms, 'paymentWorkingDays'>): Promise<number> {
  const deals = await db.selectFrom('deals').selectAll()
    .where((eb) => eb.or([eb('buyer_company_id', '=', companyId), eb('seller_company_id', '=', companyId)]))
    .where('status', 'in', STATES_WAITING_ON_A_PARTY)
    .execute()
  // The time zone only shapes the words of the next step, not whether it is urgent.
  return deals.filter((deal) => nextAction(deal, deal.buyer_company_id === companyId ? 'buyer' : 'seller', now, 'UTC', terms).urgent).length
}
