// The admin's queue of waste permits waiting for verification: each with its company, details
// and document, a button to verify and a form to reject with a reason (emailed to the company).
import { CsrfField, ErrorSummary, Notice, type FieldErrors, type FormValues } from '../components/form.js'
import { AdminFrame } from '../admin/nav.js'

export type QueuedPermit = {
  id: string; number: string; authority: string; expiresOn: string; documentUrl: string; documentKind: string; submittedAt: string
  company: { id: string; name: string; country: string; orgNumber: string }
}

function RejectForm(props: { permitId: string; csrfToken: string; values?: FormValues; errors?: FieldErrors }) {
  const id = `reason-${props.permitId}`
  const error = props.errors?.reason
  return (
    <form method="post" action={`/admin/permits/${props.permitId}/reject`} class="stack">
      <CsrfField token={props.csrfToken} />
      <div class={error ? 'field has-error' : 'field'}>
        <label for={id}>Reason, sent to the company</label>
        <textarea id={id} name="reason" rows={2} maxlength={1000} required aria-invalid={error ? 'true' : undefined}>{props.values?.reason ?? ''}</textarea>
        {error && <p class="error">{error}</p>}
      </div>
      <button type="submit" class="danger">Reject</button>
    </form>
  )
}

export function AdminPermitsPage(props: {
  csrfToken: string; permits: QueuedPermit[]; notice?: string; problem?: string
  failed?: { permitId: string; values: FormValues; errors: FieldErrors }
}) {
  return (
    <AdminFrame current="permits" title="Waste permits to verify" notice={props.notice}>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <p>Check the document against the details: the permit number, the issuing authority, the company named on it and the expiry date. A verified permit lets the company bid on and buy hazardous lots until its expiry date.</p>
      {props.permits.length === 0 && <p>No permit is waiting.</p>}
      {props.permits.map((p) => {
        const failed = props.failed?.permitId === p.id ? props.failed : undefined
        return (
          <article class="card stack" id={`permit-${p.id}`}>
            <h2>{p.company.name} <small>({p.company.country}, {p.company.orgNumber})</small></h2>
            {failed && <ErrorSummary errors={failed.errors} />}
            <dl class="facts">
              <dt>Permit number</dt><dd>{p.number}</dd>
              <dt>Issuing authority</dt><dd>{p.authority}</dd>
              <dt>Expires on</dt><dd>{p.expiresOn}</dd>
              <dt>Submitted</dt><dd><time datetime={p.submittedAt}>{p.submittedAt.slice(0, 16).replace('T', ' ')} UTC</time></dd>
              <dt>Document</dt><dd><a href={p.documentUrl}>Open the scanned permit ({p.documentKind})</a></dd>
            </dl>
            <form method="post" action={`/admin/permits/${p.id}/verify`}>
              <CsrfField token={props.csrfToken} />
              <button type="submit">Verify</button>
            </form>
            <RejectForm permitId={p.id} csrfToken={props.csrfToken} values={failed?.values} errors={failed?.errors} />
          </article>
        )
      })}
    </AdminFrame>
  )
}
