// Valid VAT numbers for test companies: random digits, then the check digit that makes the
// country's rule (src/compliance/vat-numbers.ts) accept it, found by trying each one.
import { checkVatNumber } from '../../src/compliance/vat-numbers.js'

/** The shape of a number before its check digit: how many random digits, and what goes around them. */
const SHAPES: Record<string, (digits: string) => string[]> = {
  SE: (d) => ['SE', `5${d.slice(0, 8)}`, '01'],
  FI: (d) => ['FI', d.slice(0, 7), ''],
  DK: (d) => ['DK', `1${d.slice(0, 6)}`, ''],
  DE: (d) => ['DE', `1${d.slice(0, 7)}`, ''],
  NO: (d) => ['NO', `9${d.slice(0, 7)}`, 'MVA'],
  NL: (d) => ['NL', d.slice(0, 8), 'B01'],
  IE: (d) => ['IE', d.slice(0, 7), ''],
}

/** A random valid VAT number for a company in `country`, or null where no shape is known here. */
export function validVatNumber(country = 'SE'): string | null {
  const shape = Object.hasOwn(SHAPES, country) ? SHAPES[country] : undefined
  if (!shape) return null
  for (;;) {
    const digits = Array.from({ length: 10 }, () => Math.floor(Math.random() * 10)).join('')
    const [prefix, body, suffix] = shape(digits)
    const tail = country === 'IE' ? 'ABCDEFGHIJKLMNOPQRSTUVW' : '0123456789'
    for (const check of tail) {
      const result = checkVatNumber(`${prefix}${body}${check}${suffix}`, country)
      if (result.ok) return result.value
    }
  }
}
