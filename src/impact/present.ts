// The report in words and numbers: every table the page shows, once, as cells that carry both
// the formatted text (the page, the printable summary) and the plain value (the CSV export), so
// the page and its exports can never disagree.
import { DEFAULT_CURRENCY, formatMoney } from '../lib/money.js'
import { dateFormat } from '../lib/time.js'
import { UNIT_LABELS } from '../listings/schemas.js'
import { CONVERSION_TABLE, type Figure } from './conversion-table.js'
import { CO2E_FACTORS, type Co2eFactor } from './co2e-factors.js'
import type { ImpactReport, Line, Split, Totals, WeightBasis } from './impact-rules.js'

export type Cell = { text: string; raw?: string; href?: string }
/** `csvOnly`: a plain column the page shows merged into another; `pageOnly`: that merged column. */
export type Column = { label: string; num?: boolean; csvOnly?: boolean; pageOnly?: boolean }
export type ReportTable = { key: TableKey; heading: string; columns: Column[]; rows: Cell[][] }
export const TABLE_KEYS = ['categories', 'ewc-chapters', 'months', 'deals', 'conversions', 'co2e-factors'] as const
export type TableKey = (typeof TABLE_KEYS)[number]

const tonnesFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 })
const co2eFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const factorFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 7 })

/** "12.5 t" from kilograms. */
export const formatTonnes = (kg: number) => `${tonnesFormat.format(kg / 1000)} t`
/** "2.53 t CO2e" from kg CO2e. */
export const formatCo2e = (kg: number) => `${co2eFormat.format(kg / 1000)} t CO2e`
const rawTonnes = (kg: number) => (kg / 1000).toFixed(3)
const rawCo2e = (kg: number) => (kg / 1000).toFixed(3)

/** Money per currency, "€1,200.00" or "€1,200.00 + SEK 5,000.00"; nothing is €0.00. */
export function formatMoneyByCurrency(money: Record<string, number>): string {
  const entries = Object.entries(money).sort(([a], [b]) => a.localeCompare(b))
  return entries.length ? entries.map(([currency, minor]) => formatMoney(minor, currency)).join(' + ') : formatMoney(0)
}
const rawMoney = (money: Record<string, number>) =>
  Object.entries(money).sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => `${(minor / 100).toFixed(2)} ${currency}`).join(' + ') || `0.00 ${DEFAULT_CURRENCY}`

const tonnes = (kg: number): Cell => ({ text: formatTonnes(kg), raw: rawTonnes(kg) })
const co2e = (kg: number): Cell => ({ text: formatCo2e(kg), raw: rawCo2e(kg) })
const money = (m: Record<string, number>): Cell => ({ text: formatMoneyByCurrency(m), raw: rawMoney(m) })
const count = (n: number): Cell => ({ text: String(n) })
const text = (t: string, href?: string): Cell => ({ text: t, href })

/** "1,266.12 kg CO2e/t", or the reason there is none. */
export const factorText = (f: Co2eFactor) => (f.avoidedKgPerTonne === null ? 'no factor: tonnes only' : `${factorFormat.format(f.avoidedKgPerTonne)} kg CO2e/t`)
const factorCells = (f: Co2eFactor): Cell[] => [
  { text: factorText(f), raw: f.avoidedKgPerTonne === null ? '' : String(f.avoidedKgPerTonne) },
  // The page names the source briefly and links it; the CSV gives its full name.
  { text: `${f.shortSource}: ${f.material}`, raw: `${f.source}: ${f.material}`, href: f.sourceUrl || undefined },
  text(f.sourceUrl),
]
const FACTOR_COLUMNS: Column[] = [{ label: 'CO2e factor', num: true }, { label: 'Factor source' }, { label: 'Factor source URL', csvOnly: true }]

const avoidedCell = (t: Totals): Cell => (t.kg > 0 && t.kg === t.kgWithoutFactor ? { text: 'not estimated', raw: '' } : co2e(t.avoidedKg))
const both = (s: Split): Totals => ({
  deals: s.sold.deals + s.bought.deals, kg: s.sold.kg + s.bought.kg, avoidedKg: s.sold.avoidedKg + s.bought.avoidedKg,
  kgWithoutFactor: s.sold.kgWithoutFactor + s.bought.kgWithoutFactor, money: {},
})

