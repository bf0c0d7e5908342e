import type { Child } from 'hono/jsx'
import type { FieldErrors, FormValues } from '../../src/web/forms.js'

export type { FieldErrors, FormValues }

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

export function Field(props: {
  name: string
  label: string
  values?: FormValues
  errors?: FieldErrors
  type?: string
  autocomplete?: string
  required?: boolean
  hint?: string
  maxlength?: number
}) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  const describedBy = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}{props.required ? '' : <span class="optional"> (optional)</span>}</label>
      {props.hint && <p class="hint" id={`${id}-hint`}>{props.hint}</p>}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.values?.[props.name]}
        autocomplete={props.autocomplete}
        required={props.required}
        maxlength={props.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {error && <p class="error" id={`${id}-error`}>{error}</p>}
    </div>
  )
}

export function TextArea(props: { name: string; label: string; values?: FormValues; errors?: FieldErrors; required?: boolean; rows?: number }) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}{props.required ? '' : <span class="optional"> (optional)</span>}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} required={props.required} aria-invalid={error ? 'true' : undefined}>
        {props.values?.[props.name] ?? ''}
      </textarea>
      {error && <p class="error">{error}</p>}
    </div>
  )
}

export function Select(props: {
  name: string
  label: string
  options: { value: string; label: string }[]
  values?: FormValues
  errors?: FieldErrors
  required?: boolean
}) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  const current = props.values?.[props.name]
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? 'true' : undefined}>
        <option value="">Choose…</option>
        {props.options.map((o) => <option value={o.value} selected={o.value === current}>{o.label}</option>)}
      </select>
      {error && <p class="error">{error}</p>}
    </div>
  )
}

/** A summary at the top of a form with errors, so screen-reader users hear that it failed. */
export function ErrorSummary(props: { errors?: FieldErrors; message?: string }) {
  const count = Object.keys(props.errors ?? {}).length
  if (!count && !props.message) return null
  return (
    <div class="alert error" role="alert">
      {props.message ?? `Please correct the ${count === 1 ? 'field' : `${count} fields`} marked below.`}
    </div>
  )
}

export function Notice(props: { children: Child; kind?: 'info' | 'success' | 'error' }) {
  return <div class={`alert ${props.kind ?? 'info'}`} role="status">{props.children}</div>
}
