// What a person edits about themselves (name, email address) and an owner about the company
// (address and contact details). Each change is audit-logged with what it was before.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { recordAudit } from '../admin/audit.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { emailChangeConfirmMessage, emailChangeNoticeMessage, emailTakenMessage } from '../../views/emails/accounts.js'
import { consumeEmailToken, createEmailToken, revokeEmailTokens, type TokenCheck } from './email-tokens.js'
import { takeMailAllowance } from './mail-limits.js'
import { verifyPassword } from './passwords.js'
import type { CompanyDetailsInput } from './schemas.js'
import { billingColumns } from './registration.js'

export async function updateName(db: Kysely<DB>, userId: string, name: string, ip: string) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select('name').where('id', '=', userId).forUpdate().executeTakeFirstOrThrow()
    if (before.name === name) return
    await trx.updateTable('users').set({ name }).where('id', '=', userId).execute()
    await recordAudit(trx, { actorUserId: userId, action: 'user.name_changed', subjectType: 'user', subjectId: userId, detail: { from: before.name, to: name }, ip })
  })
}

export type EmailChangeRequest = { ok: true } | { ok: false; status: 422 | 429; field: 'email' | 'current_password'; message: string }

/**
 * Starts a change of email address. Nothing changes yet: a link goes to the new address (the
 * change takes effect when it is opened, which proves the new mailbox is theirs) and a notice
 * to the old one (so a person whose session was stolen hears of it). The current password is
 * asked for, as a session alone must not be enough to move the account to another mailbox.
 * An address that already has an account gets the same answer on the page; its owner is told.
 */
export async function requestEmailChange(
  db: Kysely<DB>,
  user: { id: string; email: string; name: string },
  input: { email: string; current_password: string },
  ctx: { baseUrl: string; now: Date; ip: string },
): Promise<EmailChangeRequest> {
  if (input.email === user.email) return { ok: false, status: 422, field: 'email', message: 'This is already your email address.' }
  const { password_hash } = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()
  if (!(await verifyPassword(password_hash, input.current_password))) {
    return { ok: false, status: 422, field: 'current_password', message: 'Your current password is not right.' }
  }
  const allowance = await takeMailAllowance(db, 'email-change', { to: input.email, ip: ctx.ip }, ctx.now)
  if (!allowance.allowed) return { ok: false, status: 429, field: 'email', message: allowance.message }
  const taken = await db.selectFrom('users').select(['id', 'name']).where('email', '=', input.email).executeTakeFirst()
  await db.transaction().execute(async (trx) => {
    if (taken) {
      await enqueueEmail(trx, emailTakenMessage(input.email, taken.name))
    } else {
      // One pending change at a time: an earlier link stops working.
      await revokeEmailTokens(trx, user.id, 'change_email', ctx.now)
      const token = await createEmailToken(trx, user.id, 'change_email', ctx.now, input.email)
      await enqueueEmail(trx, emailChangeConfirmMessage(input.email, user.name, `${ctx.baseUrl}/account/email/confirm?token=${token}`))
      await enqueueEmail(trx, emailChangeNoticeMessage(user.email, user.name, input.email, `${ctx.baseUrl}/password-reset`))
    }
    await recordAudit(trx, {
      actorUserId: user.id, action: 'user.email_change_requested', subjectType: 'user', subjectId: user.id,
      detail: { to: input.email, taken: Boolean(taken) }, ip: ctx.ip,
    })
  })
  return { ok: true }
}

export type EmailChangeResult = TokenCheck | { ok: false; reason: 'taken' }

/** Opening the link sent to the new address: the address changes now, and is verified. */
export async function confirmEmailChange(db: Kysely<DB>, token: string, ctx: { now: Date; ip: string }): Promise<EmailChangeResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const used = await consumeEmailToken(trx, token, 'change_email', ctx.now)
      if (!used.ok || !used.newEmail) return used.ok ? { ok: false as const, reason: 'unknown' as const } : used
      const before = await trx.selectFrom('users').select('email').where('id', '=', used.userId).executeTakeFirstOrThrow()
      await trx.updateTable('users').set({ email: used.newEmail, email_verified_at: ctx.now }).where('id', '=', used.userId).execute()
      // Reset links went to the old mailbox; they no longer belong to this account's owner.
      await revokeEmailTokens(trx, used.userId, 'password_reset', ctx.now)
      await recordAudit(trx, {
        actorUserId: used.userId, action: 'user.email_changed', subjectType: 'user', subjectId: used.userId,
        detail: { from: before.email, to: used.newEmail }, ip: ctx.ip,
      })
      return used
    })
  } catch (err) {
    // The address was taken by another account between the request and the click.
    if ((err as { code?: string })?.code === '23505') return { ok: false, reason: 'taken' }
    throw err
  }
}

export async function updateCompanyDetails(db: Kysely<DB>, actor: { userId: string; companyId: string; ip: string }, input: CompanyDetailsInput) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('companies')
      .select(['address_line', 'postcode', 'city', 'contact_name', 'contact_email', 'contact_phone', 'vat_number', 'billing_address_line', 'billing_postcode', 'billing_city', 'billing_country'])
      .where('id', '=', actor.companyId).forUpdate().executeTakeFirstOrThrow()
    const after = {
      address_line: input.address_line, postcode: input.postcode, city: input.city, contact_name: input.contact_name,
      contact_email: input.contact_email || null, contact_phone: input.contact_phone || null,
      vat_number: input.vat_number || null, ...billingColumns(input.billing),
    }
    await trx.updateTable('companies').set(after).where('id', '=', actor.companyId).execute()
    await recordAudit(trx, {
      actorUserId: actor.userId, action: 'company.details_changed', subjectType: 'company', subjectId: actor.companyId,
      detail: { before, after }, ip: actor.ip,
    })
  })
}