const SPLIT_COLUMNS: Column[] = [{ label: 'Sold', num: true }, { label: 'Bought', num: true }, { label: 'Deals', num: true }]
const splitCells = (s: Split): Cell[] => [tonnes(s.sold.kg), tonnes(s.bought.kg), count(s.sold.deals + s.bought.deals)]
const MONEY_COLUMNS: Column[] = [{ label: 'Revenue excl. VAT', num: true }, { label: 'Spend excl. VAT', num: true }]
const moneyCells = (s: Split): Cell[] => [money(s.sold.money), money(s.bought.money)]

export const BASIS_LABELS: Record<WeightBasis, string> = {
  actual: 'actual weight', weighed: 'sold by weight', density: 'density', pallet: 'average per pallet', piece: 'average per piece',
}

const monthName = (month: string) => dateFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(new Date(`${month}-01T00:00:00Z`))
const day = (d: Date, timeZone: string) => dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(d)
const isoDay = (d: Date, timeZone: string) => dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)

export function categoryTable(report: ImpactReport): ReportTable {
  return {
    key: 'categories', heading: 'By category',
    columns: [{ label: 'Category' }, ...SPLIT_COLUMNS, ...MONEY_COLUMNS, ...FACTOR_COLUMNS, { label: 'Estimated CO2e avoided', num: true }],
    rows: report.byCategory.map((r) => [text(r.name), ...splitCells(r), ...moneyCells(r), ...factorCells(r.factor), avoidedCell(both(r))]),
  }
}

export function chapterTable(report: ImpactReport): ReportTable {
  return {
    key: 'ewc-chapters', heading: 'By EWC chapter',
    columns: [{ label: 'EWC chapter' }, ...SPLIT_COLUMNS, { label: 'Estimated CO2e avoided', num: true }],
    rows: report.byChapter.map((r) => [text(r.chapter ? `${r.chapter} ${r.description}` : r.description), ...splitCells(r), avoidedCell(both(r))]),
  }
}

export function monthTable(report: ImpactReport): ReportTable {
  return {
    key: 'months', heading: 'By month',
    columns: [{ label: 'Month' }, ...SPLIT_COLUMNS, ...MONEY_COLUMNS, { label: 'Estimated CO2e avoided', num: true }],
    rows: report.byMonth.map((r) => [{ text: monthName(r.month), raw: r.month }, ...splitCells(r), ...moneyCells(r), co2e(r.sold.avoidedKg + r.bought.avoidedKg)]),
  }
}

export function dealTable(report: ImpactReport, timeZone: string): ReportTable {
  return {
    key: 'deals', heading: 'Completed deals',
    columns: [
      { label: 'Deal' }, { label: 'Completed' }, { label: 'Side' },
      { label: 'Category' , csvOnly: true }, { label: 'EWC code', csvOnly: true }, { label: 'Material', pageOnly: true },
      { label: 'Quantity', num: true }, { label: 'Tonnes', num: true },
      { label: 'How the tonnes were found', csvOnly: true }, { label: 'Conversion source', csvOnly: true }, { label: 'How the tonnes were found', pageOnly: true },
      { label: 'Amount excl. VAT', num: true },
      ...FACTOR_COLUMNS.map((c) => ({ ...c, csvOnly: true })), { label: 'CO2e factor', pageOnly: true },
      { label: 'Estimated CO2e avoided', num: true },
    ],
    rows: report.lines.map((l: Line) => {
      const ewc = l.ewcCode ? l.ewcCode.replace(/(\d\d)(\d\d)(\d\d)/, '$1 $2 $3') : ''
      const how = `${BASIS_LABELS[l.weight.basis]}: ${l.weight.how}`
      return [
        { text: `Deal ${l.dealNumber}: ${l.title}`, href: `/deals/${l.dealId}` },
        { text: day(l.completedAt, timeZone), raw: isoDay(l.completedAt, timeZone) },
        text(l.side === 'sold' ? 'Sold' : 'Bought'),
        text(l.categoryName), text(ewc), text(ewc ? `${l.categoryName}, EWC ${ewc}` : l.categoryName),
        { text: `${tonnesFormat.format(Number(l.quantity))} ${UNIT_LABELS[l.unit]}`, raw: `${Number(l.quantity)} ${l.unit}` },
        tonnes(l.weight.kg),
        text(how), text(l.weight.source), text(l.weight.source ? `${how} (${l.weight.source})` : how),
        { text: formatMoney(l.netAmount, l.currency), raw: `${(l.netAmount / 100).toFixed(2)} ${l.currency}` },
        ...factorCells(l.factor), { text: `${factorText(l.factor)}, ${l.factor.shortSource}`, href: l.factor.sourceUrl || undefined },
        l.avoidedKg === null ? { text: 'not estimated', raw: '' } : co2e(l.avoidedKg),
      ]
    }),
  }
}

