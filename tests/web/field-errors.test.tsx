// Every field error is tied to its field: the message has an id, the field names it in
// aria-describedby (after its hint, if any) and says aria-invalid="true". Checked on each field
// component in many shapes, and on whole forms with an error in every field they have: the
// field names are read from the rendered form, so a field added later is covered too.
import type { Child } from 'hono/jsx'
import { describe, expect, test } from 'vitest'
import { Field, FieldError, fieldAria, Select, TextArea, type FieldErrors, type FormValues } from '../../views/components/form.js'
import { LoginForm } from '../../views/accounts/login.js'
import { RegisterForm } from '../../views/accounts/register.js'
import { ChangePasswordForm, NewPasswordForm, ResetRequestForm } from '../../views/accounts/passwords.js'
import { CompanyDetailsPage, EmailChangePage, NamePage } from '../../views/accounts/profile.js'
import { AcceptInvitationForm, InviteForm } from '../../views/accounts/account.js'
import { ReasonDecision } from '../../views/admin/listing-forms.js'
import { ReasonForm } from '../../views/admin/moderation-forms.js'
import { PermitUploadForm } from '../../views/compliance/permits.js'
import { AuctionTermsForm, ListingForm } from '../../views/listings/listing-form.js'
import { invalidFields, tags, unlinkedFieldErrors } from './field-errors-check.js'

const html = (node: Child) => String(node)
const options = [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }]

describe('a field component with an error names it and says it is invalid', () => {
  const message = 'Please enter a value.'
  const cases: Array<{ label: string; render: (errors?: FieldErrors, values?: FormValues) => Child }> = []
  for (const type of ['text', 'email', 'password', 'tel', 'date', 'number', undefined]) {
    for (const hint of [undefined, 'A hint.']) {
      for (const required of [true, false]) {
        cases.push({ label: `Field type=${type ?? 'default'} hint=${Boolean(hint)} required=${required}`, render: (errors, values) => <Field name="thing" label="Thing" type={type} hint={hint} required={required} errors={errors} values={values} /> })
      }
    }
  }
  for (const hint of [undefined, 'A hint.']) {
    for (const required of [true, false]) {
      cases.push({ label: `TextArea hint=${Boolean(hint)} required=${required}`, render: (errors, values) => <TextArea name="thing" label="Thing" hint={hint} required={required} errors={errors} values={values} /> })
      cases.push({ label: `Select hint=${Boolean(hint)} required=${required}`, render: (errors, values) => <Select name="thing" label="Thing" options={options} hint={hint} required={required} errors={errors} values={values} /> })
    }
  }
  cases.push({ label: 'a hand-written field with fieldAria and FieldError', render: (errors) => (
    <div><input id="own" name="thing" {...fieldAria('own', { error: errors?.thing })} /><FieldError id="own" error={errors?.thing} /></div>
  ) })

  test.each(cases)('$label', ({ render }) => {
    const withError = html(render({ thing: message }, { thing: 'x' }))
    expect(unlinkedFieldErrors(withError)).toEqual([])
    expect(invalidFields(withError)).toEqual(['thing'])
    expect(withError).toContain(message)
    // The hint, when there is one, is still read: it comes first, then the error.
    const control = tags(withError).find((t) => t.attrs.name === 'thing')!
    const ids = control.attrs['aria-describedby']!.split(' ')
    expect(ids.at(-1)).toMatch(/-error$/)
    if (withError.includes('class="hint"')) expect(ids[0]).toMatch(/-hint$/)

    const clean = html(render(undefined, { thing: 'x' }))
    expect(invalidFields(clean)).toEqual([])
    expect(clean).not.toContain('-error')
  })
})

// Whole forms: each rendered once to learn its fields, then with a message for every one of them.
const csrfToken = 'token'
const FORMS: Array<{ name: string; render: (errors?: FieldErrors) => Child }> = [
  { name: 'login', render: (errors) => <LoginForm csrfToken={csrfToken} errors={errors} /> },
  { name: 'register', render: (errors) => <RegisterForm csrfToken={csrfToken} errors={errors} /> },
  { name: 'password reset request', render: (errors) => <ResetRequestForm csrfToken={csrfToken} errors={errors} /> },
  { name: 'new password', render: (errors) => <NewPasswordForm csrfToken={csrfToken} action="/password-reset/x" errors={errors} /> },
  { name: 'change password', render: (errors) => <ChangePasswordForm csrfToken={csrfToken} errors={errors} /> },
  { name: 'name', render: (errors) => <NamePage csrfToken={csrfToken} errors={errors} /> },
  { name: 'email change', render: (errors) => <EmailChangePage csrfToken={csrfToken} currentEmail="a@example.com" errors={errors} /> },
  { name: 'company details', render: (errors) => <CompanyDetailsPage csrfToken={csrfToken} legalName="Test AB" errors={errors} /> },
  { name: 'invite', render: (errors) => <InviteForm csrfToken={csrfToken} errors={errors} /> },
  { name: 'accept invitation', render: (errors) => <AcceptInvitationForm csrfToken={csrfToken} action="/invitations/x" email="a@example.com" companyName="Test AB" errors={errors} /> },
  { name: 'admin: reject a listing', render: (errors) => <ReasonDecision url="/admin/listings/1/reject" csrfToken={csrfToken} target="t" id="reject-1" label="Reject" hint="Why." errors={errors} /> },
  { name: 'admin: reject a company', render: (errors) => <ReasonForm companyId="c1" csrfToken={csrfToken} back="queue" action="reject" label="Reject" hint="Why." errors={errors} /> },
  { name: 'waste permit upload', render: (errors) => <PermitUploadForm csrfToken={csrfToken} errors={errors} /> },
  { name: 'listing form', render: (errors) => <ListingForm csrfToken={csrfToken} action="/listings" categories={[{ slug: 'plastics', name: 'Plastics' }]} timeZone="Europe/Stockholm" errors={errors} /> },
  { name: 'auction terms', render: (errors) => <AuctionTermsForm csrfToken={csrfToken} action="/listings/1/terms" timeZone="Europe/Stockholm" bidCount={0} errors={errors} /> },
]

/** The names of a form's visible fields (not its hidden ones, not the CSRF token). */
function fieldNames(formHtml: string) {
  return [...new Set(tags(formHtml).filter((t) => ['input', 'select', 'textarea'].includes(t.name) && t.attrs.type !== 'hidden' && t.attrs.name).map((t) => t.attrs.name!))]
}

describe('a form with an error in every field ties each message to its field', () => {
  test.each(FORMS)('$name', ({ render }) => {
    const names = fieldNames(html(render()))
    expect(names.length).toBeGreaterThan(0)
    const errors = Object.fromEntries(names.map((n) => [n, `Problem with ${n}.`]))
    const page = html(render(errors))
    expect(unlinkedFieldErrors(page)).toEqual([])
    // Every control of every field is marked (each radio of a group, too).
    const controls = tags(page).filter((t) => names.includes(t.attrs.name ?? '') && t.attrs.type !== 'hidden')
    const unmarked = controls.filter((t) => t.attrs['aria-invalid'] !== 'true').map((t) => `${t.name}[name=${t.attrs.name}${t.attrs.value ? ` value=${t.attrs.value}` : ''}]`)
    expect(unmarked).toEqual([])
  })
})
