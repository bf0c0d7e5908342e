import type { AuditEntry } from '../../src/admin/types.js'
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

export function AuditLogPage(props: { entries: AuditEntry[]; limit: number }) {
  return (
    <AdminFrame current="audit" title="Audit log">
      <p>The latest {props.limit} admin actions and security events, newest first.</p>
      <AuditTable entries={props.entries} />
    </AdminFrame>
  )
}
