// Money in and money out of a deal. Whichever gateway brought a payment — an admin recording a
// bank transfer, Stripe's signed webhook — it ends here, and the deal's rules never know which.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { actOnDeal, actOnDealIn, type DealViewer, type StepRequest, type StepResult } from './act-on-deal.js'
import type { Party } from './deal-rules.js'
import type { DealTerms } from './terms.js'

export type PaymentReceipt = {
  dealId: string
  gateway: string
  amount: number
  currency: string
  receivedAt: Date
  /** The bank's reference of the transfer, or the gateway's payment id: one receipt is recorded once. */
  reference: string
}

/**
 * Records money received for a deal. The deal moves to paid once all of the price is in; a
 * short payment keeps it waiting for the rest, an over-payment is refunded with the payout.
 * The same receipt reported twice (two admins, a webhook delivered twice) is recorded once:
 * the deal's lock orders them, and the second finds the receipt's row already there.
 */
export async function recordPayment(db: Kysely<DB>, receipt: PaymentReceipt, who: { viewer: DealViewer; now: Date; terms: DealTerms }, inTransaction = false): Promise<StepResult> {
  const req: StepRequest = {
    dealId: receipt.dealId, viewer: who.viewer, now: who.now, terms: who.terms,
    action: { type: 'record_payment' as const, amount: receipt.amount, gateway: receipt.gateway, reference: receipt.reference, receivedAt: receipt.receivedAt },
    effect: async (trx, deal) => {
      if (receipt.currency.toUpperCase() !== deal.currency.toUpperCase()) return { refusal: `This deal is in ${deal.currency}; a payment in ${receipt.currency} cannot be recorded against it.` }
      const row = await trx.insertInto('deal_payments').values({
        deal_id: deal.id, gateway: receipt.gateway, amount: receipt.amount, received_at: receipt.receivedAt, reference: receipt.reference,
        recorded_by: who.viewer === 'system' ? null : who.viewer.userId, created_at: who.now,
      }).onConflict((oc) => oc.columns(['deal_id', 'gateway', 'reference']).doNothing()).returning('id').executeTakeFirst()
      return row ? { detail: {} } : { refusal: `The receipt with reference ${receipt.reference} is already recorded for this deal.` }
    },
  }
  return inTransaction ? actOnDealIn(db, req) : actOnDeal(db, req)
}

/** Records money sent out of the platform's account: the seller's payout or the buyer's refund, once each. */
export async function recordPayout(
  db: Kysely<DB>,
  payout: { dealId: string; party: Party; amount: number; paidOn: Date; reference: string },
  who: { viewer: DealViewer; now: Date; terms: DealTerms },
  inTransaction = false,
): Promise<StepResult> {
  const req: StepRequest = {
    dealId: payout.dealId, viewer: who.viewer, now: who.now, terms: who.terms,
    action: { type: 'record_payout', party: payout.party, amount: payout.amount },
    effect: async (trx, deal) => {
      const row = await trx.insertInto('deal_payouts').values({
        deal_id: deal.id, party: payout.party, amount: payout.amount, paid_on: payout.paidOn, reference: payout.reference,
        recorded_by: who.viewer === 'system' ? null : who.viewer.userId, created_at: who.now,
      }).onConflict((oc) => oc.columns(['deal_id', 'party']).doNothing()).returning('id').executeTakeFirst()
      return row ? { detail: { reference: payout.reference } } : { refusal: `The ${payout.party}'s ${payout.party === 'seller' ? 'payout' : 'refund'} of ${formatMoney(payout.amount, deal.currency)} is already recorded.` }
    },
  }
  return inTransaction ? actOnDealIn(db, req) : actOnDeal(db, req)
}
