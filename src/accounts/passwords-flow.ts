import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { passwordResetMessage } from '../../views/emails/accounts.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { recordAudit } from '../admin/audit.js'
import { consumeEmailToken, createEmailToken } from './email-tokens.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { findUserByEmail } from './queries.js'
import { invalidateUserSessions } from './sessions.js'

export async function requestPasswordReset(db: Kysely<DB>, email: string, ctx: { baseUrl: string; now: Date; ip: string }) {
  const user = await findUserByEmail(db, email)
  if (!user) return
  await db.transaction().execute(async (trx) => {
    const token = await createEmailToken(trx, user.id, 'password_reset', ctx.now)
    await enqueueEmail(trx, passwordResetMessage(user.email, user.name, `${ctx.baseUrl}/password-reset/${token}`))
    await recordAudit(trx, { actorUserId: user.id, action: 'password.reset_requested', subjectType: 'user', subjectId: user.id, ip: ctx.ip })
  })
}

/** Uses a reset link once: sets the password, confirms the email (the link proves it), ends every session. */
export async function resetPassword(db: Kysely<DB>, token: string, password: string, ctx: { now: Date; ip: string }) {
  const passwordHash = await hashPassword(password)
  return db.transaction().execute(async (trx) => {
    const used = await consumeEmailToken(trx, token, 'password_reset', ctx.now)
    if (!used.ok) return used
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', used.userId).execute()
    await trx.updateTable('users').set({ email_verified_at: ctx.now }).where('id', '=', used.userId).where('email_verified_at', 'is', null).execute()
    // Any other outstanding reset links for this account stop working too.
    await trx.updateTable('email_tokens').set({ used_at: ctx.now })
      .where('user_id', '=', used.userId).where('purpose', '=', 'password_reset').where('used_at', 'is', null).execute()
    await invalidateUserSessions(trx, used.userId)
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
    // A changed password must lock out whoever else may have been logged in with the old one.
    await invalidateUserSessions(trx, userId)
    await recordAudit(trx, { actorUserId: userId, action: 'password.changed', subjectType: 'user', subjectId: userId, ip: ctx.ip })
  })
  return { ok: true }
}
