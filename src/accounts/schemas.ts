import { z } from 'zod'
import { CountrySchema, EmailSchema, lineText, NewPasswordSchema, PasswordConfirmSchema, PasswordSchema, requiredText, text } from '../lib/fields.js'

const passwordsMatch = (d: { password: string; password_confirm: string }) => d.password === d.password_confirm
const mismatch = { message: 'The two passwords do not match.', path: ['password_confirm'] }

export const RegisterForm = z
  .object({
    legal_name: requiredText("your company's legal name"),
    org_number: requiredText('the organisation or VAT number', 40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/, 'Use letters, digits, spaces, dots, dashes or slashes.'),
    country: CountrySchema,
    address_line: requiredText('the street address'),
    postcode: requiredText('the postcode', 20),
    city: requiredText('the city', 100),
    contact_name: requiredText('the contact person', 120),
    email: EmailSchema,
    password: NewPasswordSchema,
    password_confirm: PasswordConfirmSchema,
  })
  .refine(passwordsMatch, mismatch)
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
})
export type CompanyDetailsInput = z.output<typeof CompanyDetailsForm>
