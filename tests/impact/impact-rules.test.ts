// The impact report's arithmetic on a hand-computed example, one lot per unit kind: tonnes from
// t, kg, m³, litres, pallets and pieces (through the conversion table), the seller's actual
// weight winning, CO2e avoided from each category's default factor, and the sums by side.
import { describe, expect, it } from 'vitest'
import { avoidedKgOf, buildImpactReport, weightOf, type DealLine, type Lot } from '../../src/impact/impact-rules.js'
import { CONVERSION_TABLE } from '../../src/impact/conversion-table.js'
import { CO2E_FACTORS, categoryDefaults, co2eFactorFor, parseCsv } from '../../src/impact/co2e-factors.js'
import { CATEGORIES } from '../../src/seed/categories.js'

const lot = (categorySlug: string, quantity: string, unit: Lot['unit'], actualWeightKg: string | null = null): Lot => ({ categorySlug, quantity, unit, actualWeightKg })

describe('the tables', () => {
  it('takes one default CO2e factor per category from the CSV, blank meaning no figure', () => {
    // The CSV's category slugs are the site's own, one for one; so are the conversion table's.
    expect([...CO2E_FACTORS.keys()].sort()).toEqual(CATEGORIES.map((c) => c.slug).sort())
    expect(Object.keys(CONVERSION_TABLE).sort()).toEqual(CATEGORIES.map((c) => c.slug).sort())
    expect(co2eFactorFor('paper-cardboard')).toMatchObject({ material: 'Paper and board: board', avoidedKgPerTonne: 1266.12 })
    expect(co2eFactorFor('electronics-weee')).toMatchObject({ material: 'Mixed Electronics', avoidedKgPerTonne: 1018.66 })
    expect(co2eFactorFor('chemicals-hazardous').avoidedKgPerTonne).toBeNull()
    expect(co2eFactorFor('a-category-added-later')).toBe(co2eFactorFor('other'))
    expect(co2eFactorFor('paper-cardboard').sourceUrl).toMatch(/^https:\/\/www\.gov\.uk\//)
  })

  it('refuses a factor table with two defaults for a category', () => {
    const csv = 'category_slug,material,suggested_avoided_kgco2e_per_t,method,source,source_url,is_category_default\nglass,A,1,m,s,u,true\nglass,B,2,m,s,u,true\n'
    expect(() => categoryDefaults(csv)).toThrow(/two default rows for glass/)
  })

  it('reads quoted CSV cells with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\n1,2,3,4\n')).toEqual([['a', 'b, c', 'say "hi"', 'two\nlines'], ['1', '2', '3', '4']])
  })

  it('derives the bulk densities from the EPA factors in pounds per cubic yard and gallon', () => {
    // 169 lb/yd³ × 0.45359237 kg/lb ÷ 0.764554858 m³/yd³ = 100.26 kg/m³
    expect(CONVERSION_TABLE['wood-pallets']!.tonnesPerM3.value).toBe(0.1003)
    // 7.5 lb/gal × 0.45359237 ÷ 3.785411784 = 0.8987 kg/l
    expect(CONVERSION_TABLE['chemicals-hazardous']!.tonnesPerLitre.value).toBe(0.0008987)
    for (const row of Object.values(CONVERSION_TABLE)) {
      for (const figure of Object.values(row)) {
        expect(figure.value).toBeGreaterThan(0)
        expect(figure.source).not.toBe('')
      }
    }
  })
})

describe('weightOf: every unit kind in kilograms', () => {
  it('t and kg as listed', () => {
    expect(weightOf(lot('paper-cardboard', '2', 't'))).toMatchObject({ kg: 2000, basis: 'weighed' })
    expect(weightOf(lot('plastics', '500', 'kg'))).toMatchObject({ kg: 500, basis: 'weighed' })
    expect(weightOf(lot('plastics', '0.001', 't')).kg).toBe(1)
  })

  it('m³ and litres through the category density', () => {
    // 30 m³ of bark × 0.1003 t/m³ = 3.009 t
    expect(weightOf(lot('wood-pallets', '30', 'm3'))).toMatchObject({ kg: 3009, basis: 'density', how: '30 m³ × 0.1003 t/m³' })
    // 2000 l of oil × 0.0008987 t/l = 1.7974 t
    expect(weightOf(lot('chemicals-hazardous', '2000', 'l'))).toMatchObject({ kg: 1797.4, basis: 'density' })
    // 1000 l of food by-product × 0.0008975 t/l (EPA 7.49 lb/gal) = 0.8975 t
    expect(weightOf(lot('organic-food', '1000', 'l')).kg).toBe(897.5)
  })

  it('pallets and pieces through the category average', () => {
    expect(weightOf(lot('paper-cardboard', '40', 'pallets'))).toMatchObject({ kg: 16000, basis: 'pallet', how: '40 pallets × 400 kg' })
    expect(weightOf(lot('wood-pallets', '120', 'pcs'))).toMatchObject({ kg: 3000, basis: 'piece', how: '120 pieces × 25 kg' })
    expect(weightOf(lot('paper-cardboard', '40', 'pallets')).source).toMatch(/NordicLoop estimate/)
  })

  it("the seller's actual weight wins over every conversion", () => {
    expect(weightOf(lot('wood-pallets', '30', 'm3', '9500'))).toMatchObject({ kg: 9500, basis: 'actual', source: '' })
    expect(weightOf(lot('paper-cardboard', '3', 't', '2950.5')).kg).toBe(2950.5)
  })
})

