// The check-digit rules of each country's VAT number, applied to the number without its
// country prefix. Each is the rule the country's tax administration publishes, as collected by
// the European Commission's VIES documentation and python-stdnum (stdnum/<country>/vat.py);
// where a country defines no check digit, the format alone is checked. A rule answers only
// "is this a number the country could have issued", never "is it registered": that is VIES.

const digits = (s: string) => [...s].map(Number)

/** Σ weight × digit over the first weights.length digits. */
const weighted = (s: string, weights: readonly number[], from = 0) =>
  weights.reduce((sum, w, i) => sum + w * Number(s[from + i]), 0)

/** Luhn over the whole string (its last digit is the check digit). */
export function luhnValid(s: string): boolean {
  let sum = 0
  digits(s).reverse().forEach((d, i) => {
    const x = i % 2 === 1 ? d * 2 : d
    sum += x > 9 ? x - 9 : x
  })
  return sum % 10 === 0
}

/** ISO 7064 MOD 11,10 (Germany, Croatia): the last digit checks the others. */
function iso7064Mod11_10(s: string): boolean {
  let product = 10
  for (const d of digits(s.slice(0, -1))) {
    let sum = (d + product) % 10
    if (sum === 0) sum = 10
    product = (2 * sum) % 11
  }
  return (11 - product) % 10 === Number(s[s.length - 1])
}

/** A number too long for a double, mod m. */
const bigMod = (s: string, m: number) => [...s].reduce((r, ch) => (r * 10 + Number(ch)) % m, 0)

/** Doubling with the digits of the product added (Italy, Austria, Spain's CIF). */
const luhnDouble = (d: number) => (d * 2 > 9 ? d * 2 - 9 : d * 2)

