// The ways to pay this instance offers: bank transfer always, card when Stripe is configured.
// A third gateway is its module plus one line here.
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { DB } from '../db/schema.js'
import { bankTransferGateway } from './bank-transfer.js'
import { createStripeCardGateway, createStripeClient } from './card-stripe.js'
import type { PaymentGateway } from './gateway.js'
import { flagOn } from '../flags/flags.js'

export function createPaymentGateways(deps: { config: Config; db: Kysely<DB>; clock: () => Date }): PaymentGateway[] {
  const stripe = createStripeClient(deps.config)
  return [bankTransferGateway, ...(stripe ? [createStripeCardGateway({ stripe, db: deps.db, clock: deps.clock })] : [])]
}

/** The gateways offered at this moment: a flagged one only while an admin leaves its flag on. */
export async function offeredGateways(db: Kysely<DB>, gateways: PaymentGateway[]): Promise<PaymentGateway[]> {
  const on = await Promise.all(gateways.map((g) => (g.flag ? flagOn(db, g.flag) : true)))
  return gateways.filter((_, i) => on[i])
}
