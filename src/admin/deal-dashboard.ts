// The deal figures on the admin dashboard: what waits on NordicLoop (receipts to record,
// payouts to send, disputes to decide) and the companies with repeated non-payment.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { companiesWithStrikes } from '../deals/strikes.js'
import { countOpenDisputes } from './deal-queries.js'
import { countAwaitingPayment, listPayoutCandidates, PAYOUTS_QUEUE_LIMIT } from './money-queries.js'
import { presentPayoutsDue } from './money-present.js'

/** Non-payments in twelve months that put a company on the dashboard, for an admin to look at (and perhaps suspend). */
export const FLAG_AT_STRIKES = 2

export type DealCounts = {
  paymentsToRecord: number
  /** Payouts and refunds due on the deals the queue shows; `more` when it shows only the oldest. */
  payoutsDue: { count: number; more: boolean }
  openDisputes: number
  flagged: { companyId: string; legalName: string; strikes: number }[]
}

export async function loadDealCounts(db: Kysely<DB>, now: Date): Promise<DealCounts> {
  const [paymentsToRecord, candidates, openDisputes, flagged] = await Promise.all([
    countAwaitingPayment(db),
    // What is owed is the settlement's to say, so the count is of the queue itself.
    listPayoutCandidates(db, PAYOUTS_QUEUE_LIMIT + 1),
    countOpenDisputes(db),
    companiesWithStrikes(db, now, { atLeast: FLAG_AT_STRIKES }),
  ])
  return {
    paymentsToRecord, openDisputes,
    payoutsDue: { count: presentPayoutsDue(candidates.slice(0, PAYOUTS_QUEUE_LIMIT)).length, more: candidates.length > PAYOUTS_QUEUE_LIMIT },
    flagged: flagged.map((f) => ({ companyId: f.companyId, legalName: f.legalName, strikes: f.strikes })),
  }
}
