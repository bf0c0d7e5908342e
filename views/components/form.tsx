import type { Child } from 'hono/jsx'
import type { FieldErrors, FormValues } from '../../src/web/forms.js'

export type { FieldErrors, FormValues }

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

/**
 * How a field names its hint and its error, so a screen reader reads both with the field and
 * knows it failed: one rule for every field component here, and for any hand-written field
 * (`{...fieldAria(id, { hint, error })}` on the control, `<FieldError id={id} error={error} />` after it).
 */
export function fieldAria(id: string, opts: { hint?: boolean; error?: string; describedBy?: string }) {
  const ids = [opts.describedBy, opts.hint && hintId(id), opts.error && errorId(id)].filter(Boolean).join(' ')
  return { 'aria-invalid': opts.error ? ('true' as const) : undefined, 'aria-describedby': ids || undefined }
}

export const hintId = (id: string) => `${id}-hint`
export const errorId = (id: string) => `${id}-error`

/** A field's message, in words, tied to the control by fieldAria. */
export function FieldError(props: { id: string; error?: string }) {
  return props.error ? <p class="error" id={errorId(props.id)}>{props.error}</p> : null
}

// A select's label says itself whether it is optional (its "Choose…" option shows it too).
function FieldFrame(props: { id: string; label: string; required?: boolean; hint?: string; error?: string; markOptional?: boolean; children: Child }) {
  const optional = !props.required && (props.markOptional ?? true)
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}{optional && <span class="optional"> (optional)</span>}</label>
      {props.hint && <p class="hint" id={hintId(props.id)}>{props.hint}</p>}
      {props.children}
      <FieldError id={props.id} error={props.error} />
    </div>
  )
}

type FieldProps = { name: string; label: string; values?: FormValues; errors?: FieldErrors; required?: boolean; hint?: string }

export function Field(props: FieldProps & { type?: string; autocomplete?: string; maxlength?: number }) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <FieldFrame id={id} label={props.label} required={props.required} hint={props.hint} error={error}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.values?.[props.name]}
        autocomplete={props.autocomplete}
        required={props.required}
        maxlength={props.maxlength}
        {...fieldAria(id, { hint: Boolean(props.hint), error })}
      />
    </FieldFrame>
  )
}

export function TextArea(props: FieldProps & { rows?: number; maxlength?: number }) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <FieldFrame id={id} label={props.label} required={props.required} hint={props.hint} error={error}>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} required={props.required} maxlength={props.maxlength}
        {...fieldAria(id, { hint: Boolean(props.hint), error })}>
        {props.values?.[props.name] ?? ''}
      </textarea>
    </FieldFrame>
  )
}

export function Select(props: FieldProps & { options: { value: string; label: string }[] }) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  const current = props.values?.[props.name]
  return (
    <FieldFrame id={id} label={props.label} required={props.required} markOptional={false} hint={props.hint} error={error}>
      <select id={id} name={props.name} required={props.required} {...fieldAria(id, { hint: Boolean(props.hint), error })}>
        <option value="">Choose…</option>
        {props.options.map((o) => <option value={o.value} selected={o.value === current}>{o.label}</option>)}
      </select>
    </FieldFrame>
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
