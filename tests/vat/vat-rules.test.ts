// The VAT rules against an independent statement of them: every ordered pair of the demo
// companies' countries (domestic pairs included) × every kind of material, with valid, missing
// and invalid VAT numbers, and the platform's fee to a seller in each country.
import { describe, expect, it } from 'vitest'
import { CATEGORIES } from '../../src/seed/categories.js'
import {
  CATEGORY_KINDS, decideFeeVat, decideSaleVat, formatRate, kindOfCategory, netOfGross, VAT_TABLE, vatOn, type MaterialKind, type VatParty,
} from '../../src/vat/vat-rules.js'

const COUNTRIES = ['SE', 'FI', 'DK', 'DE', 'NO'] as const
const KINDS: MaterialKind[] = ['scrap_metal', 'waste_paper', 'plastics', 'glass', 'textiles', 'wood', 'food_by_products', 'electronics', 'demolition', 'hazardous', 'other']
const EU = new Set(['SE', 'FI', 'DK', 'DE'])
// Written out again rather than read from the table, so that a changed row fails here.
const RATE_BP: Record<string, number> = { SE: 2500, FI: 2550, DK: 2500, DE: 1900, NO: 2500 }
const DOMESTIC_REVERSE_CHARGE: Record<string, MaterialKind[]> = {
  SE: ['scrap_metal'], FI: ['scrap_metal'], DK: ['scrap_metal', 'electronics'], DE: ['scrap_metal', 'plastics', 'glass'], NO: [],
}

type VatNumbers = 'both valid' | 'buyer has none' | 'buyer invalid' | 'seller invalid'
const NUMBERS: VatNumbers[] = ['both valid', 'buyer has none', 'buyer invalid', 'seller invalid']

function parties(seller: string, buyer: string, numbers: VatNumbers): [VatParty, VatParty] {
  return [
    { country: seller, vatNumber: `${seller}123`, vatNumberValid: numbers !== 'seller invalid' },
    { country: buyer, vatNumber: numbers === 'buyer has none' ? null : `${buyer}456`, vatNumberValid: numbers === 'both valid' || numbers === 'seller invalid' },
  ]
}

/** What the law says, case by case, as an accountant would list it. */
function expected(seller: string, buyer: string, kind: MaterialKind, numbers: VatNumbers) {
  const bothValid = numbers === 'both valid'
  if (seller === buyer) {
    return bothValid && DOMESTIC_REVERSE_CHARGE[seller].includes(kind)
      ? { category: 'AE', rateBp: 0, rule: 'domestic_reverse_charge' } : { category: 'S', rateBp: RATE_BP[seller], rule: 'domestic_standard' }
  }
  if (!EU.has(seller) || !EU.has(buyer)) return { category: 'G', rateBp: 0, rule: 'export' }
  return bothValid ? { category: 'K', rateBp: 0, rule: 'intra_eu_supply' } : { category: 'S', rateBp: RATE_BP[seller], rule: 'cross_border_standard' }
}

const cases = COUNTRIES.flatMap((seller) => COUNTRIES.flatMap((buyer) => KINDS.flatMap((kind) => NUMBERS.map((numbers) => ({ seller, buyer, kind, numbers })))))

