// A company's VAT number as invoices carry it: normalised (no spaces, dots or dashes,
// upper-case, the country's prefix in front) and checked against its country's format and
// check digits (vat-checks.ts). A live check that the number is registered (VIES) is a gateway
// still to add; this catches the typing mistakes and the numbers of another country.
import { COUNTRIES } from '../lib/countries.js'
import { VAT_RULES } from './vat-checks.js'

export type VatNumberCheck = { ok: true; value: string } | { ok: false; message: string }

/** The prefix a country's VAT numbers carry: Greece uses EL, Switzerland CHE. */
export function vatPrefix(country: string): string {
  if (country === 'GR') return 'EL'
  return country
}

/** Every prefix a number may be typed with, so that one of another country is recognised as such. */
const KNOWN_PREFIXES = new Set([...Object.keys(VAT_RULES), 'GR', 'XI'])

/** Country names by VAT prefix, for messages. */
const prefixCountry = (prefix: string) => COUNTRIES[prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix] ?? prefix

/**
 * Checks a VAT number typed for a company in `country` (ISO code, as companies store it) and
 * returns it normalised with its prefix (Norway: "NO" + 9 digits + "MVA"), or a message that
 * says what is wrong in words a person can act on.
 */
export function checkVatNumber(input: string, country: string): VatNumberCheck {
  const prefix = vatPrefix(country)
  const rule = Object.hasOwn(VAT_RULES, prefix) ? VAT_RULES[prefix] : undefined
  if (!rule) return { ok: false, message: 'VAT numbers of this country are not accepted.' }
  const countryName = COUNTRIES[country] ?? country
  const compact = input.replace(/[\s.,\-/]/g, '').toUpperCase()
  if (compact === '') return { ok: false, message: 'Enter the VAT number.' }
  if (!/^[A-Z0-9+*]+$/.test(compact)) return { ok: false, message: `A VAT number has only letters and digits, like ${example(prefix)}.` }

  let body = compact
  if (compact.startsWith(prefix)) body = compact.slice(prefix.length)
  else if (prefix === 'EL' && compact.startsWith('GR')) body = compact.slice(2)
  else {
    const typed = compact.slice(0, 2)
    // Two letters in front that are another country's prefix: the wrong country's number.
    // (Bodies that start with letters, such as Spain's "B…" or Ireland's, never start with two;
    // a French number with a letter key must then be typed with its FR.)
    if (/^[A-Z]{2}/.test(compact) && KNOWN_PREFIXES.has(typed)) {
      return { ok: false, message: `This is a VAT number of ${prefixCountry(typed)} (${typed}); a company in ${countryName} has one starting with ${prefix}.` }
    }
  }
  body = completeBody(prefix, body)
  if (!rule.pattern.test(body)) return { ok: false, message: `A VAT number in ${countryName} is ${rule.form}, like ${example(prefix)}.` }
  if (rule.check && !rule.check(body)) {
    return { ok: false, message: `This VAT number's check digits do not add up: check it for a typing mistake (${countryName}: ${rule.form}).` }
  }
  return { ok: true, value: prefix + body }
}

/** What people commonly leave out: the leading zeros of Belgian and Dutch numbers, Norway's "MVA", Switzerland's suffix. */
function completeBody(prefix: string, body: string): string {
  if (prefix === 'BE' && /^\d{9}$/.test(body)) return `0${body}`
  if (prefix === 'NL' && /^\d{1,8}B\d\d$/.test(body)) return body.padStart(12, '0')
  if (prefix === 'NO' && /^\d{9}$/.test(body)) return `${body}MVA`
  if (prefix === 'CH' && /^E?\d{9}$/.test(body)) return `E${body.replace('E', '')}MWST`
  return body
}

/** A made-up example of the right shape, for messages and form hints. */
export function example(prefix: string): string {
  return Object.hasOwn(EXAMPLES, prefix) ? EXAMPLES[prefix] : `${prefix}…`
}

const EXAMPLES: Record<string, string> = {
  AT: 'ATU12345678', BE: 'BE0123456789', BG: 'BG123456789', CY: 'CY12345678X', CZ: 'CZ12345678', DE: 'DE123456789',
  DK: 'DK12345678', EE: 'EE101234567', EL: 'EL123456789', ES: 'ESB12345678', FI: 'FI12345678', FR: 'FR12345678901',
  HR: 'HR12345678901', HU: 'HU12345678', IE: 'IE1234567X', IT: 'IT12345678901', LT: 'LT123456789', LU: 'LU12345678',
  LV: 'LV12345678901', MT: 'MT12345678', NL: 'NL123456789B01', PL: 'PL1234567890', PT: 'PT123456789', RO: 'RO1234567',
  SE: 'SE556123456701', SI: 'SI12345678', SK: 'SK1234567890', NO: 'NO123456789MVA', GB: 'GB123456789', CH: 'CHE123456789MWST',
  IS: 'IS12345', LI: 'LI12345',
}

/** Norway's organisation number (9 digits, mod 11 with weights 3 2 7 6 5 4 3 2). */
export function isNorwegianOrgNumber(input: string): boolean {
  const n = input.replace(/[\s.\-]/g, '')
  return /^\d{9}$/.test(n) && VAT_RULES.NO.check!(`${n}MVA`)
}
