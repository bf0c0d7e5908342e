// The configured terms every new deal is made on: the seller commission, the buyer's time to
// pay and the days after hand-over before a deal completes by itself. Read from the config
// once; the deal row keeps its own copy of the fee, so later changes never alter a deal made.
import type { Config, PlatformDetails } from '../config.js'
import type { FeeTerms } from './fees.js'

export type DealTerms = {
  baseUrl: string
  fees: FeeTerms
  paymentWorkingDays: number
  autoCompleteDays: number
  bank: { accountName: string; iban: string; bic: string }
  /** NordicLoop as its invoices name it (src/invoices/). */
  platform: PlatformDetails
}

export function dealTerms(config: Config): DealTerms {
  return {
    baseUrl: config.BASE_URL,
    fees: config.fees,
    paymentWorkingDays: config.PAYMENT_TERMS_WORKING_DAYS,
    autoCompleteDays: config.DEAL_AUTO_COMPLETE_DAYS,
    bank: { accountName: config.PLATFORM_ACCOUNT_NAME, iban: config.PLATFORM_IBAN, bic: config.PLATFORM_BIC },
    platform: config.platform,
  }
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The instant `days` working days (Monday to Friday, in UTC) after `from`, at the same time of
 * day. Public holidays are not counted out: they differ by country, and a day more or less on
 * a deadline the seller may waive anyway is not worth a holiday table.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let t = from.getTime()
  let left = days
  while (left > 0) {
    t += DAY_MS
    const weekday = new Date(t).getUTCDay()
    if (weekday !== 0 && weekday !== 6) left--
  }
  return new Date(t)
}

export const addDays = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS)
