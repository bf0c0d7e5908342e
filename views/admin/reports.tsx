import type { ReportGroup } from '../../src/reports/reports.js'
import { REPORT_REASONS } from '../../src/reports/report-rules.js'
import type { FieldErrors, FormValues } from '../components/form.js'
import { CsrfField } from '../components/form.js'
import { STATUS_LABELS } from '../../src/listings/present.js'
import { AdminFrame } from './nav.js'
import { formatTime } from './format.js'

export const reportGroupId = (listingId: string) => `reports-${listingId}`

/** A decision sent back with its errors, for the one listing it concerns. */
export type ReportFormState = { listingId: string; action: 'dismiss' | 'withdraw'; values?: FormValues; errors?: FieldErrors }

/** A decision with the text it needs (a note to the reporters, or a reason to the seller), folded in a disclosure. */
function DecisionForm(props: {
  listingId: string; action: 'dismiss' | 'withdraw'; field: 'note' | 'reason'; label: string; fieldLabel: string; hint: string
  csrfToken: string; form?: ReportFormState
}) {
  const form = props.form?.listingId === props.listingId && props.form.action === props.action ? props.form : undefined
  const error = form?.errors?.[props.field]
  const id = `${props.action}-${props.field}-${props.listingId}`
  return (
    <details class="reason-form" open={Boolean(error)}>
      <summary>{props.label}…</summary>
      <form method="post" action={`/admin/reports/listings/${props.listingId}/${props.action}`} class="stack" novalidate>
        <CsrfField token={props.csrfToken} />
        <p class="hint" id={`${id}-hint`}>{props.hint}</p>
        <div class={error ? 'field has-error' : 'field'}>
          <label for={id}>{props.fieldLabel}</label>
          <textarea id={id} name={props.field} rows={3} maxlength={1000} required aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}>{form?.values?.[props.field] ?? ''}</textarea>
          {error && <p class="error" id={`${id}-error`}>{error}</p>}
        </div>
        <button type="submit" class={props.action === 'withdraw' ? 'danger' : undefined}>{props.label}</button>
      </form>
    </details>
  )
}

/** One reported listing: its open reports, and the two decisions that close them all. */
export function ReportGroupItem(props: { group: ReportGroup; csrfToken: string; form?: ReportFormState }) {
  const { group } = props
  const { listing } = group
  const live = listing.status === 'live'
  return (
    <article id={reportGroupId(listing.id)} class="card report-group">
      <h2><a href={`/listings/${listing.id}`}>{listing.title}</a></h2>
      <p>
        <strong>{group.count} open report{group.count === 1 ? '' : 's'}</strong> · listing {STATUS_LABELS[listing.status]}
        {' '}· seller <a href={`/admin/companies/${group.seller.id}`}>{group.seller.name}</a>
        {' '}· first reported <time datetime={group.firstAt.toISOString()}>{formatTime(group.firstAt)}</time>
      </p>
      <ul class="reports">
        {group.reports.map((r) => (
          <li>
            <strong>{REPORT_REASONS[r.kind]}</strong>
            {' '}— <a href={`/admin/companies/${r.company.id}`}>{r.company.name}</a>{r.reporterName && <>, {r.reporterName}</>}
            {', '}<time datetime={r.createdAt.toISOString()}>{formatTime(r.createdAt)}</time>
            {r.details && <blockquote>{r.details}</blockquote>}
          </li>
        ))}
      </ul>
      <div class="report-decisions">
        <DecisionForm listingId={listing.id} action="dismiss" field="note" label="Dismiss" fieldLabel="Note, sent to each reporter"
          hint="The listing stays on the market. Every open report of it is closed, and each reporter is emailed this note."
          csrfToken={props.csrfToken} form={props.form} />
        {live
          ? <DecisionForm listingId={listing.id} action="withdraw" field="reason" label="Withdraw the listing" fieldLabel="Reason, sent to the seller"
            hint="The listing leaves the marketplace at once, whatever bids it has. The seller's company is emailed this reason; each reporter is told the listing was withdrawn."
            csrfToken={props.csrfToken} form={props.form} />
          : <p class="hint">The listing is no longer live, so it cannot be withdrawn; dismiss the reports with a note.</p>}
      </div>
    </article>
  )
}

export function ReportsPage(props: { groups: ReportGroup[]; total: number; limit: number; csrfToken: string; notice?: string; problem?: string; form?: ReportFormState }) {
  const shown = props.groups.length
  return (
    <AdminFrame current="reports" title="Reported listings" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      {shown === 0
        ? <p>No listing has an open report.</p>
        : <p>{props.total} listing{props.total === 1 ? ' has' : 's have'} open reports, the longest waiting first{props.total > shown ? `; the first ${shown} are shown` : ''}.
          A decision closes every open report of its listing.</p>}
      {props.groups.map((group) => <ReportGroupItem group={group} csrfToken={props.csrfToken} form={props.form} />)}
    </AdminFrame>
  )
}
