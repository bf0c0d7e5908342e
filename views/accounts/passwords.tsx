import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors, type FormValues } from '../components/form.js'

export function ResetRequestForm(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors; sent?: boolean }) {
  if (props.sent) {
    return (
      <Notice kind="success">
        If an account exists for that address, we have sent it a link to choose a new password. The link works once, for one hour.
      </Notice>
    )
  }
  return (
    <form method="post" action="/password-reset" hx-post="/password-reset" hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <ErrorSummary errors={props.errors} />
      <CsrfField token={props.csrfToken} />
      <Field name="email" label="Email" type="email" values={props.values} errors={props.errors} required autocomplete="username" />
      <button type="submit">Send me a reset link</button>
    </form>
  )
}

export function ResetRequestPage(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors; sent?: boolean; problem?: string }) {
  return (
    <section class="narrow">
      <h1>Reset your password</h1>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <ResetRequestForm {...props} />
    </section>
  )
}

export function NewPasswordForm(props: { csrfToken: string; action: string; errors?: FieldErrors }) {
  return (
    <form method="post" action={props.action} hx-post={props.action} hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <ErrorSummary errors={props.errors} />
      <CsrfField token={props.csrfToken} />
      <Field name="password" label="New password" type="password" errors={props.errors} required autocomplete="new-password" hint="At least 10 characters." />
      <Field name="password_confirm" label="Repeat new password" type="password" errors={props.errors} required autocomplete="new-password" />
      <button type="submit">Save new password</button>
    </form>
  )
}

export function ChangePasswordForm(props: { csrfToken: string; errors?: FieldErrors; message?: string }) {
  return (
    <form method="post" action="/account/password" hx-post="/account/password" hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <ErrorSummary errors={props.errors} message={props.message} />
      <CsrfField token={props.csrfToken} />
      <Field name="current_password" label="Current password" type="password" errors={props.errors} required autocomplete="current-password" />
      <Field name="password" label="New password" type="password" errors={props.errors} required autocomplete="new-password" hint="At least 10 characters. You will be logged out everywhere else." />
      <Field name="password_confirm" label="Repeat new password" type="password" errors={props.errors} required autocomplete="new-password" />
      <button type="submit">Change password</button>
    </form>
  )
}
