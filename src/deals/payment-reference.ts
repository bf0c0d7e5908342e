// What the buyer writes on a bank transfer so the receipt finds its deal: an ISO 11649
// creditor reference ("RF" and check digits) made from the deal's number. Banks validate the
// check digits when the payer types it, so a typo is caught before the money leaves.
import { creditorReference, groupByFour, isValidCreditorReference } from '../lib/iban.js'

export function paymentReference(dealNumber: number): string {
  return groupByFour(creditorReference(`NL${dealNumber}`))
}

/** The deal number a typed reference names, or null when it is not one of ours or mistyped. */
export function dealNumberFromReference(typed: string): number | null {
  const ref = typed.replace(/\s+/g, '').toUpperCase()
  if (!isValidCreditorReference(ref)) return null
  const m = /^RF\d{2}NL(\d{1,15})$/.exec(ref)
  return m ? Number(m[1]) : null
}
