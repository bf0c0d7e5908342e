// Throttles password guessing. Every login attempt is counted before its password is checked
// (in one statement per limit, see rate-limits.ts), so N parallel guesses evaluate at most the
// limit; a login that turns out right gives its attempt back.
//
// Three limits, because each stops a different attack without handing attackers a way to lock
// people out:
// - per account and address: a targeted guess at one password from one place. Counting this
//   pair, not the account alone, means a flood of wrong passwords from one address does not
//   lock the real owner out: they log in from their own address as usual;
// - per account, with a much higher ceiling: the same guessing spread over many addresses;
// - per address: one client spraying guesses over many accounts.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { clearAttempts, minutes, returnAttempt, takeAttempt, type Limit } from './rate-limits.js'

export const LOGIN_WINDOW_MS = 15 * 60 * 1000
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
export const MAX_FAILURES_PER_ACCOUNT = 50
// Higher than the others: an attempt counts until its password has been checked, so an
// office behind one address where many people log in at the same moment must fit in it.
export const MAX_FAILURES_PER_ADDRESS = 100

const account = (email: string) => email.trim().toLowerCase()
const pairKey = (email: string, ip: string) => `login:pair:${account(email)}|${ip}`
const accountKey = (email: string) => `login:account:${account(email)}`
const addressKey = (ip: string) => `login:ip:${ip}`

export type LoginAllowance = { allowed: true } | { allowed: false; retryAfterMinutes: number; message: string }

/** Counts this attempt, or refuses it with what the person can do about it. */
export async function takeLoginAttempt(db: Kysely<DB>, email: string, ip: string, now: Date): Promise<LoginAllowance> {
  const limits: Limit[] = [
    { key: pairKey(email, ip), max: MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, windowMs: LOGIN_WINDOW_MS },
    { key: accountKey(email), max: MAX_FAILURES_PER_ACCOUNT, windowMs: LOGIN_WINDOW_MS },
    { key: addressKey(ip), max: MAX_FAILURES_PER_ADDRESS, windowMs: LOGIN_WINDOW_MS },
  ]
  const allowance = await takeAttempt(db, limits, now)
  if (allowance.allowed) return allowance
  const wait = minutes(allowance.retryAfterMinutes)
  const key = allowance.limit.key
  const message = key.startsWith('login:ip:')
    ? `Too many failed login attempts from your network address. Try again in ${wait}.`
    : key.startsWith('login:pair:')
      ? `Too many failed login attempts for this account from your network address. Try again in ${wait}, or reset your password to log in straight away.`
      : `Too many failed login attempts for this account. Try again in ${wait}, or reset your password to log in straight away.`
  return { allowed: false, retryAfterMinutes: allowance.retryAfterMinutes, message }
}

/**
 * The password was right: this attempt was no failure. The account's counts are cleared (as
 * before, a good login ends a lockout in the making); the address only gets this attempt back,
 * so logging in to one account does not reset a spray over others.
 */
export async function loginSucceeded(db: Kysely<DB>, email: string, ip: string) {
  await clearAttempts(db, [pairKey(email, ip), accountKey(email)])
  await returnAttempt(db, [addressKey(ip)])
}

/** A password reset proves the owner holds the mailbox: their account may log in again at once. */
export async function clearAccountLoginLimits(db: Kysely<DB>, email: string) {
  await db.deleteFrom('rate_limits')
    .where((eb) => eb.or([eb('key', '=', accountKey(email)), eb('key', 'like', `login:pair:${escapeLike(account(email))}|%`)]))
    .execute()
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`)
