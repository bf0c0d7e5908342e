// The one-page summary a company hands to an auditor: who, which period, the headline figures,
// tonnes and estimated CO2e by category and EWC chapter, each factor with its source, and the
// method in brief. A PrintDocument, so the print page and the PDF are drawn from the same data.
import type { PrintDocument } from '../documents/print-document.js'
import { formatDateTime } from '../lib/time.js'
import { CAVEATS, SUMMARY_METHOD } from './method.js'
import { FACTOR_SET } from './co2e-factors.js'
import type { CompanyReport } from './impact-report.js'
import { headline, type ReportTable } from './present.js'

/** The named columns of a report table, as text. */
function pick(table: ReportTable, labels: string[]): { columns: string[]; rows: string[][] } {
  const at = labels.map((l) => table.columns.findIndex((c) => c.label === l))
  return { columns: labels, rows: table.rows.map((row) => at.map((i) => row[i]?.text ?? '')) }
}

const right = (label: string, i: number) => ({ label, align: i === 0 || label === 'Factor source' ? 'left' as const : 'right' as const })

export function impactSummaryDocument(r: CompanyReport, generatedAt: Date, timeZone: string): PrintDocument {
  const h = headline(r.report)
  const categories = pick(r.tables.categories, ['Category', 'Sold', 'Bought', 'CO2e factor', 'Factor source', 'Estimated CO2e avoided'])
  const chapters = pick(r.tables['ewc-chapters'], ['EWC chapter', 'Sold', 'Bought', 'Deals'])
  const sources = [...new Map(r.report.byCategory.map((c) => [c.factor.source, c.factor.sourceUrl])).entries()]
    .filter(([source]) => source && !source.startsWith('none'))
    .map(([source, url]) => (url ? `${source}: ${url}` : source))
  return {
    title: 'Impact summary',
    subtitle: `${r.company.legalName}, ${r.period.label}`,
    meta: [
      ['Period', `${r.period.firstDay} to ${r.period.lastDay}`],
      ['Prepared', formatDateTime(generatedAt, timeZone)],
      ['Company', r.company.legalName],
      ['Address', r.company.addressLines.join(', ')],
      ['Organisation no.', r.company.orgNumber],
      ...(r.company.vatNumber ? [['VAT no.', r.company.vatNumber] as [string, string]] : []),
    ],
    parties: [],
    sections: [
      {
        kind: 'facts', heading: 'In completed deals on NordicLoop',
        rows: [
          ['Sold', `${h.soldTonnes} in ${h.soldDeals} ${h.soldDeals === 1 ? 'deal' : 'deals'}; revenue ${h.revenue} excl. VAT`],
          ['Bought', `${h.boughtTonnes} in ${h.boughtDeals} ${h.boughtDeals === 1 ? 'deal' : 'deals'}; spend ${h.spend} excl. VAT`],
          ['Estimated CO2e avoided', `${h.avoided} (${h.avoidedSold} sold, ${h.avoidedBought} bought)${h.withoutFactor ? `; ${h.withoutFactor} without a factor, not estimated` : ''}`],
        ],
      },
      { kind: 'table', heading: 'By category', columns: categories.columns.map(right), rows: categories.rows },
      { kind: 'table', heading: 'By EWC chapter', columns: chapters.columns.map(right), rows: chapters.rows },
      {
        kind: 'text', heading: 'How we calculate',
        paragraphs: [SUMMARY_METHOD, `Factor set: ${FACTOR_SET}. ${sources.map((s) => `Source: ${s}.`).join(' ')}`],
      },
    ],
    footer: [
      `${CAVEATS[0]!} ${CAVEATS[2]!}`,
      'Every deal, conversion and factor behind these figures is in the full report on NordicLoop and its CSV files.',
    ],
    date: generatedAt.toISOString(),
    density: 'compact',
  }
}
