import type { CompanyPage, CompanySearch } from '../../src/admin/types.js'
import { AdminFrame, StatusBadge } from './nav.js'
import { formatTime, statusLabels } from './format.js'

function searchHref(search: CompanySearch, before?: string) {
  const params = new URLSearchParams()
  if (search.q) params.set('q', search.q)
  if (search.status) params.set('status', search.status)
  if (before) params.set('before', before)
  const query = params.toString()
  return query ? `/admin/companies?${query}` : '/admin/companies'
}

export function CompanyListPage(props: { search: CompanySearch; page: CompanyPage; firstPage: boolean }) {
  const { search, page } = props
  return (
    <AdminFrame current="companies" title="Companies">
      <form method="get" action="/admin/companies" class="search-form" role="search">
        <label for="company-q">Name, organisation number or member email</label>
        <input id="company-q" type="search" name="q" value={search.q} maxlength={200} />
        <label for="company-status">Status</label>
        <select id="company-status" name="status">
          <option value="">Any status</option>
          {(Object.keys(statusLabels) as (keyof typeof statusLabels)[]).map((s) => (
            <option value={s} selected={search.status === s}>{statusLabels[s]}</option>
          ))}
        </select>
        <button type="submit">Search</button>
      </form>
      {page.companies.length === 0 ? (
        <p>No company matches{search.q ? <> “{search.q}”</> : ''}{search.status ? ` with status ${statusLabels[search.status].toLowerCase()}` : ''}.</p>
      ) : (
        <table class="companies">
          <thead>
            <tr>
              <th scope="col">Company</th><th scope="col">Org / VAT number</th><th scope="col">Country</th>
              <th scope="col">Status</th><th scope="col">Owner</th><th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody>
            {page.companies.map((c) => (
              <tr>
                <td><a href={`/admin/companies/${c.id}`}>{c.legalName}</a></td>
                <td>{c.orgNumber}</td>
                <td>{c.country}</td>
                <td><StatusBadge status={c.status} label={statusLabels[c.status]} /></td>
                <td>{c.owners.map((o) => o.email).join(', ')}</td>
                <td>{formatTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="pager">
        {!props.firstPage && <a href={searchHref(search)}>First page</a>}
        {!props.firstPage && page.nextCursor && ' · '}
        {page.nextCursor && <a href={searchHref(search, page.nextCursor)} rel="next">Older companies</a>}
      </p>
    </AdminFrame>
  )
}
