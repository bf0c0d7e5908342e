// A card payment Stripe reported (through its verified webhook), recorded against its deal in
// the webhook's own transaction. Whatever the deal cannot take is refused with a reason, never
// thrown: the webhook keeps the refusal for an admin to refund.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { isUuid } from '../lib/ids.js'
import { recordPayment } from './money-steps.js'
import type { DealTerms } from './terms.js'

export type CardPaymentReport = { dealId: string; amount: number; currency: string; reference: string; receivedAt: Date }

export async function recordCardPayment(trx: Kysely<DB>, payment: CardPaymentReport, who: { now: Date; terms: DealTerms }): Promise<{ ok: true } | { ok: false; reason: string }> {
  // The deal id comes from the session's metadata: signed by Stripe, but written by whoever created the session.
  if (!isUuid(payment.dealId)) return { ok: false, reason: `no deal ${JSON.stringify(payment.dealId)}` }
  const result = await recordPayment(trx, { ...payment, dealId: payment.dealId.toLowerCase(), gateway: 'card' }, { viewer: 'system', ...who }, true)
  return result.ok ? { ok: true } : { ok: false, reason: result.message }
}