describe('the VAT of a sale', () => {
  it(`covers ${cases.length} cases: 25 ordered country pairs × ${KINDS.length} kinds × ${NUMBERS.length} VAT number situations`, () => {
    expect(cases).toHaveLength(25 * KINDS.length * NUMBERS.length)
  })

  it.each(cases)('$seller → $buyer, $kind, $numbers', ({ seller, buyer, kind, numbers }) => {
    const decision = decideSaleVat(...parties(seller, buyer, numbers), kind)
    expect({ category: decision.category, rateBp: decision.rateBp, rule: decision.rule }).toEqual(expected(seller, buyer, kind, numbers))
    // Every decision says why, names its source, and an exempt one carries its code for the e-invoice.
    expect(decision.note.length).toBeGreaterThan(10)
    expect(decision.source).not.toBe('none')
    expect(decision.exemptionCode === null).toBe(decision.category === 'S')
    if (decision.category === 'K') expect(decision.exemptionCode).toBe('VATEX-EU-IC')
    if (decision.category === 'G') expect(decision.exemptionCode).toBe('VATEX-EU-G')
    if (decision.category === 'AE') expect(decision.exemptionCode).toBe('VATEX-EU-AE')
  })

  it('names the law of each reverse charge and export on the invoice', () => {
    const ok: VatParty = { country: 'SE', vatNumber: 'x', vatNumberValid: true }
    expect(decideSaleVat(ok, ok, 'scrap_metal').note).toContain('ML (2023:200)')
    expect(decideSaleVat({ ...ok, country: 'DE' }, { ...ok, country: 'DE' }, 'plastics').note).toContain('§ 13b Abs. 2 Nr. 7 UStG')
    expect(decideSaleVat({ ...ok, country: 'FI' }, { ...ok, country: 'FI' }, 'scrap_metal').note).toContain('AVL 8 d §')
    expect(decideSaleVat({ ...ok, country: 'DK' }, { ...ok, country: 'DK' }, 'scrap_metal').note).toContain('§ 46, stk. 1, nr. 7')
    expect(decideSaleVat(ok, { ...ok, country: 'FI' }, 'waste_paper').note).toContain('Article 138')
    expect(decideSaleVat(ok, { ...ok, country: 'NO' }, 'waste_paper').note).toContain('Article 146')
    expect(decideSaleVat({ ...ok, country: 'NO' }, ok, 'waste_paper').note).toContain('§ 6-21')
    expect(decideSaleVat(ok, ok, 'waste_paper').note).toBe('25 % Sweden VAT')
    expect(decideSaleVat({ ...ok, country: 'FI' }, { ...ok, country: 'FI' }, 'waste_paper').note).toBe('25.5 % Finland VAT')
  })

  it('charges the standard rate of another EU seller country it knows only by its rate, and decides nothing for a country it does not know', () => {
    const at: VatParty = { country: 'AT', vatNumber: 'ATU1', vatNumberValid: true }
    expect(decideSaleVat(at, at, 'scrap_metal')).toMatchObject({ category: 'S', rateBp: 2000 })
    expect(decideSaleVat(at, { ...at, country: 'SE' }, 'scrap_metal')).toMatchObject({ category: 'K' })
    expect(decideSaleVat({ ...at, country: 'US' }, at, 'scrap_metal')).toMatchObject({ rule: 'not_decided' })
  })

  it('keeps every rate and reverse charge of the table with a named source', () => {
    for (const [country, row] of Object.entries(VAT_TABLE)) {
      expect(row.rateBp, country).toBe(RATE_BP[country])
      expect(row.reverseCharge, country).toEqual(DOMESTIC_REVERSE_CHARGE[country])
      expect(row.rateSource.length, country).toBeGreaterThan(5)
      expect(row.reverseChargeSource, country).toBeTruthy()
    }
  })
})

describe('the kind of each seeded category', () => {
  it.each(CATEGORIES.map((c) => c.slug))('%s has a kind', (slug) => {
    expect(Object.hasOwn(CATEGORY_KINDS, slug)).toBe(true)
  })

  it('reads metals as scrap metal and paper as waste paper; an unknown or prototype slug is other', () => {
    expect(kindOfCategory('ferrous-metals')).toBe('scrap_metal')
    expect(kindOfCategory('non-ferrous-metals')).toBe('scrap_metal')
    expect(kindOfCategory('paper-cardboard')).toBe('waste_paper')
    for (const slug of ['', 'nope', '__proto__', 'constructor', 'toString']) expect(kindOfCategory(slug)).toBe('other')
  })
})

describe('the VAT of the platform fee (NordicLoop is in Sweden)', () => {
  const platform = { country: 'SE' }
  it.each([
    ['SE', true, 'S', 2500, 'fee_domestic'], ['SE', false, 'S', 2500, 'fee_domestic'],
    ['FI', true, 'AE', 0, 'fee_reverse_charge'], ['DK', true, 'AE', 0, 'fee_reverse_charge'], ['DE', true, 'AE', 0, 'fee_reverse_charge'],
    ['FI', false, 'S', 2500, 'fee_domestic'], ['DE', false, 'S', 2500, 'fee_domestic'],
    ['NO', true, 'O', 0, 'fee_outside_scope'], ['NO', false, 'O', 0, 'fee_outside_scope'],
  ] as const)('to a seller in %s (VAT number valid: %s): %s at %i bp', (country, valid, category, rateBp, rule) => {
    const decision = decideFeeVat(platform, { country, vatNumber: valid ? `${country}1` : null, vatNumberValid: valid })
    expect(decision).toMatchObject({ category, rateBp, rule })
    if (category === 'AE') expect(decision.note).toContain('Articles 44 and 196')
  })
})

describe('VAT arithmetic in minor units', () => {
  it.each([
    [100_000, 2500, 25_000], [1, 2500, 0], [2, 2500, 1], [150_000, 2550, 38_250], [3, 1900, 1], [99, 2550, 25], [0, 2500, 0], [100_000, 0, 0],
  ])('VAT on %i at %i bp is %i (half a cent up)', (net, rate, vat) => {
    expect(vatOn(net, rate)).toBe(vat)
  })

  it('takes the net out of a gross amount so that net + VAT on it gives the gross back, for 20,000 amounts', () => {
    for (const rate of [1900, 2500, 2550]) {
      for (let gross = 1; gross < 20_000; gross += 3) {
        const net = netOfGross(gross, rate)
        expect(Math.abs(net + vatOn(net, rate) - gross), `${gross} at ${rate}`).toBeLessThanOrEqual(1)
      }
    }
    expect(netOfGross(125_000, 2500)).toBe(100_000)
    expect(netOfGross(4_500, 0)).toBe(4_500)
  })

  it('writes rates as EN 16931 percentages', () => {
    expect([2500, 2550, 1900, 0, 1250, 1205].map(formatRate)).toEqual(['25', '25.5', '19', '0', '12.5', '12.05'])
  })
})
