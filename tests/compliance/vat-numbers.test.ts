import { describe, expect, it } from 'vitest'
import { checkVatNumber, vatPrefix } from '../../src/compliance/vat-numbers.js'
import { VAT_RULES } from '../../src/compliance/vat-checks.js'
import { SUBSTITUTION_SAMPLES, VALID_SAMPLES } from './vat-samples.js'
import { validVatNumber } from '../support/vat-numbers.js'

const EU = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'GR', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']
const countryOfPrefix = (value: string) => (value.startsWith('EL') ? 'GR' : value.slice(0, 2))

/** Every number one digit away from `value` (letters and the prefix stay). */
function substitutions(value: string, prefixLength: number): string[] {
  const out: string[] = []
  for (let i = prefixLength; i < value.length; i++) {
    if (!/\d/.test(value[i])) continue
    for (const d of '0123456789') if (d !== value[i]) out.push(value.slice(0, i) + d + value.slice(i + 1))
  }
  return out
}

describe('VAT numbers', () => {
  it('has a rule, and a published sample, for every EU country and Norway', () => {
    for (const country of [...EU, 'NO']) {
      expect(Object.hasOwn(VAT_RULES, vatPrefix(country)), country).toBe(true)
      expect(VALID_SAMPLES.some((s) => s.country === country), country).toBe(true)
    }
  })

  it.each(VALID_SAMPLES)('accepts $typed ($country) as $normalised', ({ country, typed, normalised }) => {
    expect(checkVatNumber(typed, country)).toEqual({ ok: true, value: normalised })
    // Normalised again, it stays itself; lower case and extra separators change nothing.
    expect(checkVatNumber(normalised, country)).toEqual({ ok: true, value: normalised })
    expect(checkVatNumber(` ${typed.toLowerCase().split('').join(' ')} `, country)).toEqual({ ok: true, value: normalised })
  })

  it.each(SUBSTITUTION_SAMPLES)('refuses every single-digit substitution of %s', (value) => {
    const country = countryOfPrefix(value)
    const prefix = vatPrefix(country)
    expect(checkVatNumber(value, country).ok).toBe(true)
    const wrong = substitutions(value, prefix.length).filter((v) => checkVatNumber(v, country).ok)
    expect(wrong).toEqual([])
  })

  it('refuses most substitutions even where the rule cannot catch them all', () => {
    // The Netherlands (two checks), Bulgaria's and Czechia's 10-digit numbers: a few slip through.
    for (const value of ['NL004495445B01', 'BG7523169263', 'CZ7103192745', 'LT119511515', 'GB980780684']) {
      const all = substitutions(value, 2)
      const passed = all.filter((v) => checkVatNumber(v, countryOfPrefix(v)).ok)
      expect(passed.length / all.length, value).toBeLessThan(0.2)
    }
  })

  it('refuses the check digit of a generated number changed to any other digit', () => {
    for (const country of ['SE', 'FI', 'DK', 'DE', 'NO', 'NL']) {
      for (let n = 0; n < 25; n++) {
        const value = validVatNumber(country)!
        expect(checkVatNumber(value, country)).toEqual({ ok: true, value })
        const at = value.endsWith('MVA') ? value.length - 4 : value.endsWith('01') && country === 'SE' ? value.length - 3 : value.endsWith('B01') ? value.length - 4 : value.length - 1
        for (const d of '0123456789') {
          if (d === value[at]) continue
          const wrong = value.slice(0, at) + d + value.slice(at + 1)
          // Dutch numbers have a second check that may accept the odd one.
          if (country !== 'NL') expect(checkVatNumber(wrong, country).ok, wrong).toBe(false)
        }
      }
    }
  })

  it("names the other country when a number carries another country's prefix", () => {
    for (const sample of VALID_SAMPLES.filter((s) => s.normalised !== s.typed || s.country !== 'GR')) {
      for (const other of ['SE', 'DE', 'FI', 'NO', 'GR']) {
        if (other === sample.country) continue
        const result = checkVatNumber(sample.normalised, other)
        expect(result.ok, `${sample.normalised} as ${other}`).toBe(false)
        if (!result.ok) expect(result.message).toMatch(/VAT number of|starting with|check digits|is [A-Z]{2,3} \+/)
      }
    }
    expect(checkVatNumber('DE136695976', 'SE')).toEqual({ ok: false, message: 'This is a VAT number of Germany (DE); a company in Sweden has one starting with SE.' })
    expect(checkVatNumber('EL094259216', 'CY')).toMatchObject({ ok: false, message: expect.stringContaining('Greece') })
  })

  it('refuses a number one digit too long or too short, with the form it should have', () => {
    for (const sample of VALID_SAMPLES) {
      const prefix = vatPrefix(sample.country)
      const body = sample.normalised.slice(prefix.length)
      const digitAt = body.search(/\d/)
      const shorter = prefix + body.slice(0, digitAt) + body.slice(digitAt + 1)
      const longer = prefix + body.slice(0, digitAt) + '7' + body.slice(digitAt)
      for (const wrong of [shorter, longer]) {
        const result = checkVatNumber(wrong, sample.country)
        // Countries with several lengths (Bulgaria, Czechia, Romania, Lithuania) may find another
        // valid shape; then the check digits still refuse it, or by chance accept a valid number.
        if (['BG', 'CZ', 'RO', 'LT', 'BE', 'NL', 'IE', 'GB'].includes(sample.country)) continue
        expect(result, wrong).toMatchObject({ ok: false })
        if (!result.ok) expect(result.message).toMatch(/ is .* like |check digits/)
      }
    }
    expect(checkVatNumber('SE12345678970', 'SE')).toEqual({ ok: false, message: 'A VAT number in Sweden is SE + the 10-digit organisation number + 01, like SE556123456701.' })
  })

  it('refuses junk with a message, never an exception', () => {
    const junk = ['', '   ', '---', 'SE', 'EL', 'MVA', 'NO MVA', '!!!', 'ÅÄÖ123', '<script>', 'SE1234567897O1', '1'.repeat(500), 'SE 55603607930l', '\u0000', 'null', 'undefined', '0x1F', '1e9', '__proto__', 'constructor']
    for (const country of [...EU, 'NO', 'GB', 'CH', 'IS', 'LI', 'XX', '__proto__', '']) {
      for (const input of junk) {
        const result = checkVatNumber(input, country)
        expect(result.ok, `${input} in ${country}`).toBe(false)
        if (!result.ok) expect(result.message.length).toBeGreaterThan(10)
      }
    }
  })

  it("adds Norway's MVA and checks the organisation number's mod 11", () => {
    expect(checkVatNumber('923 609 016', 'NO')).toEqual({ ok: true, value: 'NO923609016MVA' })
    expect(checkVatNumber('923609017', 'NO').ok).toBe(false)
    // 4 × 3 leaves a remainder of 1, which gives no valid check digit: every ending is refused.
    for (const d of '0123456789') expect(checkVatNumber(`40000000${d}`, 'NO').ok).toBe(false)
    expect(checkVatNumber('NO123456785MVA', 'NO')).toEqual({ ok: true, value: 'NO123456785MVA' })
  })
})
