import { z } from 'zod'
import { COUNTRIES } from '../lib/countries.js'
import { isNorwegianOrgNumber } from '../compliance/vat-numbers.js'
import { checkVatField, CountrySchema, EmailSchema, lineText, NewPasswordSchema, PasswordConfirmSchema, PasswordSchema, requiredText, text, vatNumberText } from '../lib/fields.js'

const passwordsMatch = (d: { password: string; password_confirm: string }) => d.password === d.password_confirm
const mismatch = { message: 'The two passwords do not match.', path: ['password_confirm'] }

/**
 * A billing address: all four fields, or none (invoices then go to the registered address).
 * Empty fields come back as nulls; a half-filled address is refused field by field.
 */
const billingFields = {
  billing_address_line: lineText(200).default(''),
  billing_postcode: lineText(20).default(''),
  billing_city: lineText(100).default(''),
  billing_country: lineText(2).toUpperCase().default('').refine((code) => code === '' || Object.hasOwn(COUNTRIES, code), 'Choose a country from the list.'),
}
type BillingValues = { billing_address_line: string; billing_postcode: string; billing_city: string; billing_country: string }
export type BillingAddress = { line: string; postcode: string; city: string; country: string } | null

const BILLING_LABELS = { billing_address_line: 'the billing street address', billing_postcode: 'the billing postcode', billing_city: 'the billing city', billing_country: 'the billing country' } as const

function billingAddress(d: BillingValues, ctx: z.RefinementCtx): BillingAddress {
  const filled = (Object.keys(BILLING_LABELS) as (keyof BillingValues)[]).filter((k) => d[k] !== '')
  if (filled.length === 0) return null
  for (const key of Object.keys(BILLING_LABELS) as (keyof BillingValues)[]) {
    if (d[key] === '') ctx.addIssue({ code: 'custom', path: [key], message: `Enter ${BILLING_LABELS[key]}, or leave the whole billing address empty.` })
  }
  return { line: d.billing_address_line, postcode: d.billing_postcode, city: d.billing_city, country: d.billing_country }
}

export const RegisterForm = z
  .object({
    legal_name: requiredText("your company's legal name"),
    org_number: requiredText('the organisation number', 40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/, 'Use letters, digits, spaces, dots, dashes or slashes.'),
    vat_number: vatNumberText(),
    country: CountrySchema,
    address_line: requiredText('the street address'),
    postcode: requiredText('the postcode', 20),
    city: requiredText('the city', 100),
    contact_name: requiredText('the contact person', 120),
    email: EmailSchema,
    password: NewPasswordSchema,
    password_confirm: PasswordConfirmSchema,
    ...billingFields,
  })
  .refine(passwordsMatch, mismatch)
  .transform((d, ctx) => {
    // Norway's organisation number carries a check digit (mod 11): a typing mistake is caught here.
    if (d.country === 'NO' && !isNorwegianOrgNumber(d.org_number)) {
      ctx.addIssue({ code: 'custom', path: ['org_number'], message: 'A Norwegian organisation number is 9 digits whose last is a check digit, like 923 609 016: check it for a typing mistake.' })
    }
    return { ...d, vat_number: checkVatField(d.vat_number, d.country, ctx), billing: billingAddress(d, ctx) }
  })
export type RegisterInput = z.output<typeof RegisterForm>

export const LoginForm = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  next: text().max(2000).optional(),
})

export const EmailOnlyForm = z.object({ email: EmailSchema })

export const NewPasswordForm = z
  .object({ password: NewPasswordSchema, password_confirm: PasswordConfirmSchema })
  .refine(passwordsMatch, mismatch)

export const ChangePasswordForm = z
  .object({
    current_password: PasswordSchema,
    password: NewPasswordSchema,
    password_confirm: PasswordConfirmSchema,
  })
  .refine(passwordsMatch, mismatch)

export const AcceptInvitationForm = z
  .object({
    name: requiredText('your name', 120),
    password: NewPasswordSchema,
    password_confirm: PasswordConfirmSchema,
  })
  .refine(passwordsMatch, mismatch)

export const NameForm = z.object({ name: requiredText('your name', 120) })

export const EmailChangeForm = z.object({ email: EmailSchema, current_password: PasswordSchema })

export const MemberRoleForm = z.object({
  role: z.enum(['owner', 'member'], { error: 'Choose owner or member.' }),
})

export const CompanyDetailsForm = z.object({
  address_line: requiredText('the street address'),
  postcode: requiredText('the postcode', 20),
  city: requiredText('the city', 100),
  contact_name: requiredText('the contact person', 120),
  // Optional: empty means none. The email rule is the shared one, applied only when filled in.
  contact_email: lineText(254).default('').refine((v) => v === '' || EmailSchema.safeParse(v).success, 'Enter a valid email address, like name@company.com.')
    .transform((v) => v.toLowerCase()),
  contact_phone: lineText(40).regex(/^(\+?[0-9][0-9 ()./-]{4,38})?$/, 'Use digits, spaces and + ( ) - . / only, like +46 8 123 456.').default(''),
  // Optional here, so that companies registered before it was asked can save their other details.
  vat_number: vatNumberText({ optional: true }),
  ...billingFields,
})
/** The company's details; the VAT number is checked against the company's own country, known to the route. */
export const companyDetailsForm = (country: string) => CompanyDetailsForm
  .transform((d, ctx) => ({ ...d, vat_number: checkVatField(d.vat_number, country, ctx), billing: billingAddress(d, ctx) }))
export type CompanyDetailsInput = z.output<ReturnType<typeof companyDetailsForm>>
