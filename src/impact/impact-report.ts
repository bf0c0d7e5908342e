// A company's report for a period, read and worked out once for the page, its CSV files and the
// printable summary: the company, its completed deals, the arithmetic and every table.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { FACTOR_SET } from './co2e-factors.js'
import { buildImpactReport, type ImpactReport } from './impact-rules.js'
import { monthIn, periodBounds, type Period } from './period.js'
import {
  categoryChart, categoryTable, chapterTable, conversionTable, dealTable, factorTable, headline, monthChart, monthTable,
  type ReportTable, type TableKey,
} from './present.js'
import { completedDealsOf } from './queries.js'

export type CompanyReport = {
  company: { legalName: string; orgNumber: string; vatNumber: string | null; addressLines: string[] }
  period: Period
  report: ImpactReport
  tables: Record<TableKey, ReportTable>
}

/** The category names as the site shows them, for the method tables. */
export async function categoryNames(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('categories').select(['slug', 'name']).execute()
  return new Map(rows.map((r) => [r.slug, r.name]))
}

/** The tables of "How we calculate", which do not depend on the company. */
export function methodTables(names: Map<string, string>) {
  return { conversions: conversionTable(names), factors: factorTable(names), factorSet: FACTOR_SET }
}

export async function companyReport(db: Kysely<DB>, args: { companyId: string; period: Period; timeZone: string }): Promise<CompanyReport> {
  const [company, deals, names] = await Promise.all([
    db.selectFrom('companies').select(['legal_name', 'org_number', 'vat_number', 'address_line', 'postcode', 'city', 'country'])
      .where('id', '=', args.companyId).executeTakeFirstOrThrow(),
    completedDealsOf(db, args.companyId, periodBounds(args.period, args.timeZone)),
    categoryNames(db),
  ])
  const report = buildImpactReport(deals, args.period.months, monthIn(args.timeZone))
  const method = methodTables(names)
  return {
    company: {
      legalName: company.legal_name, orgNumber: company.org_number, vatNumber: company.vat_number,
      addressLines: [company.address_line, `${company.postcode} ${company.city}`, company.country],
    },
    period: args.period,
    report,
    tables: {
      categories: categoryTable(report), 'ewc-chapters': chapterTable(report), months: monthTable(report), deals: dealTable(report, args.timeZone),
      conversions: method.conversions, 'co2e-factors': method.factors,
    },
  }
}

/** Only the report's headline figures (the overview's month), without the company's details and the tables. */
export async function companyHeadline(db: Kysely<DB>, args: { companyId: string; period: Period; timeZone: string }) {
  const deals = await completedDealsOf(db, args.companyId, periodBounds(args.period, args.timeZone))
  return headline(buildImpactReport(deals, args.period.months, monthIn(args.timeZone)))
}

/** What the page shows of a report. */
export function reportView(r: CompanyReport) {
  return {
    headline: headline(r.report),
    categoryChart: categoryChart(r.report),
    monthChart: monthChart(r.report),
    tables: { categories: r.tables.categories, chapters: r.tables['ewc-chapters'], months: r.tables.months, deals: r.tables.deals },
  }
}
