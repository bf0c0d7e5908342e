import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { passwordResetMessage, passwordResetNoAccountMessage } from '../../views/emails/accounts.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { recordAudit } from '../admin/audit.js'
import { consumeEmailToken, createEmailToken, revokeEmailTokens } from './email-tokens.js'
import { generateToken, hashToken } from '../lib/tokens.js'
import { clearAccountLoginLimits } from './login-limits.js'
import { takeMailAllowance } from './mail-limits.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { findUserByEmail } from './queries.js'
import { invalidateUserSessions } from './sessions.js'

/**
 * Sends a reset link, or, for an address without an account, an email saying so. Both paths do
 * the same work (a token made and hashed, one transaction writing the outbox and the audit log)
 * and the page answers the same, so neither the answer nor its timing tells a visitor whether
 * the address is registered; only the mailbox's owner learns it.
 */
export async function requestPasswordReset(
  db: Kysely<DB>,
  email: string,
  ctx: { baseUrl: string; now: Date; ip: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const allowance = await takeMailAllowance(db, 'password-reset', { to: email, ip: ctx.ip }, ctx.now)
  if (!allowance.allowed) return { ok: false, message: allowance.message }
  const user = await findUserByEmail(db, email)
  await db.transaction().execute(async (trx) => {
    if (user) {
      const token = await createEmailToken(trx, user.id, 'password_reset', ctx.now)
      await enqueueEmail(trx, passwordResetMessage(user.email, user.name, `${ctx.baseUrl}/password-reset/${token}`))
    } else {
      hashToken(generateToken()) // the same hashing work as the token above
      await enqueueEmail(trx, passwordResetNoAccountMessage(email, `${ctx.baseUrl}/register`))
    }
    await recordAudit(trx, {
      actorUserId: user?.id ?? null, action: user ? 'password.reset_requested' : 'password.reset_requested_unknown',
      subjectType: user ? 'user' : undefined, subjectId: user?.id, ip: ctx.ip,
    })
  })
  return { ok: true }
}

/** Uses a reset link once: sets the password, confirms the email (the link proves it), ends every session. */
export async function resetPassword(db: Kysely<DB>, token: string, password: string, ctx: { now: Date; ip: string }) {
  const passwordHash = await hashPassword(password)
  return db.transaction().execute(async (trx) => {
    const used = await consumeEmailToken(trx, token, 'password_reset', ctx.now)
    if (!used.ok) return used
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', used.userId).execute()
    await trx.updateTable('users').set({ email_verified_at: ctx.now }).where('id', '=', used.userId).where('email_verified_at', 'is', null).execute()
    await endCredentials(trx, used.userId, ctx.now)
    // The link proves the mailbox: a lockout of this account (someone else's guessing) ends.
    const { email } = await trx.selectFrom('users').select('email').where('id', '=', used.userId).executeTakeFirstOrThrow()
    await clearAccountLoginLimits(trx, email)
    await recordAudit(trx, { actorUserId: used.userId, action: 'password.reset', subjectType: 'user', subjectId: used.userId, ip: ctx.ip })
    return used
  })
}

export async function changePassword(
  db: Kysely<DB>,
  userId: string,
  currentPassword: string,
  newPassword: string,
  ctx: { now: Date; ip: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    return { ok: false, message: 'Your current password is not right.' }
  }
  const passwordHash = await hashPassword(newPassword)
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
    await endCredentials(trx, userId, ctx.now)
    await recordAudit(trx, { actorUserId: userId, action: 'password.changed', subjectType: 'user', subjectId: userId, ip: ctx.ip })
  })
  return { ok: true }
}

/**
 * What a new password ends: every session (whoever else was logged in with the old one is
 * out), every outstanding reset link (one sent to a mailbox that was read by someone else would
 * otherwise still take the account over) and a pending change of email address.
 */
async function endCredentials(db: Kysely<DB>, userId: string, now: Date) {
  await invalidateUserSessions(db, userId)
  await revokeEmailTokens(db, userId, 'password_reset', now)
  await revokeEmailTokens(db, userId, 'change_email', now)
}
