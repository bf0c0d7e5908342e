import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { recordAudit } from '../admin/audit.js'
import { burnPasswordCheck, verifyPassword } from './passwords.js'
import { loginSucceeded, takeLoginAttempt } from './login-limits.js'
import { findUserByEmail } from './queries.js'
import { sendVerificationEmail } from './registration.js'
import { takeMailAllowance } from './mail-limits.js'

export type LoginResult =
  | { ok: true; userId: string; companyMember: boolean }
  | { ok: false; status: 401 | 403 | 429; message: string }

const WRONG = 'The email or password is not right. Check both and try again.'
const RESEND_AFTER_MS = 10 * 60 * 1000

export async function logIn(
  db: Kysely<DB>,
  input: { email: string; password: string },
  ctx: { ip: string; now: Date; baseUrl: string },
): Promise<LoginResult> {
  // Counted before the password is looked at: the attempt stays counted unless it was right.
  const allowance = await takeLoginAttempt(db, input.email, ctx.ip, ctx.now)
  if (!allowance.allowed) return { ok: false, status: 429, message: allowance.message }

  const user = await findUserByEmail(db, input.email)
  if (!user) {
    await burnPasswordCheck(input.password)
    return { ok: false, status: 401, message: WRONG }
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await recordAudit(db, { actorUserId: user.id, action: 'login.failed', subjectType: 'user', subjectId: user.id, ip: ctx.ip })
    return { ok: false, status: 401, message: WRONG }
  }
  await loginSucceeded(db, input.email, ctx.ip)
  if (!user.email_verified_at) {
    const sent = await resendVerificationIfStale(db, user, ctx)
    return {
      ok: false,
      status: 403,
      message: sent.ok
        ? `Please confirm your email address first. We sent a link to ${user.email}; it may take a minute to arrive.`
        : `Please confirm your email address first with the link we sent to ${user.email}. ${sent.message}`,
    }
  }
  await recordAudit(db, { actorUserId: user.id, action: 'login.succeeded', subjectType: 'user', subjectId: user.id, ip: ctx.ip })
  return { ok: true, userId: user.id, companyMember: user.company_id !== null }
}

/**
 * A new verification link, unless one went out in the last few minutes, and within the mail
 * limits (per recipient and per address), so logging in cannot be used to bomb an inbox.
 */
async function resendVerificationIfStale(
  db: Kysely<DB>,
  user: { id: string; email: string; name: string },
  ctx: { now: Date; baseUrl: string; ip: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const recent = await db
    .selectFrom('email_tokens')
    .select('id')
    .where('user_id', '=', user.id)
    .where('purpose', '=', 'verify_email')
    .where('created_at', '>', new Date(ctx.now.getTime() - RESEND_AFTER_MS))
    .executeTakeFirst()
  if (recent) return { ok: true }
  const allowance = await takeMailAllowance(db, 'verification', { to: user.email, ip: ctx.ip }, ctx.now)
  if (!allowance.allowed) return { ok: false, message: allowance.message }
  await sendVerificationEmail(db, user, ctx)
  return { ok: true }
}
