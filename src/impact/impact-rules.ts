// The impact report's arithmetic, in one pure module: a lot's weight in tonnes whatever unit it
// was sold in, the CO2e its reuse or recycling is estimated to avoid, and the sums a report shows
// (by side, category, EWC chapter and month). No database, no clock: the queries hand it the
// company's completed deals of the period (src/impact/queries.ts), the routes show the result.
import { conversionRowFor } from './conversion-table.js'
import { co2eFactorFor, type Co2eFactor } from './co2e-factors.js'

import type { Unit } from '../db/types.js'

export type { Unit }
export type Side = 'sold' | 'bought'

/** What the conversion reads of a lot. */
export type Lot = { categorySlug: string; quantity: string; unit: Unit; actualWeightKg: string | null }

/** How a lot's weight was found. */
export type WeightBasis = 'actual' | 'weighed' | 'density' | 'pallet' | 'piece'

export type Weight = {
  /** Kilograms, to the gram. */
  kg: number
  basis: WeightBasis
  /** The conversion in words, e.g. "30 m³ × 0.1003 t/m³". */
  how: string
  /** Where the factor comes from; empty when the lot was weighed or sold by weight. */
  source: string
}

// Weights are kept in whole grams: exact for any report below 9 billion tonnes (2^53 grams),
// far beyond what a company trades; CO2e likewise to the gram of CO2e.
const toGrams = (kg: number) => Math.round(kg * 1000)

/**
 * A lot's weight. The seller's actual weight wins; a lot sold in tonnes or kilograms is its
 * quantity; m³ and litres go through the category's density, pallets and pieces through its
 * average weight (src/impact/conversion-table.ts).
 */
export function weightOf(lot: Lot): Weight {
  const q = Number(lot.quantity)
  if (lot.actualWeightKg !== null) {
    const kg = Number(lot.actualWeightKg)
    return { kg: toGrams(kg) / 1000, basis: 'actual', how: `${kg} kg, weighed by the seller`, source: '' }
  }
  const row = conversionRowFor(lot.categorySlug)
  switch (lot.unit) {
    case 't': return { kg: toGrams(q * 1000) / 1000, basis: 'weighed', how: `${q} t`, source: '' }
    case 'kg': return { kg: toGrams(q) / 1000, basis: 'weighed', how: `${q} kg`, source: '' }
    case 'm3': return { kg: toGrams(q * row.tonnesPerM3.value * 1000) / 1000, basis: 'density', how: `${q} m³ × ${row.tonnesPerM3.value} t/m³`, source: row.tonnesPerM3.source }
    case 'l': return { kg: toGrams(q * row.tonnesPerLitre.value * 1000) / 1000, basis: 'density', how: `${q} l × ${row.tonnesPerLitre.value} t/l`, source: row.tonnesPerLitre.source }
    case 'pallets': return { kg: toGrams(q * row.kgPerPallet.value) / 1000, basis: 'pallet', how: `${q} pallets × ${row.kgPerPallet.value} kg`, source: row.kgPerPallet.source }
    case 'pcs': return { kg: toGrams(q * row.kgPerPiece.value) / 1000, basis: 'piece', how: `${q} pieces × ${row.kgPerPiece.value} kg`, source: row.kgPerPiece.source }
  }
}

/** kg CO2e avoided: tonnes × the factor in kg CO2e per tonne, or null where there is no factor. */
export function avoidedKgOf(kg: number, factor: Co2eFactor): number | null {
  if (factor.avoidedKgPerTonne === null) return null
  return Math.round(kg * factor.avoidedKgPerTonne) / 1000
}

/** One completed deal of the company, as the queries read it. */
export type DealLine = Lot & {
  dealId: string
  dealNumber: number
  title: string
  side: Side
  categoryName: string
  /** Two digits ("15"), or null for a lot without an EWC code. */
  ewcChapter: string | null
  ewcChapterDescription: string | null
  ewcCode: string | null
  /** What the buyer paid without VAT, in minor units. */
  netAmount: number
  currency: string
  completedAt: Date
}

