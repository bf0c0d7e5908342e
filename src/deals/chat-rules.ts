// The rules of a deal's chat in one pure module: who reads and writes it, and when a person
// who has not read a message is emailed about it. Routes, the live stream, the photo route and
// the email job all ask here.
import type { DealActor } from './deal-rules.js'

export type ChatSide = 'buyer' | 'seller' | 'admin'

export const MAX_MESSAGE_LENGTH = 4000
/** A message unread this long is emailed to the people of the other side who are told about the deal. */
export const EMAIL_AFTER_MS = 10 * 60_000
/** At most one chat email per deal and person in this long; later messages wait for the next one. */
export const EMAIL_INTERVAL_MS = 60 * 60_000

export const STAFF_WRITE_REFUSAL = 'NordicLoop staff write in a deal’s messages once the deal is disputed. You can read them.'

export type ChatAccess = { side: ChatSide; mayWrite: boolean }

/**
 * What a viewer may do in a deal's chat, or null when it is none of theirs (shown as "no such
 * deal", like the deal itself).
 *
 * Both companies' members read and write, whatever state the deal is in: a completed or
 * cancelled deal can still need a word (a missing delivery note, a refund's bank details).
 *
 * NordicLoop's staff read a deal's chat at any time and write in it once the deal has been
 * disputed (also after the decision). Reading before a dispute is for support: when one side
 * asks for help, or before a dispute is opened, staff need to see what the two sides agreed,
 * and the admin deal page already shows everything else about the deal. The chat says so to
 * both sides. Writing waits for a dispute, so staff never step into a conversation that is
 * going well; a dispute is when NordicLoop becomes a party to it.
 */
export function chatAccess(deal: { disputed_at: Date | null }, actor: DealActor | null): ChatAccess | null {
  if (!actor || actor.role === 'system') return null
  if (actor.role === 'admin') return { side: 'admin', mayWrite: deal.disputed_at !== null }
  return { side: actor.role, mayWrite: true }
}

/** The sides a message from `side` is for: the other company, or both when staff write. */
export function sidesToTell(side: ChatSide): ('buyer' | 'seller')[] {
  return side === 'buyer' ? ['seller'] : side === 'seller' ? ['buyer'] : ['buyer', 'seller']
}

export type EmailDecision =
  | { kind: 'send' }
  | { kind: 'wait'; until: Date }
  | { kind: 'none' }

/**
 * Whether to email a person now about the messages they have not read and not been emailed
 * about (`unread`, oldest first; only messages from others than their own side).
 *
 * - Nothing left (they read it, or it was all in the last email): nothing to send.
 * - The oldest is not yet 10 minutes old: wait until it is (they may still read it).
 * - They had an email about this deal less than an hour ago: wait for the hour to pass.
 * - Otherwise send one email with every such message, the newest too: a message written after
 *   the first one is part of the same conversation, and would otherwise wait another hour.
 */
export function chatEmailDecision(person: { emailedAt: Date | null }, unread: readonly { createdAt: Date }[], now: Date): EmailDecision {
  if (unread.length === 0) return { kind: 'none' }
  const oldestDue = unread[0].createdAt.getTime() + EMAIL_AFTER_MS
  const intervalDue = person.emailedAt ? person.emailedAt.getTime() + EMAIL_INTERVAL_MS : 0
  const due = Math.max(oldestDue, intervalDue)
  return due <= now.getTime() ? { kind: 'send' } : { kind: 'wait', until: new Date(due) }
}
