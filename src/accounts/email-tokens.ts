// Single-use links sent by email. The link carries a random token; the table keeps its hash.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { EmailTokenPurpose } from '../db/types.js'
import { generateToken, hashToken } from '../lib/tokens.js'

const HOUR = 60 * 60 * 1000
export const TOKEN_LIFETIME_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 48 * HOUR,
  password_reset: 1 * HOUR, // short: whoever holds the link can take over the account
  change_email: 24 * HOUR,
}

/** `newEmail` only for a change of address: the address the link was sent to, set when it is followed. */
export async function createEmailToken(db: Kysely<DB>, userId: string, purpose: EmailTokenPurpose, now: Date, newEmail: string | null = null) {
  const token = generateToken()
  await db
    .insertInto('email_tokens')
    .values({
      id: hashToken(token), user_id: userId, purpose, created_at: now, expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
      new_email: newEmail,
    })
    .execute()
  return token
}

/** Every unused link of this kind stops working (a new password makes old reset links useless). */
export async function revokeEmailTokens(db: Kysely<DB>, userId: string, purpose: EmailTokenPurpose, now: Date) {
  await db.updateTable('email_tokens').set({ used_at: now })
    .where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute()
}

export type TokenCheck = { ok: true; userId: string; newEmail: string | null } | { ok: false; reason: 'unknown' | 'expired' | 'used' }

/** Looks a link up without using it (to decide whether to show the form it leads to). */
export async function checkEmailToken(db: Kysely<DB>, token: string, purpose: EmailTokenPurpose, now: Date): Promise<TokenCheck> {
  const row = await db
    .selectFrom('email_tokens')
    .select(['user_id', 'expires_at', 'used_at', 'new_email'])
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst()
  if (!row) return { ok: false, reason: 'unknown' }
  if (row.used_at) return { ok: false, reason: 'used' }
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' }
  return { ok: true, userId: row.user_id, newEmail: row.new_email }
}

/**
 * Uses a link up. One conditional UPDATE marks it used, so two clicks racing each other
 * cannot both succeed.
 */
export async function consumeEmailToken(db: Kysely<DB>, token: string, purpose: EmailTokenPurpose, now: Date): Promise<TokenCheck> {
  const used = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'new_email'])
    .executeTakeFirst()
  if (used) return { ok: true, userId: used.user_id, newEmail: used.new_email }
  return checkEmailToken(db, token, purpose, now)
}

export const tokenProblem: Record<'unknown' | 'expired' | 'used', string> = {
  unknown: 'This link is not valid. Check that you copied the whole link from the email.',
  expired: 'This link has expired. Ask for a new one below.',
  used: 'This link has already been used. Ask for a new one if you still need it.',
}
