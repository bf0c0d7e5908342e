// An admin records money that moved through NordicLoop's bank account: a buyer's transfer
// received, a payout or refund sent. Each goes through the deal's own money steps
// (src/deals/money-steps.ts, which lock the deal and let its rules decide) and into the audit log.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { recordPayment, recordPayout } from '../deals/money-steps.js'
import type { DealViewer, StepResult } from '../deals/act-on-deal.js'
import type { Party } from '../deals/deal-rules.js'
import type { DealTerms } from '../deals/terms.js'
import { recordAudit } from './audit.js'
import { payoutId, receiptId } from './money-queries.js'

export type AdminAct = { adminId: string; ip: string | null; now: Date; terms: DealTerms }

/** An admin acts on a deal as NordicLoop, even one who also belongs to a company in it. */
export const asAdmin = (adminId: string): DealViewer => ({ userId: adminId, companyId: null, isAdmin: true })

export const BANK_TRANSFER = 'bank_transfer'

/**
 * Records a bank transfer received for a deal. The receipt, the deal's change and the audit
 * line are one transaction. The same transfer (its bank reference) recorded twice, by two
 * admins at once or by one pressing twice, is recorded once: the second is refused.
 */
export async function recordBankReceipt(
  db: Kysely<DB>,
  receipt: { dealId: string; amount: number; currency: string; receivedAt: Date; bankReference: string },
  act: AdminAct,
): Promise<StepResult & { paymentId?: number }> {
  return db.transaction().execute(async (trx) => {
    const result = await recordPayment(trx, {
      dealId: receipt.dealId, gateway: BANK_TRANSFER, amount: receipt.amount, currency: receipt.currency,
      receivedAt: receipt.receivedAt, reference: receipt.bankReference,
    }, { viewer: asAdmin(act.adminId), now: act.now, terms: act.terms }, true)
    if (!result.ok) return result
    const paymentId = await receiptId(trx, receipt.dealId, BANK_TRANSFER, receipt.bankReference)
    await recordAudit(trx, {
      actorUserId: act.adminId, action: 'deal.payment_recorded', subjectType: 'deal', subjectId: receipt.dealId, ip: act.ip,
      detail: { number: result.deal.number, amount: receipt.amount, currency: receipt.currency, reference: receipt.bankReference,
        receivedOn: receipt.receivedAt.toISOString().slice(0, 10), status: result.deal.status },
    })
    return { ...result, paymentId }
  })
}

/**
 * Records a payout to the seller or a refund to the buyer, of exactly the amount the deal's
 * settlement owes them, once per party. The payout, the deal's change and the audit line are
 * one transaction.
 */
export async function recordPayoutSent(
  db: Kysely<DB>,
  payout: { dealId: string; party: Party; amount: number; paidOn: Date; bankReference: string },
  act: AdminAct,
): Promise<StepResult & { payoutId?: number }> {
  return db.transaction().execute(async (trx) => {
    const result = await recordPayout(trx, { dealId: payout.dealId, party: payout.party, amount: payout.amount, paidOn: payout.paidOn, reference: payout.bankReference },
      { viewer: asAdmin(act.adminId), now: act.now, terms: act.terms }, true)
    if (result.ok) {
      await recordAudit(trx, {
        actorUserId: act.adminId, action: payout.party === 'seller' ? 'deal.payout_recorded' : 'deal.refund_recorded', subjectType: 'deal',
        subjectId: payout.dealId, ip: act.ip,
        detail: { number: result.deal.number, amount: payout.amount, currency: result.deal.currency, reference: payout.bankReference,
          paidOn: payout.paidOn.toISOString().slice(0, 10) },
      })
      return { ...result, payoutId: await payoutId(trx, payout.dealId, payout.party) }
    }
    return result
  })
}