export type Line = DealLine & { weight: Weight; factor: Co2eFactor; avoidedKg: number | null }

/** Sums of one side (or of a category, chapter or month on one side). */
export type Totals = {
  deals: number
  kg: number
  /** kg CO2e avoided, over the lots that have a factor. */
  avoidedKg: number
  /** kg of lots whose category has no CO2e factor: counted in tonnes, not in CO2e. */
  kgWithoutFactor: number
  /** Revenue (sold) or spend (bought) without VAT, per currency, in minor units. */
  money: Record<string, number>
}

export type Split = { sold: Totals; bought: Totals }
export type CategoryRow = Split & { slug: string; name: string; factor: Co2eFactor }
export type ChapterRow = Split & { chapter: string | null; description: string }
export type MonthRow = Split & { month: string }

export type ImpactReport = {
  lines: Line[]
  totals: Split
  byCategory: CategoryRow[]
  byChapter: ChapterRow[]
  byMonth: MonthRow[]
}

const emptyTotals = (): Totals => ({ deals: 0, kg: 0, avoidedKg: 0, kgWithoutFactor: 0, money: {} })
const emptySplit = (): Split => ({ sold: emptyTotals(), bought: emptyTotals() })

function add(t: Totals, line: Line) {
  t.deals += 1
  // Sums in grams (integers), so a report of many lots adds up exactly to the gram.
  t.kg = (toGrams(t.kg) + toGrams(line.weight.kg)) / 1000
  if (line.avoidedKg === null) t.kgWithoutFactor = (toGrams(t.kgWithoutFactor) + toGrams(line.weight.kg)) / 1000
  else t.avoidedKg = (toGrams(t.avoidedKg) + toGrams(line.avoidedKg)) / 1000
  t.money[line.currency] = (t.money[line.currency] ?? 0) + line.netAmount
}

export const NO_EWC_CODE = 'No EWC code given'

/**
 * The report of a company's completed deals: `months` are the period's months in order
 * ("2026-11"), `monthOf` names the month a deal was completed in, in the company's time zone.
 */
export function buildImpactReport(deals: DealLine[], months: string[], monthOf: (d: Date) => string): ImpactReport {
  const lines: Line[] = deals.map((d) => {
    const weight = weightOf(d)
    const factor = co2eFactorFor(d.categorySlug)
    return { ...d, weight, factor, avoidedKg: avoidedKgOf(weight.kg, factor) }
  })
  const totals = emptySplit()
  const categories = new Map<string, CategoryRow>()
  const chapters = new Map<string, ChapterRow>()
  const byMonth = new Map<string, MonthRow>(months.map((m) => [m, { month: m, ...emptySplit() }]))
  for (const line of lines) {
    add(totals[line.side], line)
    let category = categories.get(line.categorySlug)
    if (!category) categories.set(line.categorySlug, category = { slug: line.categorySlug, name: line.categoryName, factor: line.factor, ...emptySplit() })
    add(category[line.side], line)
    const chapterKey = line.ewcChapter ?? ''
    let chapter = chapters.get(chapterKey)
    if (!chapter) chapters.set(chapterKey, chapter = { chapter: line.ewcChapter, description: line.ewcChapterDescription ?? NO_EWC_CODE, ...emptySplit() })
    add(chapter[line.side], line)
    const month = byMonth.get(monthOf(line.completedAt))
    if (month) add(month[line.side], line)
  }
  const heaviest = (a: Split, b: Split) => (b.sold.kg + b.bought.kg) - (a.sold.kg + a.bought.kg)
  return {
    lines,
    totals,
    byCategory: [...categories.values()].sort((a, b) => heaviest(a, b) || a.name.localeCompare(b.name)),
    // EWC chapters in the list's own order; lots without a code last.
    byChapter: [...chapters.values()].sort((a, b) => (a.chapter ?? '99').localeCompare(b.chapter ?? '99')),
    byMonth: [...byMonth.values()],
  }
}
