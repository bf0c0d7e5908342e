import type { StatusCounts } from './types.js'
import { AdminFrame } from './nav.js'

export function AdminDashboard(props: { counts: StatusCounts }) {
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
      </ul>
      <p>
        <a href="/admin/companies">Find a company</a> · <a href="/admin/audit">Audit log</a>
      </p>
    </AdminFrame>
  )
}
