import type { AuditEntry } from '../../src/admin/types.js'
import type { AuditSearch } from '../../src/admin/schemas.js'
import { AdminFrame } from './nav.js'
import { formatTime } from './format.js'

function Subject(props: { entry: AuditEntry }) {
  const { subjectType, subjectId } = props.entry
  if (!subjectType) return <>—</>
  if (subjectType === 'company' && subjectId) return <a href={`/admin/companies/${subjectId}`}>company</a>
  if (subjectType === 'deal' && subjectId) return <a href={`/deals/${subjectId}`}>deal</a>
  return <>{subjectType}{subjectId && <small> {subjectId}</small>}</>
}

/** The detail worth reading at a glance: a reason, an email address; the rest stays in the database. */
function Detail(props: { detail: Record<string, unknown> }) {
  const shown = Object.entries(props.detail).filter(([, v]) => typeof v === 'string' || typeof v === 'number')
  if (shown.length === 0) return null
  return <>{shown.map(([k, v], i) => <>{i > 0 && '; '}{k}: {String(v)}</>)}</>
}

export function AuditTable(props: { entries: AuditEntry[] }) {
  if (props.entries.length === 0) return <p>Nothing recorded yet.</p>
  return (
    <table class="audit">
      <thead>
        <tr><th scope="col">Time</th><th scope="col">By</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Detail</th><th scope="col">IP</th></tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr>
            <td><time datetime={e.at.toISOString()}>{formatTime(e.at)}</time></td>
            <td>{e.actorEmail ?? 'system'}</td>
            <td>{e.action}</td>
            <td><Subject entry={e} /></td>
            <td><Detail detail={e.detail} /></td>
            <td>{e.ip ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function auditHref(search: AuditSearch, before?: number) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(search)) if (value) params.set(key, value)
  if (before) params.set('before', String(before))
  const query = params.toString()
  return query ? `/admin/audit?${query}` : '/admin/audit'
}

export function AuditLogPage(props: { search: AuditSearch; page: { entries: AuditEntry[]; nextCursor: number | null }; firstPage: boolean; pageSize: number }) {
  const { search, page } = props
  const searching = Object.values(search).some(Boolean)
  return (
    <AdminFrame current="audit" title="Audit log">
      <p>Admin actions and security events, newest first, {props.pageSize} a page. Nothing here can be changed or deleted.</p>
      <form method="get" action="/admin/audit" class="search-form audit-search" role="search">
        <div class="field"><label for="audit-actor">By (email or part of it)</label><input id="audit-actor" type="search" name="actor" value={search.actor} maxlength={200} /></div>
        <div class="field"><label for="audit-action">Action</label><input id="audit-action" name="action" value={search.action} maxlength={100} aria-describedby="audit-action-hint" />
          <p class="hint" id="audit-action-hint">Exact, such as company.approved, or a prefix ending in a dot: company.</p></div>
        <div class="field"><label for="audit-target">Target (id or kind)</label><input id="audit-target" name="target" value={search.target} maxlength={100} /></div>
        <div class="field"><label for="audit-from">From (UTC)</label><input id="audit-from" type="date" name="from" value={search.from} /></div>
        <div class="field"><label for="audit-to">To (UTC)</label><input id="audit-to" type="date" name="to" value={search.to} /></div>
        <button type="submit">Search</button>
        {searching && <a href="/admin/audit">Clear</a>}
      </form>
      {page.entries.length === 0 ? <p>{searching ? 'Nothing recorded matches this search.' : 'Nothing recorded yet.'}</p> : <AuditTable entries={page.entries} />}
      <p class="pager">
        {!props.firstPage && <a href={auditHref(search)}>Newest</a>}
        {!props.firstPage && page.nextCursor && ' · '}
        {page.nextCursor && <a href={auditHref(search, page.nextCursor)} rel="next">Older entries</a>}
      </p>
    </AdminFrame>
  )
}
