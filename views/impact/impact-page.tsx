// The impact report: a period picker (a GET form, so a report is a link), the headline figures,
// charts, the tables with a CSV of each, a printable one-page summary, and how it is worked out.
// With htmx the form swaps the report below it in place; without, it loads the page again.
import type { Period, PeriodKind } from '../../src/impact/period.js'
import { IMPACT_PATH, type ChartRow, type Headline, type ReportTable } from '../../src/impact/present.js'
import { BarChart } from './bar-chart.js'
import { HowWeCalculate } from './how-we-calculate.js'
import { TableSection } from './report-table.js'

export const IMPACT_BODY_ID = 'impact-body'

export type PeriodFormValues = { period: PeriodKind; month: string; quarter: string; year: string; from: string; to: string }

export type ImpactReportView = {
  headline: Headline
  categoryChart: ChartRow[]
  monthChart: ChartRow[]
  tables: { categories: ReportTable; chapters: ReportTable; months: ReportTable; deals: ReportTable }
}

export type ImpactBodyProps = {
  companyName: string
  period: Period | null
  error: { field: string; message: string } | null
  report: ImpactReportView | null
  method: { conversions: ReportTable; factors: ReportTable; factorSet: string }
}

export function ImpactPage(props: ImpactBodyProps & { values: PeriodFormValues; choices: { quarters: string[]; years: string[] } }) {
  return (
    <section class="impact-report">
      <h1>Impact report</h1>
      <p class="lead">{props.companyName}: what your company sold and bought on NordicLoop in completed deals, in tonnes, money and estimated CO2e avoided.</p>
      <PeriodForm values={props.values} choices={props.choices} error={props.error} />
      <ImpactBody {...props} />
    </section>
  )
}

function PeriodForm(props: { values: PeriodFormValues; choices: { quarters: string[]; years: string[] }; error: ImpactBodyProps['error'] }) {
  const v = props.values
  const invalid = (field: string) => (props.error?.field === field ? 'true' : undefined)
  const option = (kind: PeriodKind, label: string) => (
    <label class="period-kind"><input type="radio" name="period" value={kind} checked={v.period === kind} /> {label}</label>
  )
  return (
    <form method="get" action={IMPACT_PATH} class="period-form" hx-get={IMPACT_PATH} hx-target={`#${IMPACT_BODY_ID}`} hx-swap="outerHTML" hx-push-url="true">
      <fieldset>
        <legend>Period</legend>
        <div class="period-choices">
          <div class="period-choice">
            {option('month', 'Month')}
            <label for="p-month" class="visually-hidden">Month (year and month)</label>
            <input id="p-month" type="month" name="month" value={v.month} min="2000-01" max="2100-12" aria-invalid={invalid('month')} />
          </div>
          <div class="period-choice">
            {option('quarter', 'Quarter')}
            <label for="p-quarter" class="visually-hidden">Quarter</label>
            <select id="p-quarter" name="quarter" aria-invalid={invalid('quarter')}>
              {(props.choices.quarters.includes(v.quarter) ? props.choices.quarters : [v.quarter, ...props.choices.quarters]).map((q) => (
                <option value={q} selected={q === v.quarter}>{q.replace('-', ' ')}</option>
              ))}
            </select>
          </div>
          <div class="period-choice">
            {option('year', 'Year')}
            <label for="p-year" class="visually-hidden">Year</label>
            <select id="p-year" name="year" aria-invalid={invalid('year')}>
              {(props.choices.years.includes(v.year) ? props.choices.years : [v.year, ...props.choices.years]).map((y) => <option value={y} selected={y === v.year}>{y}</option>)}
            </select>
          </div>
          <div class="period-choice custom">
            {option('custom', 'Dates')}
            <div class="period-range">
              <label for="p-from" class="visually-hidden">First day</label>
              <input id="p-from" type="date" name="from" value={v.from} aria-invalid={invalid('from')} />
              <span aria-hidden="true">to</span>
              <label for="p-to" class="visually-hidden">Last day</label>
              <input id="p-to" type="date" name="to" value={v.to} aria-invalid={invalid('to')} />
            </div>
          </div>
        </div>
        <button type="submit">Show report</button>
      </fieldset>
    </form>
  )
}

/** Everything under the period form: the part htmx swaps. */
export function ImpactBody(props: ImpactBodyProps) {
  const { period, report } = props
  return (
    <div id={IMPACT_BODY_ID} class="impact-body">
      {props.error && <p class="error" role="alert">{props.error.message}</p>}
      {period && report && (
        <>
          <h2 class="period-title">{period.label}</h2>
          <Figures headline={report.headline} />
          <p class="report-actions">
            <a href={`${IMPACT_PATH}/summary?${period.query}`}>Printable one-page summary</a> · <a href={`${IMPACT_PATH}/summary.pdf?${period.query}`}>Summary as PDF</a> · <a href="#method">How we calculate</a>
          </p>
          {report.tables.deals.rows.length === 0 ? (
            <p>No deal of your company was completed in this period. Only completed deals count: a deal is completed when the buyer confirms receipt.</p>
          ) : (
            <>
              <h2>Tonnes by category</h2>
              <BarChart id="chart-categories" title={`Tonnes sold and bought by category, ${period.label}`} rows={report.categoryChart} />
              <TableSection table={report.tables.categories} query={period.query} />
              <TableSection table={report.tables.chapters} query={period.query} />
              {report.monthChart.length > 1 && <BarChart id="chart-months" title={`Tonnes sold and bought by month, ${period.label}`} rows={report.monthChart} />}
              <TableSection table={report.tables.months} query={period.query} />
              <TableSection table={report.tables.deals} query={period.query} />
            </>
          )}
        </>
      )}
      <HowWeCalculate {...props.method} />
    </div>
  )
}

function Figures(props: { headline: Headline }) {
  const h = props.headline
  return (
    <ul class="impact-figures">
      <li><span class="label">Sold</span><strong>{h.soldTonnes}</strong><span>{h.soldDeals} {h.soldDeals === 1 ? 'deal' : 'deals'}, revenue {h.revenue} excl. VAT</span></li>
      <li><span class="label">Bought</span><strong>{h.boughtTonnes}</strong><span>{h.boughtDeals} {h.boughtDeals === 1 ? 'deal' : 'deals'}, spend {h.spend} excl. VAT</span></li>
      <li>
        <span class="label">Estimated CO2e avoided</span><strong>{h.avoided}</strong>
        <span>{h.avoidedSold} by what you sold, {h.avoidedBought} by what you bought{h.withoutFactor && <>; {h.withoutFactor} not estimated (no factor)</>}</span>
      </li>
    </ul>
  )
}
