// Form inputs of the admin's deal queues. Many forms share one page (one per deal), so each
// input's id carries the deal's id; a field's message is tied to it for screen readers.
import type { Child } from 'hono/jsx'
import type { FieldErrors, FormValues } from '../components/form.js'

export type FormState = { values?: FormValues; errors?: FieldErrors; problem?: string }

export function DealInput(props: {
  formId: string
  name: string
  label: string
  state?: FormState
  value?: string
  type?: 'text' | 'date'
  hint?: string
  max?: string
  maxlength?: number
  inputmode?: 'decimal'
  readonly?: boolean
}) {
  const id = `${props.formId}-${props.name}`
  const error = props.state?.errors?.[props.name]
  const describedBy = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint" id={`${id}-hint`}>{props.hint}</p>}
      <input id={id} name={props.name} type={props.type ?? 'text'} value={props.state?.values?.[props.name] ?? props.value} required
        max={props.max} maxlength={props.maxlength} inputmode={props.inputmode} readonly={props.readonly}
        aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
      {error && <p class="error" id={`${id}-error`}>{error}</p>}
    </div>
  )
}

/** A refusal (the deal's rules, another admin first) above the form it concerns. */
export function Problem(props: { state?: FormState }) {
  return props.state?.problem ? <div class="alert error" role="alert">{props.state.problem}</div> : null
}

/** The form folded away until opened; open when it comes back with messages. */
export function Folded(props: { summary: string; state?: FormState; children: Child }) {
  const open = Boolean(props.state?.problem || (props.state?.errors && Object.keys(props.state.errors).length))
  return (
    <details class="reason-form" open={open}>
      <summary>{props.summary}</summary>
      {props.children}
    </details>
  )
}
