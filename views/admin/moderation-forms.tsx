// The approve / reject / suspend / reactivate forms. Each posts to its own URL and works as a
// plain form; htmx, when present, swaps the response into `target` instead.
import { CsrfField, type FieldErrors, type FormValues } from '../components/form.js'

/** Where the admin returns after a plain (non-htmx) submission; the route maps it to a fixed path. */
export type Back = 'queue' | 'detail'

type Common = { companyId: string; csrfToken: string; back: Back; target?: string }

const actionUrl = (companyId: string, action: string) => `/admin/companies/${companyId}/${action}`

function htmxAttrs(url: string, target?: string) {
  return target ? { 'hx-post': url, 'hx-target': `#${target}`, 'hx-swap': 'outerHTML' } : {}
}

export function ButtonForm(props: Common & { action: 'approve' | 'reactivate'; label: string }) {
  const url = actionUrl(props.companyId, props.action)
  return (
    <form method="post" action={url} class="inline" {...htmxAttrs(url, props.target)}>
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit">{props.label}</button>
    </form>
  )
}

/** A decision that needs a reason the company will read (reject, suspend). */
export function ReasonForm(props: Common & {
  action: 'reject' | 'suspend'
  label: string
  hint: string
  values?: FormValues
  errors?: FieldErrors
}) {
  const url = actionUrl(props.companyId, props.action)
  const error = props.errors?.reason
  const open = Boolean(props.errors && Object.keys(props.errors).length)
  // Several of these forms share the queue page, so ids carry the company id.
  const id = `${props.action}-reason-${props.companyId}`
  // <details> keeps the form folded away without any script, and open when it has errors.
  return (
    <details class="reason-form" open={open}>
      <summary>{props.label}…</summary>
      <form method="post" action={url} class="stack" novalidate {...htmxAttrs(url, props.target)}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="back" value={props.back} />
        <p class="hint">{props.hint}</p>
        <div class={error ? 'field has-error' : 'field'}>
          <label for={id}>Reason, sent to the company</label>
          <textarea id={id} name="reason" rows={3} maxlength={1000} required aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : undefined}>{props.values?.reason ?? ''}</textarea>
          {error && <p class="error" id={`${id}-error`}>{error}</p>}
        </div>
        <button type="submit" class="danger">{props.label}</button>
      </form>
    </details>
  )
}
