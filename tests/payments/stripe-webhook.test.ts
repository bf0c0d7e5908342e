// Stripe's webhook on the real app, over a real socket, with events signed by the stand-in:
// a payment is recorded once per event however it arrives; forged, stale and damaged requests
// are refused with a 400 and change nothing; other events are answered 200 and change nothing.
import { sql } from 'kysely'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp, STRIPE_WEBHOOK_PATH } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import type { CardPayment } from '../../src/payments/stripe-webhook.js'
import type { PaymentDecision, RecordCardPayment } from '../../src/payments/stripe-webhook-routes.js'
import { createTestDatabase, testClock, testConfig, type TestDatabase } from '../support/test-app.js'
import { startStripeStandIn, type StripeStandIn } from '../stand-ins/stripe.js'
import { listen } from './helpers.js'

let database: TestDatabase
let stripe: StripeStandIn
let server: Awaited<ReturnType<typeof listen>>
const clock = testClock()
const dealId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'

/** What the deal's recordPayment was asked, and how this test's stand-in for it answers. */
const calls: CardPayment[] = []
let decide: (payment: CardPayment) => PaymentDecision = () => ({ ok: true })
let holdMs = 0
const recordCardPayment: RecordCardPayment = async (trx, payment) => {
  calls.push(payment)
  // Written in the webhook's transaction, as the deal's payment row would be.
  await sql`insert into test_card_payments (event_id, deal_id, amount) values (${payment.eventId}, ${payment.dealId}, ${payment.amount})`.execute(trx)
  if (holdMs) await new Promise((r) => setTimeout(r, holdMs))
  return decide(payment)
}

const count = async (table: 'test_card_payments' | 'payment_gateway_events') =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n

