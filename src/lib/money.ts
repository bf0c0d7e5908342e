// Money is an integer number of minor units (cents) with a currency. Parsing accepts what
// people type in Europe ("1 250,50", "1,250.50", "1250.5"); formatting uses Intl.

export const DEFAULT_CURRENCY = 'EUR'
const MAX_MINOR = 1_000_000_000_00 // one billion in major units: beyond any plausible lot

/** Minor units from a typed amount, or null when it is not a plain non-negative amount. */
export function parseMoney(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f']/g, '').replace(/^(€|eur)/i, '').replace(/(€|eur)$/i, '')
  if (!/^\d[\d.,]*$/.test(s)) return null
  const lastComma = s.lastIndexOf(',')
  const lastDot = s.lastIndexOf('.')
  const decimalAt = Math.max(lastComma, lastDot)
  let whole = s
  let fraction = ''
  // The last separator is a decimal point when one or two digits follow it ("12,5", "12.50");
  // with three digits it is a thousands separator ("1,250").
  if (decimalAt >= 0 && s.length - decimalAt - 1 <= 2 && s.length - decimalAt - 1 > 0) {
    whole = s.slice(0, decimalAt)
    fraction = s.slice(decimalAt + 1)
  }
  // Thousands separators, if any, must group digits by three ("1.250.000", not "12.34.5").
  if (/[.,]/.test(whole) && !/^\d{1,3}([.,]\d{3})+$/.test(whole)) return null
  whole = whole.replace(/[.,]/g, '')
  if (whole === '' || !/^\d+$/.test(whole) || !/^\d{0,2}$/.test(fraction)) return null
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0') || '0')
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return null
  return minor
}

const formatters = new Map<string, Intl.NumberFormat>()

/** "€1,250.00" — always two decimals, so bids and prices line up. */
export function formatMoney(minor: number, currency = DEFAULT_CURRENCY, locale = 'en-IE'): string {
  const key = `${locale}:${currency}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })
    formatters.set(key, f)
  }
  return f.format(minor / 100)
}

/** The amount as a form field value ("1250.50"), for re-filling inputs. */
export function moneyInputValue(minor: number | null | undefined): string {
  if (minor == null) return ''
  const whole = Math.floor(minor / 100)
  const cents = minor % 100
  return cents ? `${whole}.${String(cents).padStart(2, '0')}` : String(whole)
}
