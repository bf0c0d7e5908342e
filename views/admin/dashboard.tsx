import type { StatusCounts } from '../../src/admin/types.js'
import type { DealCounts } from '../../src/admin/deal-dashboard.js'
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

export function AdminDashboard(props: { counts: StatusCounts; pendingListings: number; deals: DealCounts; permitsToVerify?: number }) {
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
      <p>
        <a href="/admin/companies">Find a company</a> · <a href="/admin/listings">Live listings</a> · <a href="/admin/categories">Categories</a> · <a href="/admin/audit">Audit log</a>
      </p>
    </AdminFrame>
  )
}
