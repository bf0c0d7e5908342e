// The platform's seller commission: a percentage of what the seller keeps, with a minimum,
// never more than the amount itself. The rate is held in basis points (1 % = 100) so that
// every figure stays an integer number of minor units.
import { formatMoney } from '../lib/money.js'

export type FeeTerms = { feeRateBp: number; feeMinimum: number }

/** The fee on an amount the seller keeps, rounded half up to the cent. */
export function feeOn(kept: number, terms: FeeTerms): number {
  if (kept <= 0) return 0
  const byRate = Math.floor((kept * terms.feeRateBp + 5_000) / 10_000)
  return Math.min(kept, Math.max(byRate, terms.feeMinimum))
}

/** What a seller reads before listing: the rate and, for a lot of €1,000, what they would receive. */
export function feeNotice(terms: FeeTerms, currency = 'EUR'): string {
  const example = 100_000
  return `The NordicLoop fee is ${describeFee(terms, currency)} of the sale price, deducted when the money is paid out to you: `
    + `a lot sold for ${formatMoney(example, currency)} pays you ${formatMoney(example - feeOn(example, terms), currency)}.`
}

/** "3 % (at least €25.00)", as sellers read it before they list and on the deal. */
export function describeFee(terms: FeeTerms, currency = 'EUR'): string {
  const percent = (terms.feeRateBp / 100).toLocaleString('en-IE', { maximumFractionDigits: 2 })
  return terms.feeMinimum > 0 ? `${percent} % (at least ${formatMoney(terms.feeMinimum, currency)})` : `${percent} %`
}
