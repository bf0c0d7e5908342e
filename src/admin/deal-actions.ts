// An admin decides a dispute: release the money to the seller, refund the buyer in full, or
// refund part. The deal's rules judge it under the deal's lock (src/deals/act-on-deal.ts),
// both sides are told with the admin's note, and the audit log keeps it, in one transaction.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { actOnDealIn, type StepResult } from '../deals/act-on-deal.js'
import type { Resolution } from '../deals/deal-rules.js'
import { recordAudit } from './audit.js'
import { asAdmin, type AdminAct } from './money-actions.js'

export async function resolveDispute(
  db: Kysely<DB>,
  decision: { dealId: string; resolution: Resolution; refundAmount: number; note: string },
  act: AdminAct,
): Promise<StepResult> {
  return db.transaction().execute(async (trx) => {
    const result = await actOnDealIn(trx, {
      dealId: decision.dealId, viewer: asAdmin(act.adminId), now: act.now, terms: act.terms,
      action: { type: 'resolve_dispute', resolution: decision.resolution, refundAmount: decision.refundAmount, note: decision.note },
    })
    if (!result.ok) return result
    await recordAudit(trx, {
      actorUserId: act.adminId, action: 'deal.dispute_resolved', subjectType: 'deal', subjectId: decision.dealId, ip: act.ip,
      detail: { number: result.deal.number, resolution: decision.resolution, refundAmount: result.deal.refund_amount, note: decision.note },
    })
    return result
  })
}
