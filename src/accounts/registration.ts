import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { FieldErrors } from '../web/forms.js'
import { verifyEmailMessage } from '../../views/emails/accounts.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { recordAudit } from '../admin/audit.js'
import { createEmailToken } from './email-tokens.js'
import { hashPassword } from './passwords.js'
import type { RegisterInput } from './schemas.js'

export type RegistrationResult = { ok: true; userId: string; companyId: string } | { ok: false; errors: FieldErrors }

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505'

/** Registers a company with its first member as owner, pending approval, and emails a verification link. */
export async function registerCompany(
  db: Kysely<DB>,
  input: RegisterInput,
  ctx: { baseUrl: string; now: Date; ip: string },
): Promise<RegistrationResult> {
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction().execute(async (trx) => {
      const errors = await registrationConflicts(trx, input)
      if (errors) return { ok: false, errors }
      const company = await trx
        .insertInto('companies')
        .values({
          legal_name: input.legal_name, org_number: input.org_number, country: input.country,
          address_line: input.address_line, postcode: input.postcode, city: input.city, contact_name: input.contact_name,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const user = await trx
        .insertInto('users')
        .values({ company_id: company.id, email: input.email, name: input.contact_name, password_hash: passwordHash, company_role: 'owner' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await sendVerificationEmail(trx, { id: user.id, email: input.email, name: input.contact_name }, ctx)
      await recordAudit(trx, { actorUserId: user.id, action: 'company.registered', subjectType: 'company', subjectId: company.id, ip: ctx.ip })
      return { ok: true, userId: user.id, companyId: company.id }
    })
  } catch (err) {
    // Two registrations racing for the same email or number: the loser gets the same message.
    if (isUniqueViolation(err)) return { ok: false, errors: (await registrationConflicts(db, input)) ?? { email: 'Please try again.' } }
    throw err
  }
}

async function registrationConflicts(db: Kysely<DB>, input: RegisterInput): Promise<FieldErrors | null> {
  const [email, company] = await Promise.all([
    db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst(),
    db.selectFrom('companies').select('id')
      .where('country', '=', input.country)
      .where(sql<string>`lower(org_number)`, '=', input.org_number.toLowerCase())
      .executeTakeFirst(),
  ])
  const errors: FieldErrors = {}
  if (email) errors.email = 'An account with this email already exists. Log in, or reset your password.'
  if (company) errors.org_number = 'A company with this organisation number is already registered in this country. Ask its owner to invite you.'
  return Object.keys(errors).length ? errors : null
}

export async function sendVerificationEmail(
  db: Kysely<DB>,
  user: { id: string; email: string; name: string },
  ctx: { baseUrl: string; now: Date },
) {
  const token = await createEmailToken(db, user.id, 'verify_email', ctx.now)
  await enqueueEmail(db, verifyEmailMessage(user.email, user.name, `${ctx.baseUrl}/verify-email?token=${token}`))
}
