// Paying a deal by card through the real pages and the real wiring: the buyer's deal page
// offers "Pay by card", the button sends them to the (stand-in) Stripe checkout, paying there
// sends the signed event to the app's webhook, and the deal is paid once — by the same
// recordPayment an admin uses, so the deal never knows which gateway paid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, STRIPE_WEBHOOK_PATH } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import { createTestDatabase, testClock, testConfig, TEST_BASE_URL, type TestDatabase } from '../support/test-app.js'
import { startStripeStandIn, type StripeStandIn } from '../stand-ins/stripe.js'
import { createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { listen } from '../payments/helpers.js'
import type { TestBrowser } from '../support/browser.js'

let database: TestDatabase
let stripe: StripeStandIn
let server: Awaited<ReturnType<typeof listen>>
let seller: TestCompany
let buyer: TestCompany
let buyerB: TestBrowser
let sellerB: TestBrowser
const clock = testClock()

beforeAll(async () => {
  database = await createTestDatabase()
  await categoryIds(database.db)
  stripe = await startStripeStandIn({ clock })
  const app = createApp({ config: testConfig(stripe.env()), database, log: createLogger('silent'), clock })
  server = await listen(app)
  stripe.setWebhookUrl(server.url + STRIPE_WEBHOOK_PATH)
  ;[seller, buyer] = await Promise.all([
    createTestCompany(database.db, { status: 'approved', legalName: 'Card Seller AB' }),
    createTestCompany(database.db, { status: 'approved', legalName: 'Card Buyer GmbH', country: 'DE' }),
  ])
  ;[buyerB, sellerB] = await Promise.all([logInAs(app, buyer.owner), logInAs(app, seller.owner)])
})
afterAll(async () => {
  await server?.close()
  await stripe?.close()
  await database?.drop()
})

describe('paying a deal by card', () => {
  it('goes from the deal page to checkout and back, and the webhook pays the deal once', async () => {
    const db = database.db
    const listingId = await createTestListing(db, seller.companyId, { now: clock(), title: 'Copper cable scrap', sale_type: 'fixed_price', fixed_price: 123_456 })
    expect((await buyerB.post(`/listings/${listingId}/buy`, {})).status).toBeLessThan(400)
    const deal = await db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()

    const page = await buyerB.get(`/deals/${deal.id}`)
    expect(await page.text()).toContain('Pay by card')
    // The checkout page is another origin: the policy lets the payment form lead there.
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${new URL(stripe.url).origin}`)
    expect(await (await sellerB.get(`/deals/${deal.id}`)).text()).not.toContain('Pay by card')
    expect((await sellerB.post(`/deals/${deal.id}/pay/card`, {})).status).toBe(409)
    expect((await buyerB.post(`/deals/${deal.id}/pay/cheque`, {})).status).toBe(409)

    const started = await buyerB.post(`/deals/${deal.id}/pay/card`, {})
    expect(started.status).toBe(303)
    const checkout = started.headers.get('location')!
    expect(checkout.startsWith(stripe.url)).toBe(true)
    const session = [...stripe.sessions.values()][0]!
    expect(session).toMatchObject({ amount_total: 123_456, currency: 'eur', client_reference_id: deal.id })

    const html = await (await fetch(checkout)).text()
    const action = /<form method="post" action="([^"]+)">/.exec(html)![1]
    const paid = await fetch(new URL(action, checkout), { method: 'POST', redirect: 'manual' })
    expect(paid.headers.get('location')).toBe(`${TEST_BASE_URL}/deals/${deal.id}?done=card`)
    const after = await db.selectFrom('deals').select(['status', 'amount_received']).where('id', '=', deal.id).executeTakeFirstOrThrow()
    expect(after).toEqual({ status: 'paid', amount_received: 123_456 })
    const payments = await db.selectFrom('deal_payments').select(['gateway', 'amount', 'reference']).where('deal_id', '=', deal.id).execute()
    expect(payments).toEqual([{ gateway: 'card', amount: 123_456, reference: session.payment_intent }])

    // Another completed event for the same payment (a resent notification): the deal is
    // already paid, so it is refused and kept for an admin, never recorded twice.
    const again = await stripe.sendEvent(stripe.completedEvent(session.id))
    expect(again.status).toBe(200)
    expect(JSON.parse(again.body)).toMatchObject({ outcome: 'refused' })
    expect(await db.selectFrom('deal_payments').select('id').where('deal_id', '=', deal.id).execute()).toHaveLength(1)
    // The paid deal offers no more paying.
    expect(await (await buyerB.get(`/deals/${deal.id}`)).text()).not.toContain('Pay by card')
    expect((await buyerB.post(`/deals/${deal.id}/pay/card`, {})).status).toBe(409)
  })
})
