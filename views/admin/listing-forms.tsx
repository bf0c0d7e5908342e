// The approve / reject / withdraw forms of the listing pages. Each posts to its own URL and works
// as a plain form; htmx, when present, swaps the response into `target` instead.
import { CsrfField, type FieldErrors, type FormValues } from '../components/form.js'

type Common = { url: string; csrfToken: string; target: string }

function htmxAttrs(url: string, target: string) {
  return { 'hx-post': url, 'hx-target': `#${target}`, 'hx-swap': 'outerHTML' }
}

export function DecisionButton(props: Common & { label: string }) {
  return (
    <form method="post" action={props.url} class="inline" {...htmxAttrs(props.url, props.target)}>
      <CsrfField token={props.csrfToken} />
      <button type="submit">{props.label}</button>
    </form>
  )
}

/** A decision with a reason the seller reads by email (reject, withdraw). */
export function ReasonDecision(props: Common & { id: string; label: string; hint: string; values?: FormValues; errors?: FieldErrors }) {
  const error = props.errors?.reason
  const open = Boolean(props.errors && Object.keys(props.errors).length)
  // <details> keeps the form folded away without any script, and open when it has errors.
  return (
    <details class="reason-form" open={open}>
      <summary>{props.label}…</summary>
      <form method="post" action={props.url} class="stack" novalidate {...htmxAttrs(props.url, props.target)}>
        <CsrfField token={props.csrfToken} />
        <p class="hint">{props.hint}</p>
        <div class={error ? 'field has-error' : 'field'}>
          <label for={props.id}>Reason, sent to the seller</label>
          <textarea id={props.id} name="reason" rows={3} maxlength={1000} required aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${props.id}-error` : undefined}>{props.values?.reason ?? ''}</textarea>
          {error && <p class="error" id={`${props.id}-error`}>{error}</p>}
        </div>
        <button type="submit" class="danger">{props.label}</button>
      </form>
    </details>
  )
}
