// Starting a card payment: the real stripe client opens a Checkout Session on the local
// stand-in for the deal's amount, once per deal and amount however often the buyer clicks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { createStripeCardGateway, createStripeClient } from '../../src/payments/card-stripe.js'
import { PaymentGatewayError, type CheckoutRequest, type PaymentGateway } from '../../src/payments/gateway.js'
import { createTestDatabase, testClock, testConfig, type TestDatabase } from '../support/test-app.js'
import { createTestDeal } from './helpers.js'
import { startStripeStandIn, type StripeStandIn } from '../stand-ins/stripe.js'

let database: TestDatabase
let stripe: StripeStandIn
let gateway: PaymentGateway
const clock = testClock()

const createDeal = (db: Kysely<DB>) => createTestDeal(db, { now: clock() })

const request = (dealId: string, over: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  dealId, amount: 125_000, currency: 'EUR', description: 'Deal 1042: Baled cardboard, 12 t', paymentReference: 'NL-1042',
  successUrl: `http://localhost:3000/deals/${dealId}?paid=card`, cancelUrl: `http://localhost:3000/deals/${dealId}`,
  customerEmail: 'buyer@example.com', ...over,
})

beforeAll(async () => {
  database = await createTestDatabase()
  stripe = await startStripeStandIn({ clock })
  const client = createStripeClient(testConfig(stripe.env()))
  if (!client) throw new Error('Stripe should be configured')
  gateway = createStripeCardGateway({ stripe: client, db: database.db, clock })
})
afterAll(async () => {
  await stripe?.close()
  await database?.drop()
})

describe('the card gateway', () => {
  it('opens a Checkout Session for the deal amount with the real client, keyed for the deal', async () => {
    const dealId = await createDeal(database.db)
    const start = await gateway.startCheckout(request(dealId))
    expect(stripe.requests).toHaveLength(1)
    const sent = stripe.requests[0]!
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', status: 200, replayed: false, authorization: `Bearer ${stripe.secretKey}` })
    expect(sent.idempotencyKey).toBe(`deal-${dealId}-EUR-125000-1`)
    expect(sent.body).toMatchObject({
      mode: 'payment',
      allowed_payment_method_types: ['card'],
      client_reference_id: dealId,
      customer_email: 'buyer@example.com',
      metadata: { deal_id: dealId, payment_reference: 'NL-1042' },
      line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '125000', product_data: { name: 'Deal 1042: Baled cardboard, 12 t' } } }],
      success_url: `http://localhost:3000/deals/${dealId}?paid=card`,
    })
    const session = [...stripe.sessions.values()][0]!
    expect(session).toMatchObject({ amount_total: 125_000, currency: 'eur', status: 'open' })
    expect(start).toEqual({ redirectUrl: session.url })
    expect(session.url).toMatch(new RegExp(`^${stripe.url}/pay/cs_test_`))
    const stored = await database.db.selectFrom('card_checkout_sessions').selectAll().where('deal_id', '=', dealId).execute()
    expect(stored).toMatchObject([{ session_id: session.id, amount: 125_000, currency: 'EUR', attempt: 1, url: session.url }])
  })

  it('makes one session of a double click, sent at the same moment, and of a later click', async () => {
    stripe.requests.length = 0
    stripe.sessions.clear()
    const dealId = await createDeal(database.db)
    const [a, b] = await Promise.all([gateway.startCheckout(request(dealId)), gateway.startCheckout(request(dealId))])
    expect(a).toEqual(b)
    // Both reached Stripe with one key; the second was answered with the first's session.
    expect(stripe.requests.map((r) => [r.idempotencyKey, r.replayed])).toEqual([[`deal-${dealId}-EUR-125000-1`, false], [`deal-${dealId}-EUR-125000-1`, true]])
    expect(stripe.sessions.size).toBe(1)
    // Clicking again later finds the open session without asking Stripe.
    expect(await gateway.startCheckout(request(dealId))).toEqual(a)
    expect(stripe.requests).toHaveLength(2)
    expect(await database.db.selectFrom('card_checkout_sessions').select('session_id').where('deal_id', '=', dealId).execute()).toHaveLength(1)
  })

  it('opens a new session once the old one has expired, or for a changed amount', async () => {
    stripe.sessions.clear()
    const dealId = await createDeal(database.db)
    const first = await gateway.startCheckout(request(dealId))
    const changed = await gateway.startCheckout(request(dealId, { amount: 120_000 }))
    expect(changed).not.toEqual(first)
    clock.advance(24 * 3600_000)
    const again = await gateway.startCheckout(request(dealId))
    expect(again).not.toEqual(first)
    expect(stripe.requests.at(-1)?.idempotencyKey).toBe(`deal-${dealId}-EUR-125000-2`)
    expect(stripe.sessions.size).toBe(3)
  })

  it('closes a session about to expire before opening the next, and sends the buyer back to one just paid', async () => {
    stripe.sessions.clear()
    const dealId = await createDeal(database.db)
    const first = await gateway.startCheckout(request(dealId))
    const [oldId] = stripe.sessions.keys()
    clock.advance(24 * 3600_000 - 5 * 60_000)
    const second = await gateway.startCheckout(request(dealId))
    expect(second).not.toEqual(first)
    expect(stripe.sessions.get(oldId!)?.status).toBe('expired')
    expect(stripe.requests.at(-2)).toMatchObject({ path: `/v1/checkout/sessions/${oldId}/expire`, status: 200 })

    // The second is paid in another tab just before it expires: it cannot be closed, so it is shown again.
    const [, paidId] = stripe.sessions.keys()
    stripe.completedEvent(paidId!)
    clock.advance(24 * 3600_000 - 5 * 60_000)
    expect(await gateway.startCheckout(request(dealId))).toEqual(second)
    expect(stripe.requests.at(-1)).toMatchObject({ path: `/v1/checkout/sessions/${paidId}/expire`, status: 400 })
    expect(stripe.sessions.size).toBe(2)
  })

  it('says when Stripe cannot start a payment, as a gateway error', async () => {
    const client = createStripeClient(testConfig({ ...stripe.env(), STRIPE_SECRET_KEY: 'sk_test_not_the_right_key' }))!
    const wrongKey = createStripeCardGateway({ stripe: client, db: database.db, clock })
    const dealId = await createDeal(database.db)
    await expect(wrongKey.startCheckout(request(dealId))).rejects.toBeInstanceOf(PaymentGatewayError)
    expect(await database.db.selectFrom('card_checkout_sessions').select('session_id').where('deal_id', '=', dealId).execute()).toEqual([])
  })

  it('takes amounts Stripe can charge, in the currencies it knows', () => {
    expect(gateway).toMatchObject({ name: 'card', label: 'Pay by card' })
    expect(gateway.accepts({ amount: 125_000, currency: 'EUR' })).toBe(true)
    expect(gateway.accepts({ amount: 99_999_999, currency: 'sek' })).toBe(true)
    expect(gateway.accepts({ amount: 100_000_000, currency: 'EUR' })).toBe(false)
    expect(gateway.accepts({ amount: 49, currency: 'EUR' })).toBe(false)
    expect(gateway.accepts({ amount: 125_000, currency: 'XYZ' })).toBe(false)
  })
})
