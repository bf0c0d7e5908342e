// What a call to the Stripe webhook says, decided before anything is written: a card payment
// for a deal, an event that needs nothing from us, or a request to refuse (forged, stale,
// damaged). Only Stripe knows the signing secret, so a valid signature is the caller's proof;
// the timestamp inside it keeps a captured request from being replayed later.
import Stripe from 'stripe'
import { z } from 'zod'
import { isUuid } from '../lib/ids.js'
import { text } from '../lib/fields.js'

/** A card payment Stripe reported, as the deal records it. Amount in minor units. */
export type CardPayment = {
  eventId: string
  dealId: string
  amount: number
  /** ISO 4217, upper case, as deals store it (Stripe writes lower case). */
  currency: string
  /** The PaymentIntent id ("pi_…"): what Stripe's dashboard and a refund are found by. */
  reference: string
  receivedAt: Date
}

export type WebhookReading =
  | { kind: 'payment'; eventType: string; payment: CardPayment }
  | { kind: 'ignored'; eventId: string; eventType: string; reason: string }
  | { kind: 'refused'; message: string }

/** Stripe's own default: a signed request older than five minutes is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300

// Text through the shared field type even here, signed by Stripe: a control character (NUL above
// all) would make PostgreSQL refuse the event's row, a 500 instead of a 400.
const id = () => text().min(1).max(255)

const StripeEvent = z.object({
  id: id(),
  type: id(),
  created: z.number().int().positive(),
  data: z.object({ object: z.unknown() }),
})

const CompletedSession = z.object({
  object: z.literal('checkout.session'),
  id: id(),
  payment_status: text(),
  client_reference_id: text().nullish(),
  metadata: z.record(text(), text()).nullish(),
  amount_total: z.number().int().nonnegative().nullable(),
  currency: text().regex(/^[a-zA-Z]{3}$/).nullable(),
  payment_intent: z.union([id(), z.object({ id: id() })]).nullable(),
})

const refused = (message: string): WebhookReading => ({ kind: 'refused', message })

/** The verified event, or why it is refused. Never throws for anything a caller can send. */
function verify(stripe: Stripe, secret: string, body: Uint8Array, signature: string | undefined, now: Date) {
  if (!signature) return refused('A Stripe-Signature header is required: only Stripe calls this address.')
  let event: unknown
  try {
    // The raw bytes as received: re-serialised JSON would not match the signature. The app's
    // clock is the receive time, so tests (and a server with a moved clock) judge age alike.
    event = stripe.webhooks.constructEvent(body, signature, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, now.getTime())
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      return /tolerance/i.test(err.message)
        ? refused(`The signed timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds old: a stale or replayed request.`)
        : refused('The Stripe-Signature does not match this body and the signing secret.')
    }
    // Signed, yet not JSON (or a kind of event this endpoint cannot take).
    return refused('The webhook body is not a Stripe event in JSON.')
  }
  const parsed = StripeEvent.safeParse(event)
  return parsed.success ? parsed.data : refused('The webhook body is not a Stripe event.')
}

export function readStripeWebhook(
  stripe: Stripe, secret: string, body: Uint8Array, signature: string | undefined, now: Date,
): WebhookReading {
  const event = verify(stripe, secret, body, signature, now)
  if ('kind' in event) return event
  const ignored = (reason: string): WebhookReading => ({ kind: 'ignored', eventId: event.id, eventType: event.type, reason })

  // A completed Checkout Session is the one event that moves money into a deal; the rest
  // (created sessions, expiries, charges) are answered 200 so Stripe does not retry them.
  if (event.type !== 'checkout.session.completed') return ignored('this event type needs nothing from NordicLoop')
  const session = CompletedSession.safeParse(event.data.object)
  if (!session.success) return refused('The checkout.session.completed event carries no readable Checkout Session.')
  const s = session.data
  if (s.payment_status !== 'paid') return ignored(`the session completed with payment status ${s.payment_status}`)

  const dealId = s.metadata?.deal_id ?? s.client_reference_id
  // Stripe sends every event of the account to every endpoint: a session opened by something
  // other than this platform's deal pages is not ours to record.
  if (!isUuid(dealId) || (s.client_reference_id && s.client_reference_id !== dealId)) return ignored('the session names no NordicLoop deal')
  if (!s.amount_total || !s.currency) return refused('The paid session carries no amount or currency.')

  const reference = typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent?.id ?? s.id
  // When the payment happened by Stripe's account, but never later than we heard of it.
  const receivedAt = new Date(Math.min(event.created * 1000, now.getTime()))
  return {
    kind: 'payment',
    eventType: event.type,
    payment: { eventId: event.id, dealId, amount: s.amount_total, currency: s.currency.toUpperCase(), reference, receivedAt },
  }
}
