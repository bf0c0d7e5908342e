// The admin's money forms: a bank transfer received, a payout or refund sent, and the search
// of the payments queue by the reference the buyer typed on their transfer.
import { z } from 'zod'
import { lineText, moneyAmount, requiredText, text } from '../lib/fields.js'
import { utcToZonedLocal } from '../lib/time.js'

/** A calendar day as a date input sends it ("2026-12-03"), and one that exists (not 30 February). */
const day = (label: string) =>
  text({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`)
    .refine(isRealDay, `Enter ${label} as a date, like 2026-12-03.`)

/** "2026-12-03" that names a day of the calendar since 2000 (JavaScript turns 30 February into 2 March). */
function isRealDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s < '2000-01-01') return false
  const at = dayAt(s)
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(s)
}

/**
 * The instant a day stands for: noon UTC, which is the same calendar day in every zone from
 * UTC−12 to UTC+11, so the day reads back as typed (a `date` column, a page in any zone).
 */
export function dayAt(day: string): Date {
  return new Date(`${day}T12:00:00Z`)
}

/**
 * Today's date where it is latest among the countries NordicLoop serves (Helsinki, Athens and
 * Bucharest share the easternmost zone): a transfer booked "today" by a bank anywhere we work is
 * never taken for one from the future.
 */
export function latestToday(now: Date): string {
  return utcToZonedLocal(now, 'Europe/Helsinki').slice(0, 10)
}

/** A message when `day` is after today, else null: money cannot have moved on a day still to come. */
export function futureDayProblem(day: string, now: Date, what: string): string | null {
  return day > latestToday(now) ? `The date ${what} cannot be in the future.` : null
}

const bankReference = (what: string) => requiredText(`the bank reference of ${what}`, 100)

export const ReceiptForm = z.object({
  amount: moneyAmount('the amount received'),
  received_on: day('the date the money arrived'),
  bank_reference: bankReference('the transfer'),
})

export const PayoutForm = z.object({
  party: text({ error: 'Reload the page and try again.' }).pipe(z.enum(['seller', 'buyer'], { error: 'Reload the page and try again.' })),
  // The amount owed, as the page showed it: the deal's rules check it is still exactly what is owed.
  amount: moneyAmount('the amount sent'),
  paid_on: day('the date the money was sent'),
  bank_reference: bankReference('the payment'),
})

export const PaymentSearchQuery = z.object({
  reference: lineText(60, { tooLong: 'A payment reference is at most 25 characters, like RF18 NL10 42.' }).default(''),
})
