// How a buyer pays for a deal. Every way of paying (bank transfer, card through Stripe, …) is one
// module implementing PaymentGateway; the deal pages list the configured gateways, show each
// one's label, and call startCheckout when the buyer picks it. A new gateway is one new module
// plus one line where the app lists its gateways.
//
// A gateway only starts a payment. The money is confirmed elsewhere, in the gateway's own way
// (an admin records a bank transfer; Stripe's signed webhook reports a card payment), and both
// end in the deal's recordPayment: the deal's state machine never knows which gateway paid.

import type { FlagKey } from '../flags/flags.js'

/** What the deal page hands a gateway when the buyer chooses it. Amounts are in minor units. */
export type CheckoutRequest = {
  dealId: string
  /** What the buyer owes, in minor units (cents, öre). */
  amount: number
  /** ISO 4217, upper case ("EUR", "SEK"). */
  currency: string
  /** Shown to the buyer on the gateway's page and statement, e.g. "Deal 1042: 12 t baled cardboard". */
  description: string
  /** The deal's payment reference ("NL-1042"): on the bank transfer, and kept with a card payment. */
  paymentReference: string
  /** Absolute URLs the gateway's page sends the buyer back to, after paying or giving up. */
  successUrl: string
  cancelUrl: string
  /** Pre-fills the gateway's receipt address when it has one. */
  customerEmail?: string
}

/**
 * Where the buyer goes next: the gateway's own page (a redirect), or null when there is nothing
 * to open and the deal page shows how to pay instead (a bank transfer's instructions).
 */
export type CheckoutStart = { redirectUrl: string } | null

export interface PaymentGateway {
  /** Stable identifier, stored with each payment it brings ('bank_transfer', 'card'). */
  readonly name: string
  /** What the buyer chooses, e.g. "Pay by card". */
  readonly label: string
  /**
   * Whether this gateway can take the amount at all (a card processor caps a charge and knows
   * a list of currencies); the deal page does not offer a gateway that cannot.
   */
  accepts(payment: { amount: number; currency: string }): boolean
  /** The feature flag an admin turns this gateway off with (src/flags/flags.ts), if any. */
  readonly flag?: FlagKey
  /**
   * Starts paying. Calling it again for the same deal and amount (a double click, the back
   * button) must not open a second payment. Throws when the gateway cannot be reached; the deal
   * page then says so and the buyer may try again or choose another way to pay.
   */
  startCheckout(request: CheckoutRequest): Promise<CheckoutStart>
}

/** A gateway that could not start a payment (unreachable, refused our request): the buyer may try again. */
export class PaymentGatewayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PaymentGatewayError'
  }
}
