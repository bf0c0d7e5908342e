import type { StatusCounts } from '../../src/admin/types.js'
import type { DealCounts } from '../../src/admin/deal-dashboard.js'
import type { PlatformStats } from '../../src/admin/platform-stats.js'
import { BarsChart, ColumnChart } from '../charts/charts.js'
import { AdminFrame } from './nav.js'

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

/** What waits on NordicLoop in the deals, and the companies that did not pay more than once. */
function DealStats(props: { deals: DealCounts }) {
  const { paymentsToRecord, payoutsDue, openDisputes, flagged } = props.deals
  return (
    <>
      <h2>Deals</h2>
      <ul class="stats">
        <li><a href="/admin/payments"><strong>{paymentsToRecord}</strong> {plural(paymentsToRecord, 'deal', 'deals')} awaiting payment</a></li>
        <li><a href="/admin/payouts"><strong>{payoutsDue.count}{payoutsDue.more ? '+' : ''}</strong> {plural(payoutsDue.count, 'payout or refund', 'payouts or refunds')} due</a></li>
        <li><a href="/admin/disputes"><strong>{openDisputes}</strong> open {plural(openDisputes, 'dispute', 'disputes')}</a></li>
        <li><a href="#flagged"><strong>{flagged.length}</strong> flagged {plural(flagged.length, 'company', 'companies')}</a></li>
      </ul>
      <h3 id="flagged">Flagged companies</h3>
      {flagged.length === 0
        ? <p>No company has had two or more deals cancelled for non-payment in the last 12 months.</p>
        : (
          <>
            <p>Two or more deals cancelled for non-payment in the last 12 months. Open a company to review it or suspend it.</p>
            <ul>
              {flagged.map((f) => <li><a href={`/admin/companies/${f.companyId}`}>{f.legalName}</a>: {f.strikes} non-payments</li>)}
            </ul>
          </>
        )}
      <p><a href="/admin/deals">All deals</a></p>
    </>
  )
}

const whole = new Intl.NumberFormat('en-GB')
const euros = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
const tonnes = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** "2026-11-23" → "23 Nov". */
const dayMonth = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`

/** The platform at a glance: what is live, and how bids, deals, volume and sign-ups went lately. */
function PlatformCharts(props: { stats: PlatformStats }) {
  const { stats } = props
  return (
    <section class="platform" aria-labelledby="platform-heading">
      <h2 id="platform-heading">The platform</h2>
      <ul class="stats">
        <li><a href="/admin/listings"><strong>{stats.liveAuctions}</strong> live {stats.liveAuctions === 1 ? 'auction' : 'auctions'}</a></li>
        <li><a href="/admin/listings"><strong>{stats.liveFixedPrice}</strong> fixed-price {stats.liveFixedPrice === 1 ? 'lot' : 'lots'} for sale</a></li>
      </ul>
      <div class="chart-grid">
        <ColumnChart id="bids-per-day" title={`Bids a day, last ${stats.bidsPerDay.length} days (UTC)`} points={stats.bidsPerDay}
          format={(v) => whole.format(v)} labelHeading="Day" shortLabel={dayMonth} />
        <ColumnChart id="deals-per-week" title={`Deals opened a week, last ${stats.dealsPerWeek.length} weeks`} points={stats.dealsPerWeek}
          format={(v) => whole.format(v)} labelHeading="Week from" shortLabel={dayMonth} />
        <ColumnChart id="volume-per-week" title="Volume a week: the price of deals in euros, not cancelled" points={stats.volumePerWeek}
          format={(v) => euros.format(v)} labelHeading="Week from" shortLabel={dayMonth} />
        <ColumnChart id="companies-per-week" title={`New companies a week, last ${stats.newCompaniesPerWeek.length} weeks`} points={stats.newCompaniesPerWeek}
          format={(v) => whole.format(v)} labelHeading="Week from" shortLabel={dayMonth} />
      </div>
      <h3>Tonnes by category</h3>
      <BarsChart id="tonnes-by-category" title="Tonnes traded in deals completed in the last 12 months, by category" points={stats.tonnesByCategory}
        format={(v) => `${tonnes.format(v)} t`} labelHeading="Category" empty="No deal was completed in the last 12 months." />
    </section>
  )
}

export function AdminDashboard(props: { counts: StatusCounts; pendingListings: number; deals: DealCounts; permitsToVerify?: number; platform: PlatformStats }) {
  const { counts } = props
  return (
    <AdminFrame current="dashboard" title="Administration">
      <ul class="stats">
        <li>
          <a href="/admin/companies/pending"><strong>{counts.pending}</strong> {counts.pending === 1 ? 'company' : 'companies'} awaiting approval</a>
        </li>
        <li><a href="/admin/companies?status=approved"><strong>{counts.approved}</strong> approved</a></li>
        <li><a href="/admin/companies?status=suspended"><strong>{counts.suspended}</strong> suspended</a></li>
        <li><a href="/admin/companies?status=rejected"><strong>{counts.rejected}</strong> rejected</a></li>
        <li>
          <a href="/admin/listings/pending"><strong>{props.pendingListings}</strong> {props.pendingListings === 1 ? 'listing' : 'listings'} awaiting review</a>
        </li>
        <li>
          <a href="/admin/permits"><strong>{props.permitsToVerify ?? 0}</strong> waste {props.permitsToVerify === 1 ? 'permit' : 'permits'} to verify</a>
        </li>
      </ul>
      <DealStats deals={props.deals} />
      <PlatformCharts stats={props.platform} />
      <p>
        <a href="/admin/companies">Find a company</a> · <a href="/admin/listings">Live listings</a> · <a href="/admin/categories">Categories</a> · <a href="/admin/audit">Audit log</a>
      </p>
    </AdminFrame>
  )
}
