// The default way to pay: a bank transfer to the platform's account with the deal's payment
// reference. Nothing opens; the deal page shows the account and reference, and an admin
// records the receipt from the bank statement (src/admin payments queue → recordPayment).
import type { CheckoutStart, PaymentGateway } from './gateway.js'

export const bankTransferGateway: PaymentGateway = {
  name: 'bank_transfer',
  label: 'Pay by bank transfer',
  accepts: () => true,
  startCheckout: async (): Promise<CheckoutStart> => null,
}
