import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { FieldErrors } from '../web/forms.js'
import { alreadyRegisteredMessage, verifyEmailMessage } from '../../views/emails/accounts.js'
import { takeMailAllowance } from './mail-limits.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { recordAudit } from '../admin/audit.js'
import { createEmailToken } from './email-tokens.js'
import { hashPassword } from './passwords.js'
import type { BillingAddress, RegisterInput } from './schemas.js'

/**
 * `ok` also when the email already had an account: the visitor sees the same "check your
 * email" answer either way, and the account's owner gets an email saying so, so registration
 * cannot be used to find out who has an account.
 */
export type RegistrationResult = { ok: true } | { ok: false; errors: FieldErrors }

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505'

/** Registers a company with its first member as owner, pending approval, and emails a verification link. */
export async function registerCompany(
  db: Kysely<DB>,
  input: RegisterInput,
  ctx: { baseUrl: string; now: Date; ip: string },
): Promise<RegistrationResult> {
  const passwordHash = await hashPassword(input.password)
  try {
    const outcome = await db.transaction().execute(async (trx) => {
      const conflicts = await registrationConflicts(trx, input)
      // A taken organisation number is said plainly: companies are public on the marketplace.
      if (conflicts.org_number) return { ok: false as const, errors: { org_number: conflicts.org_number } }
      if (conflicts.existingUser) return { ok: true as const, existingUser: conflicts.existingUser }
      const company = await trx
        .insertInto('companies')
        .values({
          legal_name: input.legal_name, org_number: input.org_number, country: input.country, vat_number: input.vat_number,
          address_line: input.address_line, postcode: input.postcode, city: input.city, contact_name: input.contact_name,
          ...billingColumns(input.billing),
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
      return { ok: true as const, existingUser: null }
    })
    if (!outcome.ok) return outcome
    // After the transaction: the mail limit counts in a transaction of its own.
    if (outcome.existingUser) await tellExistingAccount(db, outcome.existingUser, ctx)
    return { ok: true }
  } catch (err) {
    // Two registrations racing for the same email or number: the loser gets the same answer
    // as if it had come second.
    if (!isUniqueViolation(err)) throw err
    const conflicts = await registrationConflicts(db, input)
    if (conflicts.org_number) return { ok: false, errors: { org_number: conflicts.org_number } }
    if (conflicts.existingUser) await tellExistingAccount(db, conflicts.existingUser, ctx)
    return { ok: true }
  }
}

/** A billing address as the companies table keeps it: four columns, all NULL for none. */
export function billingColumns(billing: BillingAddress) {
  return {
    billing_address_line: billing?.line ?? null, billing_postcode: billing?.postcode ?? null,
    billing_city: billing?.city ?? null, billing_country: billing?.country ?? null,
  }
}

/** The existing account's owner hears of the attempt (at most a few times an hour). */
async function tellExistingAccount(db: Kysely<DB>, user: { id: string; email: string; name: string }, ctx: { baseUrl: string; now: Date; ip: string }) {
  const allowance = await takeMailAllowance(db, 'account-notice', { to: user.email, ip: ctx.ip }, ctx.now)
  if (!allowance.allowed) return
  await enqueueEmail(db, alreadyRegisteredMessage(user.email, user.name, `${ctx.baseUrl}/login`, `${ctx.baseUrl}/password-reset`))
  await recordAudit(db, { actorUserId: null, action: 'company.registration_existing_email', subjectType: 'user', subjectId: user.id, ip: ctx.ip })
}

async function registrationConflicts(db: Kysely<DB>, input: RegisterInput) {
  const [user, company] = await Promise.all([
    db.selectFrom('users').select(['id', 'email', 'name']).where('email', '=', input.email).executeTakeFirst(),
    db.selectFrom('companies').select('id')
      .where('country', '=', input.country)
      .where(sql<string>`lower(org_number)`, '=', input.org_number.toLowerCase())
      .executeTakeFirst(),
  ])
  return {
    existingUser: user ?? null,
    org_number: company ? 'A company with this organisation number is already registered in this country. Ask its owner to invite you.' : null,
  }
}

export async function sendVerificationEmail(
  db: Kysely<DB>,
  user: { id: string; email: string; name: string },
  ctx: { baseUrl: string; now: Date },
) {
  const token = await createEmailToken(db, user.id, 'verify_email', ctx.now)
  await enqueueEmail(db, verifyEmailMessage(user.email, user.name, `${ctx.baseUrl}/verify-email?token=${token}`))
}
