// Stripe's webhook: POST /payments/stripe/webhook. Mounted in app.ts ahead of the form body
// parser and the CSRF check, on purpose: Stripe posts JSON from its servers, with no browser
// Origin and no CSRF cookie, and the body must reach the signature check byte for byte. The
// signature (an HMAC of the exact body with a secret only Stripe and this server hold) is a
// stronger proof of origin than the CSRF token it replaces here.
import { Hono } from 'hono'
import type Stripe from 'stripe'
import type { Kysely, Transaction } from 'kysely'
import type { AppEnv } from '../web/context.js'
import type { DB } from '../db/schema.js'
import { readStripeWebhook, type CardPayment, type WebhookReading } from './stripe-webhook.js'

export type PaymentDecision = { ok: true } | { ok: false; reason: string }

/**
 * Records a card payment on its deal, inside the webhook's transaction (which also holds the
 * event's row, so a replay or a second delivery records nothing). It must use `trx`, not open a
 * transaction of its own, and answer { ok: false } rather than throw when the deal will not
 * take the payment (unknown deal, already paid, wrong amount): whatever it wrote is then undone.
 */
export type RecordCardPayment = (trx: Transaction<DB>, payment: CardPayment) => Promise<PaymentDecision>

export type WebhookOutcome = 'recorded' | 'duplicate' | 'refused'

const GATEWAY = 'card'

/** Thrown inside the transaction so a refusal undoes the event's row and anything the deal wrote. */
class Refusal extends Error {}

/** The payment recorded once per event id, however often and however concurrently it arrives. */
export async function settleCardPayment(
  db: Kysely<DB>, reading: Extract<WebhookReading, { kind: 'payment' }>, recordPayment: RecordCardPayment, now: Date,
): Promise<{ outcome: WebhookOutcome; reason?: string }> {
  const { payment } = reading
  const row = { gateway: GATEWAY, event_id: payment.eventId, event_type: reading.eventType, deal_id: payment.dealId, received_at: now }
  try {
    return await db.transaction().execute(async (trx) => {
      // A second delivery of this event waits here on the first's uncommitted row, then finds it.
      const claimed = await trx.insertInto('payment_gateway_events').values({ ...row, outcome: 'recorded' })
        .onConflict((oc) => oc.columns(['gateway', 'event_id']).doNothing()).returning('event_id').executeTakeFirst()
      if (!claimed) return { outcome: 'duplicate' as const }
      const decision = await recordPayment(trx, payment)
      if (!decision.ok) throw new Refusal(decision.reason)
      return { outcome: 'recorded' as const }
    })
  } catch (err) {
    if (!(err instanceof Refusal)) throw err
    // Kept as refused: a redelivery is not offered to the deal again, and money that arrived for
    // a deal that would not take it stays visible for an admin to refund.
    await db.insertInto('payment_gateway_events').values({ ...row, outcome: 'refused', reason: err.message })
      .onConflict((oc) => oc.columns(['gateway', 'event_id']).doNothing()).execute()
    return { outcome: 'refused', reason: err.message }
  }
}

export function stripeWebhookRoutes(deps: { stripe: Stripe; webhookSecret: string; recordPayment: RecordCardPayment }) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const now = c.var.clock()
    const body = new Uint8Array(await c.req.arrayBuffer())
    const reading = readStripeWebhook(deps.stripe, deps.webhookSecret, body, c.req.header('stripe-signature'), now)
    if (reading.kind === 'refused') {
      c.var.log.warn('stripe webhook refused', { reason: reading.message })
      return c.json({ error: reading.message }, 400)
    }
    if (reading.kind === 'ignored') {
      return c.json({ received: true, outcome: 'ignored', reason: reading.reason })
    }
    const result = await settleCardPayment(c.var.db, reading, deps.recordPayment, now)
    const detail = { eventId: reading.payment.eventId, dealId: reading.payment.dealId, outcome: result.outcome, reason: result.reason }
    // A refused payment is money taken for a deal that would not have it: someone must look.
    if (result.outcome === 'refused') c.var.log.error('card payment not recorded', detail)
    else c.var.log.info('stripe webhook', detail)
    // 200 for all three: Stripe retries anything else for days, and none of them would change.
    return c.json({ received: true, ...result })
  })
}