function spanishCif(body: string): boolean {
  const ds = digits(body.slice(1, 8))
  const sum = ds.reduce((acc, d, i) => acc + (i % 2 === 0 ? luhnDouble(d) : d), 0)
  const check = (10 - (sum % 10)) % 10
  const last = body[8]
  const letter = 'JABCDEFGHI'[check]
  // Companies of kinds A, B, E, H carry a digit; the others a digit or a letter.
  if ('ABEH'.includes(body[0])) return last === String(check)
  return last === String(check) || last === letter
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'

function spanishPerson(body: string): boolean {
  const lead = body[0]
  // NIE: X, Y, Z stand for 0, 1, 2; K, L, M (Spaniards without a DNI) check the seven digits.
  const number = 'KLM'.includes(lead) ? body.slice(1, 8) : ('XYZ'.indexOf(lead) >= 0 ? String('XYZ'.indexOf(lead)) : lead) + body.slice(1, 8)
  return DNI_LETTERS[Number(number) % 23] === body[8]
}

function bulgarianTen(b: string): boolean {
  // A person's EGN (with its birth month), a foreigner's PNF, or any other 10-digit number.
  const month = Number(b.slice(2, 4))
  if ((month >= 1 && month <= 12) || (month >= 21 && month <= 32) || (month >= 41 && month <= 52)) {
    if ((weighted(b, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === Number(b[9])) return true
  }
  if (weighted(b, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === Number(b[9])) return true
  const other = 11 - (weighted(b, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)
  return other !== 10 && other % 11 === Number(b[9])
}

function bulgarianNine(b: string): boolean {
  let check = weighted(b, [1, 2, 3, 4, 5, 6, 7, 8]) % 11
  if (check === 10) check = (weighted(b, [3, 4, 5, 6, 7, 8, 9, 10]) % 11) % 10
  return check === Number(b[8])
}

function czech(b: string): boolean {
  if (b.length === 8) {
    if (b[0] === '9') return false
    const check = (11 - (weighted(b, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 10
    return check === Number(b[7])
  }
  // A person: a 10-digit birth number is divisible by 11; 9-digit ones (born before 1954, or
  // "special" numbers starting with 6) carry no check we apply.
  if (b.length === 10) return bigMod(b, 11) === 0 || (bigMod(b.slice(0, 9), 11) === 10 && b[9] === '0')
  return b.length === 9
}

function irish(b: string): boolean {
  // The old form (digit, letter or + or *, five digits, letter) is the new one reordered.
  const n = /^\d[A-Z+*]/.test(b) ? `0${b.slice(2, 7)}${b[0]}${b[7]}` : b
  let sum = weighted(n, [8, 7, 6, 5, 4, 3, 2])
  if (n.length === 9) sum += 9 * ('WABCDEFGHI'.indexOf(n[8]))
  return 'WABCDEFGHIJKLMNOPQRSTUV'[sum % 23] === n[7]
}

function latvian(b: string): boolean {
  if (Number(b[0]) > 3) return weighted(b, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3
  // A person: DDMMYY then a century digit and a check; codes from 2017 start with 32 and carry none.
  if (b.startsWith('32')) return true
  const day = Number(b.slice(0, 2))
  const month = Number(b.slice(2, 4))
  if (day < 1 || day > 31 || month < 1 || month > 12) return false
  return (1 + weighted(b, [10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11 % 10 === Number(b[10])
}

function lithuanian(b: string): boolean {
  // Legal persons: the digit before the check is 1 (9 digits, or 12 for temporary payers).
  if (b[b.length - 2] !== '1') return false
  const n = b.length
  const first = Array.from({ length: n - 1 }, (_, i) => (i % 9) + 1)
  let check = weighted(b, first) % 11
  if (check === 10) check = weighted(b, Array.from({ length: n - 1 }, (_, i) => ((i + 2) % 9) + 1)) % 11 % 10
  return check === Number(b[n - 1])
}

function greek(b: string): boolean {
  return (weighted(b, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === Number(b[8])
}

function french(b: string): boolean {
  const siren = b.slice(2)
  // Newer keys are letters, with a rule the administration does not publish: format only.
  if (!/^\d\d$/.test(b.slice(0, 2))) return true
  return Number(b.slice(0, 2)) === (12 + 3 * (bigMod(siren, 97))) % 97
}

function dutch(b: string): boolean {
  const number = b.slice(0, 9)
  // The old "eleven test" on the fiscal number, or (sole traders since 2020) ISO 7064 mod 97
  // over the whole identifier with letters as numbers (A = 10 … Z = 35, + = 36, * = 37).
  if (weighted(number, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 === 0) return true
  const asNumbers = [...`NL${b}`].map((ch) => (/\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55))).join('')
  return bigMod(asNumbers, 97) === 1
}

function swiss(b: string): boolean {
  const r = 11 - (weighted(b, [5, 4, 3, 2, 7, 6, 5, 4], 1) % 11)
  return r !== 10 && r % 11 === Number(b[9])
}

function british(b: string): boolean {
  if (/^(GD[0-4]|HA[5-9])\d\d$/.test(b)) return true
  const sum = weighted(b, [8, 7, 6, 5, 4, 3, 2]) + Number(b.slice(7, 9))
  return sum % 97 === 0 || (sum + 55) % 97 === 0
}

export type VatRule = {
  /** How the number is shown in a message, e.g. "SE + 12 digits ending in 01". */
  form: string
  /** The format of the number without its prefix (after removing spaces, dots and dashes). */
  pattern: RegExp
  /** The check-digit rule, when the country defines one. */
  check?: (body: string) => boolean
}

/** Keyed by the VAT prefix (Greece: EL). */
export const VAT_RULES: Record<string, VatRule> = {
  AT: { form: 'ATU + 8 digits', pattern: /^U\d{8}$/, check: (b) => (10 - ((digits(b.slice(1, 8)).reduce((s, d, i) => s + (i % 2 ? luhnDouble(d) : d), 0) + 4) % 10)) % 10 === Number(b[8]) },
  BE: { form: 'BE + 10 digits starting with 0 or 1', pattern: /^[01]\d{9}$/, check: (b) => 97 - (Number(b.slice(0, 8)) % 97) === Number(b.slice(8)) },
  BG: { form: 'BG + 9 or 10 digits', pattern: /^\d{9,10}$/, check: (b) => (b.length === 9 ? bulgarianNine(b) : bulgarianTen(b)) },
  CY: {
    form: 'CY + 8 digits and a letter', pattern: /^[013459]\d{7}[A-Z]$/,
    check: (b) => !b.startsWith('12') && 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[digits(b.slice(0, 8)).reduce((s, d, i) => s + (i % 2 === 0 ? [1, 0, 5, 7, 9, 13, 15, 17, 19, 21][d] : d), 0) % 26] === b[8],
  },
  CZ: { form: 'CZ + 8, 9 or 10 digits', pattern: /^\d{8,10}$/, check: czech },
  DE: { form: 'DE + 9 digits', pattern: /^[1-9]\d{8}$/, check: iso7064Mod11_10 },
  DK: { form: 'DK + 8 digits', pattern: /^[1-9]\d{7}$/, check: (b) => weighted(b, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0 },
  EE: { form: 'EE + 9 digits starting with 10', pattern: /^10\d{7}$/, check: (b) => (10 - (weighted(b, [3, 7, 1, 3, 7, 1, 3, 7]) % 10)) % 10 === Number(b[8]) },
  EL: { form: 'EL + 9 digits', pattern: /^\d{9}$/, check: greek },
  ES: {
    form: 'ES + a letter or digit, 7 digits and a letter or digit', pattern: /^([A-HJNP-SUVW]\d{7}[0-9A-J]|[0-9XYZ]\d{7}[A-Z]|[KLM]\d{7}[A-Z])$/,
    check: (b) => (/^[A-HJNP-SUVW]/.test(b) ? spanishCif(b) : spanishPerson(b)),
  },
  FI: { form: 'FI + 8 digits', pattern: /^\d{8}$/, check: (b) => { const r = weighted(b, [7, 9, 10, 5, 8, 4, 2]) % 11; return r !== 1 && (r === 0 ? 0 : 11 - r) === Number(b[7]) } },
  FR: { form: 'FR + a 2-character key and the 9-digit SIREN', pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/, check: french },
  HR: { form: 'HR + 11 digits', pattern: /^\d{11}$/, check: iso7064Mod11_10 },
  HU: { form: 'HU + 8 digits', pattern: /^\d{8}$/, check: (b) => (10 - (weighted(b, [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10 === Number(b[7]) },
  IE: { form: 'IE + 7 digits and one or two letters', pattern: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, check: irish },
  IT: {
    form: 'IT + 11 digits', pattern: /^\d{11}$/,
    check: (b) => {
      const office = Number(b.slice(7, 10))
      if (/^0{7}/.test(b) || !((office >= 1 && office <= 100) || [120, 121, 888, 999].includes(office))) return false
      return luhnValid(b)
    },
  },
  LT: { form: 'LT + 9 or 12 digits', pattern: /^(\d{9}|\d{12})$/, check: lithuanian },
  LU: { form: 'LU + 8 digits', pattern: /^\d{8}$/, check: (b) => Number(b.slice(0, 6)) % 89 === Number(b.slice(6)) },
  LV: { form: 'LV + 11 digits', pattern: /^\d{11}$/, check: latvian },
  MT: { form: 'MT + 8 digits', pattern: /^[1-9]\d{7}$/, check: (b) => (weighted(b, [3, 4, 6, 7, 8, 9]) + Number(b.slice(6))) % 37 === 0 },
  NL: { form: 'NL + 9 digits, B and 2 digits', pattern: /^\d{9}B(?!00)\d{2}$/, check: dutch },
  PL: { form: 'PL + 10 digits', pattern: /^\d{10}$/, check: (b) => weighted(b, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === Number(b[9]) },
  PT: { form: 'PT + 9 digits', pattern: /^[1-9]\d{8}$/, check: (b) => ((11 - (weighted(b, [9, 8, 7, 6, 5, 4, 3, 2]) % 11)) % 11) % 10 === Number(b[8]) },
  RO: {
    form: 'RO + 2 to 10 digits', pattern: /^[1-9]\d{1,9}$/,
    check: (b) => ((10 * weighted(b, [7, 5, 3, 2, 1, 7, 5, 3, 2].slice(10 - b.length))) % 11) % 10 === Number(b[b.length - 1]),
  },
  SE: { form: 'SE + the 10-digit organisation number + 01', pattern: /^\d{10}01$/, check: (b) => luhnValid(b.slice(0, 10)) },
  SI: { form: 'SI + 8 digits', pattern: /^[1-9]\d{7}$/, check: (b) => { const r = 11 - (weighted(b, [8, 7, 6, 5, 4, 3, 2]) % 11); return r !== 11 && r % 10 === Number(b[7]) } },
  SK: { form: 'SK + 10 digits', pattern: /^[1-9]\d[2-47-9]\d{7}$/, check: (b) => bigMod(b, 11) === 0 },
  // Outside the EU: Norway's organisation number in its VAT form (mod 11, weights 3 2 7 6 5 4 3 2).
  NO: { form: 'NO + 9 digits + MVA', pattern: /^\d{9}MVA$/, check: (b) => { const r = weighted(b, [3, 2, 7, 6, 5, 4, 3, 2]) % 11; return r !== 1 && (r === 0 ? 0 : 11 - r) === Number(b[8]) } },
  GB: { form: 'GB + 9 or 12 digits', pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, check: british },
  CH: { form: 'CHE + 9 digits + MWST, TVA, IVA or TPV', pattern: /^E\d{9}(MWST|TVA|IVA|TPV)$/, check: swiss },
  // Iceland's VSK number and Liechtenstein's MWST number define no check digit.
  IS: { form: 'IS + 5 or 6 digits', pattern: /^\d{5,6}$/ },
  LI: { form: 'LI + 5 digits', pattern: /^\d{5}$/ },
}