/** A paid checkout session of the stand-in's for the deal, as Stripe would create it. */
async function paidSessionEvent(amount = 125_000) {
  const res = await fetch(`${stripe.url}/v1/checkout/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      mode: 'payment', 'line_items[0][quantity]': '1', 'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': String(amount), 'line_items[0][price_data][product_data][name]': 'Deal 1042',
      client_reference_id: dealId, 'metadata[deal_id]': dealId, success_url: 'http://localhost:3000/deals/x',
    }),
  })
  const session = (await res.json()) as { id: string }
  return stripe.completedEvent(session.id)
}

beforeAll(async () => {
  database = await createTestDatabase()
  await sql`create table test_card_payments (event_id text, deal_id uuid, amount bigint)`.execute(database.db)
  stripe = await startStripeStandIn({ clock })
  const app = createApp({ config: testConfig(stripe.env()), database, log: createLogger('silent'), clock, recordCardPayment })
  server = await listen(app)
  stripe.setWebhookUrl(server.url + STRIPE_WEBHOOK_PATH)
})
afterAll(async () => {
  await server?.close()
  await stripe?.close()
  await database?.drop()
})
beforeEach(() => {
  calls.length = 0
  decide = () => ({ ok: true })
  holdMs = 0
})

describe('the Stripe webhook', () => {
  it('records a signed, paid checkout once, with the deal, amount, currency and payment reference', async () => {
    const event = await paidSessionEvent()
    const delivery = await stripe.sendEvent(event)
    expect(delivery.status).toBe(200)
    expect(JSON.parse(delivery.body)).toMatchObject({ received: true, outcome: 'recorded' })
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ eventId: event.id, dealId, amount: 125_000, currency: 'EUR', receivedAt: clock() })
    expect(calls[0]!.reference).toMatch(/^pi_test_/)
    const row = await database.db.selectFrom('payment_gateway_events').selectAll().where('event_id', '=', event.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ gateway: 'card', event_type: 'checkout.session.completed', deal_id: dealId, outcome: 'recorded', reason: null })
  })

  it('answers a replayed event 200 without recording it again', async () => {
    const event = await paidSessionEvent()
    expect((await stripe.sendEvent(event)).status).toBe(200)
    const before = await count('test_card_payments')
    const replay = await stripe.sendEvent(event)
    expect(replay.status).toBe(200)
    expect(JSON.parse(replay.body)).toMatchObject({ outcome: 'duplicate' })
    expect(calls).toHaveLength(1)
    expect(await count('test_card_payments')).toBe(before)
  })

  it('records one payment of two deliveries of one event at the same moment', async () => {
    const event = await paidSessionEvent()
    const before = await count('test_card_payments')
    // The first delivery holds its transaction open while the second arrives.
    holdMs = 300
    const answers = await Promise.all([stripe.sendEvent(event), stripe.sendEvent(event)])
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect(answers.map((a) => JSON.parse(a.body).outcome).sort()).toEqual(['duplicate', 'recorded'])
    expect(calls).toHaveLength(1)
    expect(await count('test_card_payments')).toBe(before + 1)
  })

  it('refuses a forged signature, a stale timestamp, a missing signature and a body that is not JSON with a 400, changing nothing', async () => {
    const before = [await count('test_card_payments'), await count('payment_gateway_events')]
    const event = await paidSessionEvent()
    const now = Math.floor(clock().getTime() / 1000)
    const cases = [
      { send: () => stripe.sendEvent(event, { signWith: 'whsec_someone_else' }), message: /does not match/ },
      { send: () => stripe.sendEvent(event, { timestamp: now - 301 }), message: /more than 300 seconds old/ },
      { send: () => stripe.sendEvent(event, { signature: '' }), message: /Stripe-Signature header is required/ },
      { send: () => stripe.sendEvent(event, { signature: 'nonsense' }), message: /does not match/ },
      { send: () => stripe.sendEvent('{"id": "evt_1", "type": "checkout.session.comp', { signWith: 'whsec_wrong' }), message: /does not match/ },
      // Signed with the right secret, yet not JSON, or JSON that is not an event.
      { send: () => stripe.sendEvent('amount=125000&deal=1'), message: /not a Stripe event in JSON/ },
      { send: () => stripe.sendEvent('[1, 2, 3]'), message: /not a Stripe event/ },
      { send: () => stripe.sendEvent({ ...event, id: 'evt_\u0000' }), message: /not a Stripe event/ },
    ]
    for (const { send, message } of cases) {
      const delivery = await send()
      expect(delivery.status, delivery.body).toBe(400)
      expect(JSON.parse(delivery.body).error).toMatch(message)
    }
    expect(calls).toEqual([])
    expect([await count('test_card_payments'), await count('payment_gateway_events')]).toEqual(before)
    // The same event, signed properly within the tolerance, goes through.
    expect((await stripe.sendEvent(event, { timestamp: now - 299 })).status).toBe(200)
    expect(calls).toHaveLength(1)
  })

  it('answers other events and unpaid or foreign sessions 200 and changes nothing', async () => {
    const before = [await count('test_card_payments'), await count('payment_gateway_events')]
    const paid = await paidSessionEvent()
    const session = paid.data.object
    const others = [
      stripe.eventFor('checkout.session.expired', session),
      stripe.eventFor('payment_intent.succeeded', { id: 'pi_test_1', object: 'payment_intent', amount: 125_000 }),
      stripe.eventFor('checkout.session.completed', { ...session, payment_status: 'unpaid' }),
      stripe.eventFor('checkout.session.completed', { ...session, metadata: {}, client_reference_id: 'order-77' }),
    ]
    for (const event of others) {
      const delivery = await stripe.sendEvent(event)
      expect(delivery.status).toBe(200)
      expect(JSON.parse(delivery.body)).toMatchObject({ received: true, outcome: 'ignored' })
    }
    expect(calls).toEqual([])
    expect([await count('test_card_payments'), await count('payment_gateway_events')]).toEqual(before)
  })

  it('keeps a payment the deal refuses as refused, undoes what the deal wrote, and does not offer it again', async () => {
    decide = () => ({ ok: false, reason: 'the deal is already paid' })
    const before = await count('test_card_payments')
    const event = await paidSessionEvent()
    const delivery = await stripe.sendEvent(event)
    expect(delivery.status).toBe(200)
    expect(JSON.parse(delivery.body)).toMatchObject({ outcome: 'refused', reason: 'the deal is already paid' })
    expect(await count('test_card_payments')).toBe(before)
    const row = await database.db.selectFrom('payment_gateway_events').selectAll().where('event_id', '=', event.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ outcome: 'refused', reason: 'the deal is already paid', deal_id: dealId })
    expect(JSON.parse((await stripe.sendEvent(event)).body)).toMatchObject({ outcome: 'duplicate' })
    expect(calls).toHaveLength(1)
  })

  it('by default refuses a payment for a deal that does not exist without failing, and keeps it', async () => {
    // No recordCardPayment passed: what the app wires by default must refuse, not throw, for an unknown deal.
    const app = createApp({ config: testConfig(stripe.env()), database, log: createLogger('silent'), clock })
    const event = await paidSessionEvent()
    const payload = JSON.stringify(event)
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripe.webhookSecret, timestamp: Math.floor(clock().getTime() / 1000) })
    const res = await app.request(STRIPE_WEBHOOK_PATH, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ outcome: 'refused' })
    const row = await database.db.selectFrom('payment_gateway_events').selectAll().where('event_id', '=', event.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ outcome: 'refused', deal_id: dealId })
  })

  it('is not there when Stripe is not configured', async () => {
    const app = createApp({ config: testConfig(), database, log: createLogger('silent'), clock })
    expect(app.routes.some((r) => r.path === STRIPE_WEBHOOK_PATH)).toBe(false)
    const res = await app.request(STRIPE_WEBHOOK_PATH, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' } })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })
})