describe('avoidedKgOf: tonnes × kg CO2e per tonne', () => {
  it('multiplies and keeps the gram; no factor is no figure, not zero', () => {
    expect(avoidedKgOf(2000, co2eFactorFor('paper-cardboard'))).toBe(2532.24) // 2 t × 1266.12
    expect(avoidedKgOf(3009, co2eFactorFor('wood-pallets'))).toBe(2770.416) // 3.009 t × 920.71 = 2770.41639
    expect(avoidedKgOf(1797.4, co2eFactorFor('chemicals-hazardous'))).toBeNull()
  })
})

describe('buildImpactReport', () => {
  let n = 0
  const deal = (side: 'sold' | 'bought', l: Lot, month: string, extra: Partial<DealLine> = {}): DealLine => ({
    ...l, dealId: `deal-${++n}`, dealNumber: 1000 + n, title: `Lot ${n}`, side, categoryName: l.categorySlug, ewcChapter: '15',
    ewcChapterDescription: 'Packaging waste', ewcCode: '150101', netAmount: 10_000, currency: 'EUR', completedAt: new Date(`${month}-15T12:00:00Z`), ...extra,
  })
  const lines = [
    deal('sold', lot('paper-cardboard', '2', 't'), '2026-10'), // 2000 kg, 2532.24 kg CO2e
    deal('sold', lot('wood-pallets', '30', 'm3'), '2026-11', { ewcChapter: '03', ewcChapterDescription: 'Wood processing', ewcCode: '030101' }), // 3009 kg, 2770.416
    deal('sold', lot('paper-cardboard', '40', 'pallets'), '2026-11', { netAmount: 90_000 }), // 16000 kg, 20257.92
    deal('bought', lot('plastics', '500', 'kg'), '2026-10'), // 500 kg, 803.225
    deal('bought', lot('chemicals-hazardous', '2000', 'l'), '2026-12', { ewcChapter: null, ewcChapterDescription: null, ewcCode: null, currency: 'SEK', netAmount: 500_000 }), // 1797.4 kg, none
    deal('bought', lot('wood-pallets', '120', 'pcs'), '2026-12'), // 3000 kg, 2762.13
  ]
  const report = buildImpactReport(lines, ['2026-10', '2026-11', '2026-12'], (d) => d.toISOString().slice(0, 7))

  it('sums each side: tonnes, deals, money per currency and CO2e, with the tonnes that have no factor apart', () => {
    expect(report.totals.sold).toEqual({ deals: 3, kg: 21009, avoidedKg: 25560.576, kgWithoutFactor: 0, money: { EUR: 110_000 } })
    expect(report.totals.bought).toEqual({ deals: 3, kg: 5297.4, avoidedKg: 3565.355, kgWithoutFactor: 1797.4, money: { EUR: 20_000, SEK: 500_000 } })
  })

  it('splits by category (heaviest first), EWC chapter (list order, no code last) and month', () => {
    expect(report.byCategory.map((c) => [c.slug, c.sold.kg, c.bought.kg])).toEqual([
      ['paper-cardboard', 18000, 0], ['wood-pallets', 3009, 3000], ['chemicals-hazardous', 0, 1797.4], ['plastics', 0, 500],
    ])
    expect(report.byChapter.map((c) => [c.chapter, c.description, c.sold.deals + c.bought.deals])).toEqual([
      ['03', 'Wood processing', 1], ['15', 'Packaging waste', 4], [null, 'No EWC code given', 1],
    ])
    expect(report.byMonth.map((m) => [m.month, m.sold.kg, m.bought.kg])).toEqual([['2026-10', 2000, 500], ['2026-11', 19009, 0], ['2026-12', 0, 4797.4]])
  })
})
