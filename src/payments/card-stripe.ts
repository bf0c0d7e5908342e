// Card payments through Stripe Checkout: the buyer is sent to Stripe's hosted payment page and
// Stripe reports the payment to the webhook (stripe-webhook.ts). Card details are typed into
// Stripe's page only; NordicLoop never sees them.
import Stripe from 'stripe'
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { DB } from '../db/schema.js'
import { PaymentGatewayError, type CheckoutRequest, type CheckoutStart, type PaymentGateway } from './gateway.js'

/** The Stripe client, or null when card payments are not configured (bank transfer only). */
export function createStripeClient(config: Config): Stripe | null {
  if (!config.STRIPE_SECRET_KEY || !config.STRIPE_WEBHOOK_SECRET) return null
  const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null
  return new Stripe(config.STRIPE_SECRET_KEY, {
    // A buyer is waiting on the other end of the click: fail in seconds, not the default 80.
    timeout: 15_000,
    // A retried create carries the same idempotency key, so it never opens a second session.
    maxNetworkRetries: 2,
    telemetry: false,
    ...(api && { host: api.hostname, port: api.port || (api.protocol === 'https:' ? 443 : 80), protocol: api.protocol === 'https:' ? 'https' : 'http' }),
  })
}

/**
 * Where the buyer's "Pay by card" form ends up after our redirect: Stripe's checkout pages (or
 * the stand-in's). The page's Content Security Policy must let a form lead there.
 */
export function cardCheckoutOrigins(config: Config): string[] {
  if (!config.STRIPE_SECRET_KEY || !config.STRIPE_WEBHOOK_SECRET) return []
  return [config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL).origin : 'https://checkout.stripe.com']
}

/**
 * Stripe's smallest charge per currency (a smaller one is refused), and its largest for any:
 * 99,999,999 minor units. Bigger lots are paid by bank transfer.
 */
const MINIMUM_CHARGE: Record<string, number> = { EUR: 50, SEK: 300, NOK: 300, DKK: 250 }
const MAXIMUM_CHARGE = 99_999_999

/** A session this close to expiring is not offered again: the buyer would land on a dead page. */
const EXPIRY_MARGIN_MS = 10 * 60_000

export function createStripeCardGateway(deps: { stripe: Stripe; db: Kysely<DB>; clock: () => Date }): PaymentGateway {
  const { stripe, db, clock } = deps

  async function startCheckout(request: CheckoutRequest): Promise<CheckoutStart> {
    const currency = request.currency.toUpperCase()
    const latest = await db.selectFrom('card_checkout_sessions').selectAll()
      .where('deal_id', '=', request.dealId).where('amount', '=', request.amount).where('currency', '=', currency)
      .orderBy('attempt', 'desc').limit(1).executeTakeFirst()
    // The buyer came back (a second click, the back button): the same page, not a second payment.
    const left = latest ? latest.expires_at.getTime() - clock().getTime() : 0
    if (latest && left > EXPIRY_MARGIN_MS) return { redirectUrl: latest.url }
    if (latest && left > 0) {
      // About to expire but still payable: closed first, so a tab left open on it cannot pay
      // a second time. Stripe refuses to close a session just paid: the buyer goes back to it.
      const closed = await stripe.checkout.sessions.expire(latest.session_id).then(() => true, () => false)
      if (!closed) return { redirectUrl: latest.url }
    }

    // One key per deal, amount and attempt: Stripe answers a repeated create (a double click
    // racing the row above, a network retry) with the session it already made. After the amount
    // changes, or the session expired, the key changes and a new session is opened.
    const attempt = (latest?.attempt ?? 0) + 1
    const idempotencyKey = `deal-${request.dealId}-${currency}-${request.amount}-${attempt}`
    let session: Stripe.Checkout.Session
    try {
      session = await stripe.checkout.sessions.create({
        mode: 'payment',
        // Card only: other methods (SEPA debit, …) settle days later and complete the session
        // unpaid, which this gateway does not follow up.
        allowed_payment_method_types: ['card'],
        line_items: [{
          quantity: 1,
          price_data: { currency: currency.toLowerCase(), unit_amount: request.amount, product_data: { name: request.description } },
        }],
        client_reference_id: request.dealId,
        metadata: { deal_id: request.dealId, payment_reference: request.paymentReference },
        payment_intent_data: {
          description: request.description,
          metadata: { deal_id: request.dealId, payment_reference: request.paymentReference },
        },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
        ...(request.customerEmail && { customer_email: request.customerEmail }),
      }, { idempotencyKey })
    } catch (err) {
      // Includes Stripe refusing the key because a colleague's concurrent click sent another
      // e-mail address with it: that click is retried and then finds the stored session.
      throw new PaymentGatewayError('Card payment could not be started: Stripe did not answer as expected. Please try again.', { cause: err })
    }
    if (!session.url) throw new PaymentGatewayError('Card payment could not be started: Stripe returned no payment page.')

    await db.insertInto('card_checkout_sessions').values({
      session_id: session.id,
      deal_id: request.dealId,
      amount: request.amount,
      currency,
      attempt,
      url: session.url,
      expires_at: new Date(session.expires_at * 1000),
      created_at: clock(),
    }).onConflict((oc) => oc.doNothing()).execute()
    return { redirectUrl: session.url }
  }

  return {
    name: 'card',
    label: 'Pay by card',
    flag: 'card_payments',
    accepts: ({ amount, currency }) => {
      const minimum = MINIMUM_CHARGE[currency.toUpperCase()]
      return minimum !== undefined && Number.isSafeInteger(amount) && amount >= minimum && amount <= MAXIMUM_CHARGE
    },
    startCheckout,
  }
}
