// The impact report of the viewer's own company, at /my/impact (mounted in the dashboard): the page, a CSV for each table, and
// the one-page summary (print page and PDF). There is no company in the URL: a member only ever
// sees the report of the company they belong to, so there is nothing to guess or swap.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentCompany } from '../web/guards.js'
import { renderFragmentOrPage } from '../web/render.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { renderPdf } from '../documents/pdf.js'
import { PrintPage } from '../../views/documents/print-page.js'
import { ImpactBody, ImpactPage, type PeriodFormValues } from '../../views/impact/impact-page.js'
import { categoryNames, companyReport, methodTables, reportView } from './impact-report.js'
import { ImpactQuery, pickerChoices, resolvePeriod, todayIn, type ImpactQueryInput, type PeriodResult } from './period.js'
import { IMPACT_PATH, TABLE_KEYS, type TableKey } from './present.js'
import { tableCsv } from './csv.js'
import { FACTOR_SET } from './co2e-factors.js'
import { impactSummaryDocument } from './summary-document.js'

type Asked = { query: ImpactQueryInput | null; result: PeriodResult; today: string; timeZone: string; companyId: string }

/** The period the query asks for, in the company's time zone; a query zod refuses is a result with its message. */
function askedPeriod(c: Context<AppEnv>): Asked {
  const company = currentCompany(c)
  const timeZone = viewerTimeZone(c, company.country)
  const today = todayIn(c.var.clock(), timeZone)
  // A private report: never kept by a shared cache.
  c.header('Cache-Control', 'private, no-store')
  const parsed = ImpactQuery.safeParse(c.req.query())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { query: null, today, timeZone, companyId: company.id, result: { ok: false, field: String(issue?.path[0] ?? 'period') as keyof ImpactQueryInput, message: issue?.message ?? 'That period is not valid.' } }
  }
  return { query: parsed.data, today, timeZone, companyId: company.id, result: resolvePeriod(parsed.data, today) }
}

/** The period, or a 400 with the reason: for the CSV files and the summary, which are links, not a form. */
function periodOrRefuse(asked: Asked) {
  if (!asked.result.ok) throw new HTTPException(400, { message: asked.result.message })
  return asked.result.period
}

function formValues(asked: Asked): PeriodFormValues {
  const q = asked.query ?? {}
  const { today } = asked
  return {
    period: q.period ?? 'year',
    month: q.month ?? today.slice(0, 7),
    quarter: q.quarter ?? `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`,
    year: q.year ?? today.slice(0, 4),
    from: q.from ?? `${today.slice(0, 4)}-01-01`,
    to: q.to ?? today,
  }
}

const TABLE_PATTERN = TABLE_KEYS.join('|')

// Mounted under /my, whose guard (members of a company only) covers it.
export const impactRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const asked = askedPeriod(c)
    const company = currentCompany(c)
    const period = asked.result.ok ? asked.result.period : null
    const full = period ? await companyReport(c.var.db, { companyId: asked.companyId, period, timeZone: asked.timeZone }) : null
    const body = {
      companyName: company.legalName,
      period,
      error: asked.result.ok ? null : { field: asked.result.field, message: asked.result.message },
      report: full ? reportView(full) : null,
      method: full ? { conversions: full.tables.conversions, factors: full.tables['co2e-factors'], factorSet: FACTOR_SET } : methodTables(await categoryNames(c.var.db)),
    }
    const status = asked.result.ok ? 200 : 400
    const title = period ? `Impact report, ${period.label}` : 'Impact report'
    return renderFragmentOrPage(c, title, <ImpactBody {...body} />, status,
      <ImpactPage {...body} values={formValues(asked)} choices={pickerChoices(asked.today)} />)
  })
  .get('/summary', async (c) => {
    const asked = askedPeriod(c)
    const report = await companyReport(c.var.db, { companyId: asked.companyId, period: periodOrRefuse(asked), timeZone: asked.timeZone })
    const back = `${IMPACT_PATH}?${report.period.query}`
    const actions = <p><a href={back}>← Back to the full report</a> · <a href={`${IMPACT_PATH}/summary.pdf?${report.period.query}`}>Download PDF</a></p>
    return c.html(<PrintPage doc={impactSummaryDocument(report, c.var.clock(), asked.timeZone)} actions={actions} />)
  })
  .get('/summary.pdf', async (c) => {
    const asked = askedPeriod(c)
    const report = await companyReport(c.var.db, { companyId: asked.companyId, period: periodOrRefuse(asked), timeZone: asked.timeZone })
    const pdf = await renderPdf(impactSummaryDocument(report, c.var.clock(), asked.timeZone))
    return c.body(Buffer.from(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="impact-summary-${report.period.firstDay}-${report.period.lastDay}.pdf"`,
    })
  })
  .get(`/:file{(${TABLE_PATTERN})\\.csv}`, async (c) => {
    const key = c.req.param('file').replace(/\.csv$/, '') as TableKey
    const asked = askedPeriod(c)
    const report = await companyReport(c.var.db, { companyId: asked.companyId, period: periodOrRefuse(asked), timeZone: asked.timeZone })
    const name = ['conversions', 'co2e-factors'].includes(key) ? `impact-${key}` : `impact-${key}-${report.period.firstDay}-${report.period.lastDay}`
    return c.body(tableCsv(report.tables[key]), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.csv"`,
    })
  })
