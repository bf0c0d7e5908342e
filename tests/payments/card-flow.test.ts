// Paying by card end to end against the stand-in, as a browser does it: the gateway opens a
// session, the buyer opens its hosted page and presses Pay, the stand-in sends the signed event to
// the app's webhook and returns the buyer to the deal; the app records the payment once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, STRIPE_WEBHOOK_PATH } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import { createStripeCardGateway, createStripeClient } from '../../src/payments/card-stripe.js'
import type { CardPayment } from '../../src/payments/stripe-webhook.js'
import { createTestDatabase, testClock, testConfig, type TestDatabase } from '../support/test-app.js'
import { startStripeStandIn, type StripeStandIn } from '../stand-ins/stripe.js'
import { createTestDeal, listen } from './helpers.js'

let database: TestDatabase
let stripe: StripeStandIn
let server: Awaited<ReturnType<typeof listen>>
const clock = testClock()
const recorded: CardPayment[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  stripe = await startStripeStandIn({ clock })
  const config = testConfig(stripe.env())
  const app = createApp({ config, database, log: createLogger('silent'), clock, recordCardPayment: async (_trx, payment) => {
    recorded.push(payment)
    return { ok: true }
  } })
  server = await listen(app)
  stripe.setWebhookUrl(server.url + STRIPE_WEBHOOK_PATH)
})
afterAll(async () => {
  await server?.close()
  await stripe?.close()
  await database?.drop()
})

describe('paying by card through the stand-in', () => {
  it('goes from the deal to the hosted page, pays, records the payment and returns to the deal', async () => {
    const dealId = await createTestDeal(database.db, { now: clock(), amount: 84_050 })
    const gateway = createStripeCardGateway({ stripe: createStripeClient(testConfig(stripe.env()))!, db: database.db, clock })
    const start = await gateway.startCheckout({
      dealId, amount: 84_050, currency: 'EUR', description: 'Deal 1043: Steel offcuts, 3 t', paymentReference: 'NL-1043',
      successUrl: `${server.url}/deals/${dealId}?session={CHECKOUT_SESSION_ID}`, cancelUrl: `${server.url}/deals/${dealId}`,
    })
    expect(start).not.toBeNull()

    const page = await fetch(start!.redirectUrl)
    const html = await page.text()
    expect(html).toContain('Steel offcuts, 3 t')
    expect(html).toContain('840.50 EUR')
    const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1]
    expect(action).toBeDefined()

    const paid = await fetch(new URL(action!, start!.redirectUrl), { method: 'POST', redirect: 'manual' })
    const session = [...stripe.sessions.values()][0]!
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(`${server.url}/deals/${dealId}?session=${session.id}`)
    expect(stripe.deliveries).toHaveLength(1)
    expect(stripe.deliveries[0]).toMatchObject({ status: 200 })
    expect(JSON.parse(stripe.deliveries[0]!.body)).toMatchObject({ outcome: 'recorded' })
    expect(recorded).toEqual([{ eventId: stripe.deliveries[0]!.eventId, dealId, amount: 84_050, currency: 'EUR', reference: session.payment_intent, receivedAt: clock() }])

    // Pressing Pay again (the back button) pays nothing more, and a second start sends the buyer to the same, paid, session.
    expect((await fetch(new URL(action!, start!.redirectUrl), { method: 'POST', redirect: 'manual' })).status).toBe(409)
    expect(recorded).toHaveLength(1)
    expect(await gateway.startCheckout({
      dealId, amount: 84_050, currency: 'EUR', description: 'Deal 1043: Steel offcuts, 3 t', paymentReference: 'NL-1043',
      successUrl: `${server.url}/deals/${dealId}`, cancelUrl: `${server.url}/deals/${dealId}`,
    })).toEqual(start)
  })
})
