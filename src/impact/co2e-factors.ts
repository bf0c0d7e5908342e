// The CO2e factor table (co2e-factors.csv beside this file, its sources and caveats in
// co2e-factors.md), read once when the app starts. The report uses each category's default row
// (is_category_default = true): one figure per tonne, "suggested_avoided_kgco2e_per_t", and
// none at all where the table has no defensible figure (chemicals, other, blank cells).
import { readFileSync } from 'node:fs'

export type Co2eFactor = {
  categorySlug: string
  material: string
  /** kg CO2e avoided per tonne traded, or null when the table gives no figure (never read as zero). */
  avoidedKgPerTonne: number | null
  method: string
  source: string
  /** The source in a few words, for a table cell ("DESNZ/Defra 2026"); the full name is in `source`. */
  shortSource: string
  sourceUrl: string
}

/** The two sources of the table by their address, named as a reader knows them. */
const SHORT_SOURCES: Array<[urlPart: string, name: string]> = [['gov.uk', 'DESNZ/Defra 2026'], ['epa.gov', 'US EPA WARM v16']]

/** The factor set the report states beside its figures, so a report can be re-derived when a new set comes out. */
export const FACTOR_SET = 'DESNZ/Defra GHG Conversion Factors 2026 (full set v1, June 2026); US EPA WARM v16 (December 2023) for electronics'

/** RFC 4180 rows: commas, double quotes, doubled quotes inside quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(cell); cell = '' }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row) }
  return rows.filter((r) => r.some((c) => c !== ''))
}

/** The default row of each category, keyed by category slug. */
export function categoryDefaults(csv: string): Map<string, Co2eFactor> {
  const [header, ...rows] = parseCsv(csv)
  if (!header) throw new Error('co2e-factors.csv is empty')
  const col = (name: string) => {
    const i = header.indexOf(name)
    if (i < 0) throw new Error(`co2e-factors.csv has no column ${name}`)
    return i
  }
  const c = {
    slug: col('category_slug'), material: col('material'), avoided: col('suggested_avoided_kgco2e_per_t'), method: col('method'),
    source: col('source'), url: col('source_url'), isDefault: col('is_category_default'),
  }
  const out = new Map<string, Co2eFactor>()
  for (const r of rows) {
    if (r[c.isDefault] !== 'true') continue
    const slug = r[c.slug]!
    if (out.has(slug)) throw new Error(`co2e-factors.csv has two default rows for ${slug}`)
    const avoided = (r[c.avoided] ?? '').trim()
    out.set(slug, {
      categorySlug: slug, material: r[c.material] ?? '', avoidedKgPerTonne: avoided === '' ? null : Number(avoided),
      method: r[c.method] ?? '', source: r[c.source] ?? '', sourceUrl: r[c.url] ?? '',
      shortSource: SHORT_SOURCES.find(([part]) => (r[c.url] ?? '').includes(part))?.[1] ?? 'no published factor',
    })
  }
  return out
}

export const CO2E_FACTORS: ReadonlyMap<string, Co2eFactor> = categoryDefaults(readFileSync(new URL('./co2e-factors.csv', import.meta.url), 'utf8'))

/** A category's default factor; a category the table does not know gets the 'other' row (no figure). */
export function co2eFactorFor(categorySlug: string): Co2eFactor {
  return CO2E_FACTORS.get(categorySlug) ?? CO2E_FACTORS.get('other')!
}
