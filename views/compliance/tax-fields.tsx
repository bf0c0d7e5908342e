// The VAT number and the billing address, as the registration form and the company details
// form ask for them.
import { countryOptions } from '../../src/lib/countries.js'
import { Field, Select, type FieldErrors, type FormValues } from '../components/form.js'

export function VatNumberField(props: { values?: FormValues; errors?: FieldErrors; required?: boolean }) {
  return (
    <Field name="vat_number" label="VAT number" values={props.values} errors={props.errors} required={props.required} maxlength={40}
      hint="With or without the country prefix, e.g. SE556677889901, DE123456789 or, in Norway, 923456789 MVA. It is checked against the country." />
  )
}

/** All four lines or none: empty means invoices go to the registered address. */
export function BillingAddressFields(props: { values?: FormValues; errors?: FieldErrors }) {
  const { values, errors } = props
  return (
    <fieldset>
      <legend>Billing address, if invoices go elsewhere</legend>
      <p class="hint">Leave these empty to be invoiced at the registered address.</p>
      <Field name="billing_address_line" label="Billing street address" values={values} errors={errors} maxlength={200} />
      <div class="row">
        <Field name="billing_postcode" label="Billing postcode" values={values} errors={errors} maxlength={20} />
        <Field name="billing_city" label="Billing city" values={values} errors={errors} maxlength={100} />
      </div>
      <Select name="billing_country" label="Billing country (optional)" options={countryOptions} values={values} errors={errors} />
    </fieldset>
  )
}
