import { countryOptions } from '../../src/lib/countries.js'
import { BillingAddressFields, VatNumberField } from '../compliance/tax-fields.js'
import { CsrfField, ErrorSummary, Field, Select, type FieldErrors, type FormValues } from '../components/form.js'

export function RegisterForm(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors }) {
  const { values, errors } = props
  return (
    <form method="post" action="/register" hx-post="/register" hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <ErrorSummary errors={errors} />
      <CsrfField token={props.csrfToken} />
      <fieldset>
        <legend>Company</legend>
        <Field name="legal_name" label="Legal name" values={values} errors={errors} required autocomplete="organization" maxlength={200} />
        <Field name="org_number" label="Organisation number" values={values} errors={errors} required maxlength={40} hint="As on your registration certificate, e.g. 556677-8899." />
        <Select name="country" label="Country" options={countryOptions} values={values} errors={errors} required />
        <VatNumberField values={values} errors={errors} required />
        <Field name="address_line" label="Street address" values={values} errors={errors} required autocomplete="street-address" />
        <div class="row">
          <Field name="postcode" label="Postcode" values={values} errors={errors} required autocomplete="postal-code" maxlength={20} />
          <Field name="city" label="City" values={values} errors={errors} required autocomplete="address-level2" maxlength={100} />
        </div>
      </fieldset>
      <BillingAddressFields values={values} errors={errors} />
      <fieldset>
        <legend>Your login</legend>
        <Field name="contact_name" label="Contact person (your name)" values={values} errors={errors} required autocomplete="name" maxlength={120} />
        <Field name="email" label="Work email" type="email" values={values} errors={errors} required autocomplete="email" />
        <Field name="password" label="Password" type="password" errors={errors} required autocomplete="new-password" hint="At least 10 characters." />
        <Field name="password_confirm" label="Repeat password" type="password" errors={errors} required autocomplete="new-password" />
      </fieldset>
      <button type="submit">Register company</button>
    </form>
  )
}

export function RegisterPage(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Register your company</h1>
      <p>Businesses buy and sell surplus and waste materials on NordicLoop. We check every company before it can trade; that usually takes one working day.</p>
      <RegisterForm {...props} />
      <p>Already registered? <a href="/login">Log in</a>.</p>
    </section>
  )
}

export function RegisteredPage(props: { email: string }) {
  return (
    <section class="narrow">
      <h1>Check your email</h1>
      <p>We sent an email to <strong>{props.email}</strong>. Follow the link in it to confirm your address, then log in.</p>
      <p>Meanwhile, our team will review your company. You will get an email when it is approved.</p>
    </section>
  )
}
