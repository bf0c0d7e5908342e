// Emails a visitor can make us send (password reset, a new verification link, an invitation,
// notices to an address that already has an account) are throttled like logins: per recipient,
// so nobody can bomb one inbox through us, and per address, so one client cannot spray many
// inboxes. Counted before anything is looked up, so being throttled says nothing about whether
// an address has an account.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { minutes, takeAttempt } from './rate-limits.js'

export type MailKind = 'password-reset' | 'verification' | 'invitation' | 'account-notice' | 'email-change'

export const MAIL_WINDOW_MS = 60 * 60 * 1000
export const MAX_MAILS_PER_RECIPIENT = 3
export const MAX_MAILS_PER_ADDRESS = 20

export type MailAllowance = { allowed: true } | { allowed: false; retryAfterMinutes: number; message: string }

export async function takeMailAllowance(
  db: Kysely<DB>,
  kind: MailKind,
  who: { to: string; ip: string },
  now: Date,
): Promise<MailAllowance> {
  const recipientKey = `mail:${kind}:to:${who.to.trim().toLowerCase()}`
  const allowance = await takeAttempt(db, [
    { key: recipientKey, max: MAX_MAILS_PER_RECIPIENT, windowMs: MAIL_WINDOW_MS },
    { key: `mail:${kind}:ip:${who.ip}`, max: MAX_MAILS_PER_ADDRESS, windowMs: MAIL_WINDOW_MS },
  ], now)
  if (allowance.allowed) return allowance
  const wait = minutes(allowance.retryAfterMinutes)
  const message = allowance.limit.key === recipientKey
    ? `We have already sent several emails to this address in the last hour. Check the inbox and the spam folder, or try again in ${wait}.`
    : `Too many requests from your network address. Try again in ${wait}.`
  return { allowed: false, retryAfterMinutes: allowance.retryAfterMinutes, message }
}
