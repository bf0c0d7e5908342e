// The ways to pay this instance offers: bank transfer always, card when Stripe is configured.
// A third gateway is its module plus one line here.
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { DB } from '../db/schema.js'
import { bankTransferGateway } from './bank-transfer.js'
import { createStripeCardGateway, createStripeClient } from './card-stripe.js'
import type { PaymentGateway } from './gateway.js'

export function createPaymentGateways(deps: { config: Config; db: Kysely<DB>; clock: () => Date }): PaymentGateway[] {
  const stripe = createStripeClient(deps.config)
  return [bankTransferGateway, ...(stripe ? [createStripeCardGateway({ stripe, db: deps.db, clock: deps.clock })] : [])]
}
