import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors, type FormValues } from '../components/form.js'

export function LoginForm(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors; message?: string; next?: string; resendVerification?: boolean }) {
  const { values, errors } = props
  return (
    <form method="post" action="/login" hx-post="/login" hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <ErrorSummary errors={errors} message={props.message} />
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="next" value={props.next ?? values?.next ?? ''} />
      <Field name="email" label="Email" type="email" values={values} errors={errors} required autocomplete="username" />
      <Field name="password" label="Password" type="password" errors={errors} required autocomplete="current-password" />
      <button type="submit">Log in</button>
      <p><a href="/password-reset">Forgot your password?</a></p>
    </form>
  )
}

export function LoginPage(props: { csrfToken: string; notice?: string; next?: string; values?: FormValues; errors?: FieldErrors; message?: string }) {
  return (
    <section class="narrow">
      <h1>Log in</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <LoginForm {...props} />
      <p>New to NordicLoop? <a href="/register">Register your company</a>.</p>
    </section>
  )
}

export function MessagePage(props: { title: string; message: string; link?: { href: string; label: string } }) {
  return (
    <section class="narrow">
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.link && <p><a href={props.link.href}>{props.link.label}</a></p>}
    </section>
  )
}
