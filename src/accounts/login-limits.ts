// Throttles password guessing. Failures are rows in the database (not process memory) so the
// limit holds across several app instances. Per account, it stops a targeted guess at one
// password; per address, it stops one client spraying guesses over many accounts.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

export const LOGIN_WINDOW_MS = 15 * 60 * 1000
export const MAX_FAILURES_PER_ACCOUNT = 5
export const MAX_FAILURES_PER_IP = 20

const accountKey = (email: string) => `email:${email.toLowerCase()}`
const ipKey = (ip: string) => `ip:${ip}`

export type LoginAllowance = { allowed: true } | { allowed: false; retryAfterMinutes: number; message: string }

export async function checkLoginAllowed(db: Kysely<DB>, email: string, ip: string, now: Date): Promise<LoginAllowance> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS)
  const rows = await db
    .selectFrom('login_failures')
    .select(['key', (eb) => eb.fn.countAll<number>().as('failures'), (eb) => eb.fn.min('failed_at').as('oldest')])
    .where('key', 'in', [accountKey(email), ipKey(ip)])
    .where('failed_at', '>', since)
    .groupBy('key')
    .execute()
  for (const row of rows) {
    const limit = row.key.startsWith('email:') ? MAX_FAILURES_PER_ACCOUNT : MAX_FAILURES_PER_IP
    if (Number(row.failures) >= limit) {
      const freeAt = new Date(row.oldest).getTime() + LOGIN_WINDOW_MS
      const retryAfterMinutes = Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000))
      const who = row.key.startsWith('email:') ? 'this account' : 'your network address'
      return {
        allowed: false,
        retryAfterMinutes,
        message: `Too many failed login attempts for ${who}. Try again in ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? '' : 's'}, or reset your password.`,
      }
    }
  }
  return { allowed: true }
}

export async function recordLoginFailure(db: Kysely<DB>, email: string, ip: string, now: Date) {
  await db.insertInto('login_failures').values([
    { key: accountKey(email), failed_at: now },
    { key: ipKey(ip), failed_at: now },
  ]).execute()
}

/** A successful login clears the account's count; the address keeps its count. */
export async function clearAccountFailures(db: Kysely<DB>, email: string) {
  await db.deleteFrom('login_failures').where('key', '=', accountKey(email)).execute()
}

export async function pruneLoginFailures(db: Kysely<DB>, now: Date) {
  await db.deleteFrom('login_failures').where('failed_at', '<', new Date(now.getTime() - LOGIN_WINDOW_MS)).execute()
}