const figureCells = (f: Figure, unit: string): Cell[] => [{ text: `${factorFormat.format(f.value)} ${unit}`, raw: String(f.value) }, text(f.source)]

/** The conversion table itself, with a source for every figure. */
export function conversionTable(categoryNames: Map<string, string>): ReportTable {
  return {
    key: 'conversions', heading: 'Conversion to tonnes',
    columns: [{ label: 'Category' }, { label: 'Density (m³)', num: true }, { label: 'Source' }, { label: 'Density (litres)', num: true }, { label: 'Source' },
      { label: 'Per pallet', num: true }, { label: 'Source' }, { label: 'Per piece', num: true }, { label: 'Source' }],
    rows: Object.entries(CONVERSION_TABLE).map(([slug, r]) => [
      { text: categoryNames.get(slug) ?? slug, raw: slug },
      ...figureCells(r.tonnesPerM3, 't/m³'), ...figureCells(r.tonnesPerLitre, 't/l'), ...figureCells(r.kgPerPallet, 'kg'), ...figureCells(r.kgPerPiece, 'kg'),
    ]),
  }
}

/** The CO2e factor of each category (the default row of co2e-factors.csv). */
export function factorTable(categoryNames: Map<string, string>): ReportTable {
  return {
    key: 'co2e-factors', heading: 'CO2e factors',
    columns: [{ label: 'Category' }, { label: 'Material (as the source names it)' }, { label: 'CO2e factor', num: true }, { label: 'Source' },
      { label: 'Source URL', csvOnly: true }, { label: 'Method' }],
    rows: [...CO2E_FACTORS.values()].map((f) => [
      { text: categoryNames.get(f.categorySlug) ?? f.categorySlug, raw: f.categorySlug }, text(f.material),
      factorCells(f)[0]!, text(f.source, f.sourceUrl || undefined), text(f.sourceUrl), text(f.method),
    ]),
  }
}

/** The headline figures of the report, in words. */
export function headline(report: ImpactReport) {
  const { sold, bought } = report.totals
  return {
    soldTonnes: formatTonnes(sold.kg), boughtTonnes: formatTonnes(bought.kg),
    soldDeals: sold.deals, boughtDeals: bought.deals,
    revenue: formatMoneyByCurrency(sold.money), spend: formatMoneyByCurrency(bought.money),
    avoided: formatCo2e(sold.avoidedKg + bought.avoidedKg),
    avoidedSold: formatCo2e(sold.avoidedKg), avoidedBought: formatCo2e(bought.avoidedKg),
    withoutFactor: sold.kgWithoutFactor + bought.kgWithoutFactor > 0 ? formatTonnes(sold.kgWithoutFactor + bought.kgWithoutFactor) : null,
  }
}
export type Headline = ReturnType<typeof headline>

/** A chart's bars: one group a row, sold and bought, in tonnes. */
export type ChartRow = { label: string; sold: number; bought: number }
export const categoryChart = (report: ImpactReport): ChartRow[] => report.byCategory.map((r) => ({ label: r.name, sold: r.sold.kg / 1000, bought: r.bought.kg / 1000 }))
export const monthChart = (report: ImpactReport): ChartRow[] => report.byMonth.map((r) => ({ label: monthName(r.month), sold: r.sold.kg / 1000, bought: r.bought.kg / 1000 }))

/** Where the report lives: under the company's own pages ("/my"). */
export const IMPACT_PATH = '/my/impact'
