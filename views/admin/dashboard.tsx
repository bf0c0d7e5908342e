import type { StatusCounts } from '../../src/admin/types.js'
import { AdminFrame } from './nav.js'

export function AdminDashboard(props: { counts: StatusCounts; pendingListings: number }) {
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
      </ul>
      <p>
        <a href="/admin/companies">Find a company</a> · <a href="/admin/listings">Live listings</a> · <a href="/admin/categories">Categories</a> · <a href="/admin/audit">Audit log</a>
      </p>
    </AdminFrame>
  )
}
