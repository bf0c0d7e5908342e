// The bank-transfer reference of a deal: an ISO 11649 creditor reference ("RF", two check digits,
// "NL" and the deal number). It must read back as its deal however it is typed, and a typo must
// never read as another deal. What the mod-97 check promises, and so what is tested exhaustively:
// - a digit typed as another digit changes the number by d × 10^k (d from 1 to 9), never a
//   multiple of the prime 97, so it is always caught; so is a letter typed as another letter
//   (a change of at most 25 × 10^k);
// - two different adjacent digits swapped change it by 9 × (a − b) × 10^k: always caught; two
//   letters by 99 × (a − b) × 10^k, and 99 ≡ 2 (mod 97): always caught;
// - a letter and a digit swapped change it by 9 × (v − 11d) × 10^k: caught unless the letter's
//   value is eleven times the digit (B and 1, M and 2, X and 3);
// - a dropped or added character, or a letter for a digit, changes the length: caught only
//   about 96 times in 97 by the check digits alone.
// A deal's reference has only digits after "NL", so every single substitution and every
// adjacent swap of it is caught, by the check or by the fixed "RF" and "NL".
import { describe, expect, it } from 'vitest'
import { dealNumberFromReference, paymentReference } from '../../src/deals/payment-reference.js'
import { creditorReference, groupByFour, isValidCreditorReference } from '../../src/lib/iban.js'
import { seeded } from './deal-facts.js'

const SEED = 11649
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const compact = (ref: string) => ref.replace(/\s+/g, '')

/** Deal numbers as they come (from 1001 on) and as they may one day be, up to 15 digits. */
function dealNumbers(sequential: number, random: number): number[] {
  const r = seeded(SEED)
  return [
    ...Array.from({ length: sequential }, (_, i) => 1001 + i),
    ...Array.from({ length: random }, () => r.magnitude(1, 999_999_999_999_999)),
    1, 9, 10, 99_999, 100_000, 999_999_999_999_999,
  ]
}

/** Every reference one character away from `ref`: each character typed as each other one. */
function* substitutions(ref: string) {
  for (let i = 0; i < ref.length; i++) {
    for (const ch of ALPHABET) if (ch !== ref[i]) yield { typed: ref.slice(0, i) + ch + ref.slice(i + 1), what: `${ref[i]}→${ch} at ${i}` }
  }
}

/** Every reference with two different neighbouring characters swapped. */
function* transpositions(ref: string) {
  for (let i = 0; i + 1 < ref.length; i++) {
    if (ref[i] !== ref[i + 1]) yield { typed: ref.slice(0, i) + ref[i + 1] + ref[i] + ref.slice(i + 2), what: `${ref[i]}${ref[i + 1]} swapped at ${i}`, pair: ref[i] + ref[i + 1] }
  }
}

describe('a deal’s payment reference', () => {
  const numbers = dealNumbers(20_000, 5_000)

  it(`reads back as its deal, for ${numbers.length} deal numbers, however it is typed`, () => {
    const wrong: string[] = []
    for (const n of numbers) {
      const ref = paymentReference(n)
      // "RF", the check digits and "NL" then the number, in groups of four as banks print them.
      if (!/^RF\d\d NL[\d ]+$/.test(ref) || !/^(\S{4} )*\S{1,4}$/.test(ref) || !isValidCreditorReference(compact(ref))) wrong.push(`${n}: ${ref}`)
      for (const typed of [ref, compact(ref), ref.toLowerCase(), ` ${ref.replaceAll(' ', '  ')}\t`]) {
        if (dealNumberFromReference(typed) !== n) wrong.push(`${n}: ${JSON.stringify(typed)} reads as ${dealNumberFromReference(typed)}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('is no other deal’s reference with one character mistyped or two neighbours swapped', () => {
    const sample = dealNumbers(300, 300)
    let checked = 0
    for (const n of sample) {
      const ref = compact(paymentReference(n))
      for (const { typed, what } of [...substitutions(ref), ...transpositions(ref)]) {
        checked++
        if (dealNumberFromReference(typed) !== null) expect.fail(`${ref} with ${what} (${typed}) reads as deal ${dealNumberFromReference(typed)}`)
        // Grouped as the bank shows it, and in small letters, it is just as wrong.
        if (dealNumberFromReference(groupByFour(typed).toLowerCase()) !== null) expect.fail(`${groupByFour(typed).toLowerCase()}`)
      }
    }
    expect(checked).toBeGreaterThan(250_000)
  })

  it('catches at least 96 in 97 dropped or doubled characters', () => {
    let typos = 0
    let missed = 0
    for (const n of dealNumbers(2_000, 2_000)) {
      const ref = compact(paymentReference(n))
      for (let i = 0; i < ref.length; i++) {
        for (const typed of [ref.slice(0, i) + ref.slice(i + 1), ref.slice(0, i + 1) + ref.slice(i)]) {
          typos++
          if (dealNumberFromReference(typed) !== null) missed++
        }
      }
    }
    expect(missed / typos).toBeLessThan(1 / 97)
  })

  it('is refused when it is not one of ours', () => {
    const foreign = creditorReference('INVOICE2026')
    for (const typed of [foreign, '', 'RF', 'NL1042', '1042', creditorReference('NL'), creditorReference('NLX1042'), creditorReference('SE1042'), 'RF00NL1042']) {
      expect(dealNumberFromReference(typed), typed).toBeNull()
    }
  })
})

describe('the ISO 11649 check itself, on references of any letters and digits', () => {
  const r = seeded(SEED + 1)
  const bodies = Array.from({ length: 2_000 }, () => Array.from({ length: r.int(1, 21) }, () => r.pick([...ALPHABET])).join(''))
  const isDigit = (ch: string) => ch >= '0' && ch <= '9'
  const BLIND_SWAPS = ['B1', '1B', 'M2', '2M', 'X3', '3X']

  it(`catches every digit-for-digit and letter-for-letter typo, in ${bodies.length} random references`, () => {
    for (const body of bodies) {
      const ref = creditorReference(body)
      if (!isValidCreditorReference(ref)) expect.fail(`${ref} made from ${body} fails its own check`)
      for (const { typed, what } of substitutions(ref)) {
        const i = Number(what.split(' at ')[1])
        if (i < 2 || isDigit(ref[i]) !== isDigit(typed[i])) continue // "RF" is fixed; a letter for a digit is not promised
        if (isValidCreditorReference(typed)) expect.fail(`${ref} with ${what} passes the check`)
      }
    }
  })

  it('catches every swap of neighbours except a letter and a digit worth eleven times less (B1, M2, X3)', () => {
    let blind = 0
    for (const body of bodies) {
      const ref = creditorReference(body)
      for (const { typed, what, pair } of transpositions(ref)) {
        // The check digits and the body's first character are not neighbours in the check
        // (it reads the body first, then "RF" and the check digits), so that swap is not promised.
        if (what.endsWith(' at 3')) continue
        const passes = isValidCreditorReference(typed)
        if (passes !== BLIND_SWAPS.includes(pair)) expect.fail(`${ref} with ${what}: ${passes ? 'passes' : 'caught'}`)
        if (passes) blind++
      }
    }
    expect(blind).toBeGreaterThan(0)
  })
})
