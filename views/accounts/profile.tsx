// Forms a person uses on their own account, and an owner on the company's details. Plain
// forms: they post and the server answers with a redirect, so they work without JavaScript.
import { CsrfField, ErrorSummary, Field, type FieldErrors, type FormValues } from '../components/form.js'
import { BillingAddressFields, VatNumberField } from '../compliance/tax-fields.js'

export function NamePage(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Your name</h1>
      <form method="post" action="/account/profile" class="stack" novalidate>
        <ErrorSummary errors={props.errors} />
        <CsrfField token={props.csrfToken} />
        <Field name="name" label="Name" values={props.values} errors={props.errors} required autocomplete="name" maxlength={120} />
        <button type="submit">Save</button>
      </form>
      <p><a href="/account">Back to your account</a></p>
    </section>
  )
}

export function EmailChangePage(props: { csrfToken: string; currentEmail: string; values?: FormValues; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Change your email address</h1>
      <p>Your address now is <strong>{props.currentEmail}</strong>. We send a link to the new address; the change takes effect when you open it. We also tell the present address.</p>
      <form method="post" action="/account/email" class="stack" novalidate>
        <ErrorSummary errors={props.errors} />
        <CsrfField token={props.csrfToken} />
        <Field name="email" label="New email address" type="email" values={props.values} errors={props.errors} required autocomplete="email" />
        <Field name="current_password" label="Your current password" type="password" errors={props.errors} required autocomplete="current-password" />
        <button type="submit">Send the confirmation link</button>
      </form>
      <p><a href="/account">Back to your account</a></p>
    </section>
  )
}

export function CompanyDetailsPage(props: { csrfToken: string; legalName: string; values?: FormValues; errors?: FieldErrors }) {
  const { values, errors } = props
  return (
    <section class="narrow">
      <h1>{props.legalName}: address, contact and tax details</h1>
      <form method="post" action="/account/company" class="stack" novalidate>
        <ErrorSummary errors={errors} />
        <CsrfField token={props.csrfToken} />
        <Field name="address_line" label="Street address" values={values} errors={errors} required autocomplete="street-address" maxlength={200} />
        <div class="row">
          <Field name="postcode" label="Postcode" values={values} errors={errors} required autocomplete="postal-code" maxlength={20} />
          <Field name="city" label="City" values={values} errors={errors} required autocomplete="address-level2" maxlength={100} />
        </div>
        <Field name="contact_name" label="Contact person" values={values} errors={errors} required autocomplete="name" maxlength={120} />
        <Field name="contact_email" label="Contact email" type="email" values={values} errors={errors} autocomplete="email" maxlength={254} />
        <Field name="contact_phone" label="Contact phone" type="tel" values={values} errors={errors} autocomplete="tel" maxlength={40} />
        <VatNumberField values={values} errors={errors} />
        <BillingAddressFields values={values} errors={errors} />
        <button type="submit">Save</button>
      </form>
      <p><a href="/account">Back to your account</a></p>
    </section>
  )
}
