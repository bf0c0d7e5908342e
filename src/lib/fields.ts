// Shared form fields: each rule about a kind of input lives here once. Every text a person
// sends (form fields and query strings alike) is read through one of these, so the rule about
// control characters below holds everywhere without each schema repeating it.
import { z } from 'zod'
import { COUNTRIES } from './countries.js'
import { parseMoney } from './money.js'
import { checkVatNumber } from '../compliance/vat-numbers.js'

/**
 * Control characters (C0, DEL and C1). PostgreSQL refuses NUL in text outright (which would
 * fail the request), and the others are invisible or rewrite what others see: escape codes in
 * logs and terminals, text that vanishes in an email. Nobody types them; they come from a
 * paste gone wrong or from someone probing. Multi-line fields keep newline, carriage return
 * (browsers send a textarea's line breaks as CR LF) and tab.
 */
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/

export const CONTROL_CHARACTER_MESSAGE = 'Remove the invisible control characters (such as NUL or escape codes) from this field.'

export const hasControlCharacters = (text: string, multiline = false) => (multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(text)

/**
 * The base of every text input: a string without control characters. Checked first, so that
 * is the message shown when it fails. `error` is the message for a missing or non-text value
 * (a repeated field, a file where text was expected).
 */
export const text = (opts: { error?: string; multiline?: boolean } = {}) =>
  z
    .string({ error: opts.error ?? 'Enter text here.' })
    .refine((s) => !hasControlCharacters(s, opts.multiline), CONTROL_CHARACTER_MESSAGE)

/**
 * A value of a fixed form that people do not type (a page link's cursor, a code): the pattern
 * admits no control character, so its one message says what is wrong, whatever it is.
 */
export const patternText = (pattern: RegExp, message: string) => z.string({ error: message }).regex(pattern, message)

/** One line of text, trimmed, at most `max` characters; empty is allowed (use requiredText otherwise). */
export const lineText = (max: number, opts: { error?: string; tooLong?: string } = {}) =>
  text({ error: opts.error }).trim().max(max, opts.tooLong ?? `Use at most ${max} characters.`)

/** A textarea: line breaks and tabs allowed, trimmed, at most `max` characters. */
export const multilineText = (max: number, opts: { error?: string; tooLong?: string } = {}) =>
  text({ error: opts.error, multiline: true }).trim().max(max, opts.tooLong ?? `Use at most ${max} characters.`)

export const requiredText = (label: string, max = 200, opts: { multiline?: boolean } = {}) =>
  text({ error: `Enter ${label}.`, multiline: opts.multiline }).trim().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`)

export const EmailSchema = text({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@company.com.' }))

export const NewPasswordSchema = text({ error: 'Choose a password.' })
  .min(10, 'Use at least 10 characters.')
  .max(200, 'Use at most 200 characters.')

export const PasswordSchema = text({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200, 'That password is too long.')

/** The second copy of a new password; compared with the first by the form's own refine. */
export const PasswordConfirmSchema = text({ error: 'Repeat the password.' }).max(200, 'Use at most 200 characters.')

export const CountrySchema = text({ error: 'Choose a country.' })
  .trim()
  .toUpperCase()
  .refine((code) => Object.hasOwn(COUNTRIES, code), 'Choose a country from the list.')

const moneyMessage = (label: string) => `Enter ${label} as an amount, like 1250 or 1 250,50.`

/**
 * An amount of money as people type it in Europe ("1250", "1 250,50", "1,250.50"), read by
 * lib/money.ts into integer minor units; more than zero. `label` names it in the messages.
 */
export const moneyAmount = (label: string) =>
  text({ error: moneyMessage(label) }).trim().min(1, `Enter ${label}.`).transform((value, ctx) => {
    const minor = parseMoney(value)
    if (minor === null || minor === 0) {
      ctx.addIssue({ code: 'custom', message: moneyMessage(label) })
      return z.NEVER
    }
    return minor
  })

/** The same, where leaving it blank is allowed: null then. */
export const optionalMoneyAmount = (label: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), moneyAmount(label).optional())
    .transform((minor) => minor ?? null)

/**
 * A VAT number as typed (one line, at most 40 characters). It is checked against the company's
 * country, which only the whole form knows: forms pass their parsed data through
 * `checkVatField`, which replaces the number with its normalised form (compliance/vat-numbers.ts).
 */
export const vatNumberText = (opts: { optional?: boolean } = {}) =>
  opts.optional ? lineText(40, { error: 'Enter the VAT number.' }).default('') : requiredText('the VAT number', 40)

/** In a form's transform: the VAT number normalised, or an issue on `field` (empty stays empty). */
export function checkVatField(vatNumber: string, country: string, ctx: z.RefinementCtx, field = 'vat_number'): string {
  if (vatNumber === '') return ''
  const checked = checkVatNumber(vatNumber, country)
  if (checked.ok) return checked.value
  ctx.addIssue({ code: 'custom', path: [field], message: checked.message })
  return vatNumber
}

/** A calendar date as a date input sends it ("2027-03-01"), a real day between 2000 and 2100. */
export const isoDate = (label: string) =>
  text({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`).refine((v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
    if (!m) return false
    const [y, mo, d] = m.slice(1).map(Number)
    const date = new Date(Date.UTC(y, mo - 1, d))
    return y >= 2000 && y <= 2100 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
  }, `Enter ${label} as a date, like 2027-03-31.`)
