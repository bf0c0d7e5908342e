// Deals as the pure rules read them, for the unit tests of src/deals: a deal in any state with
// sensible facts, the four kinds of actor, the changes of an allowed step written back onto the
// facts (as act-on-deal.ts writes them to the row), and a seeded generator so a failing case can
// be replayed.
import { decide, type DealAction, type DealActor, type DealChanges, type DealFacts, type DealStatus } from '../../src/deals/deal-rules.js'

export const ROLES = ['buyer', 'seller', 'admin', 'system'] as const
export type Role = (typeof ROLES)[number]

export const NOW = new Date('2026-12-07T10:00:00Z')
export const HOUR = 60 * 60 * 1000
export const DAY = 24 * HOUR
export const POLICY = { autoCompleteDays: 7 }
export const PRICE = 150_000

export function actorFor(role: Role): DealActor {
  if (role === 'admin') return { role, userId: 'user-admin' }
  if (role === 'system') return { role }
  return { role, userId: `user-${role}`, companyId: `company-${role}` }
}

/** What the rules read, plus the refund a resolved deal carries (act-on-deal's factsOf passes it too). */
export type Facts = DealFacts & { refundAmount: number }

/**
 * A deal in `status` whose time-bound steps are all due: the payment deadline and the
 * automatic completion passed an hour ago, no reminder sent, nobody asked to cancel. Paid
 * states have received the price; unpaid ones nothing.
 */
export function dealIn(status: DealStatus, over: Partial<Facts> = {}): Facts {
  const paid = status !== 'awaiting_payment' && status !== 'cancelled'
  return {
    status, amount: PRICE, amountReceived: paid ? PRICE : 0, feeRateBp: 300, feeMinimum: 2_500,
    payBy: new Date(NOW.getTime() - HOUR), paymentReminderSentAt: null,
    autoCompleteAt: status === 'handed_over' ? new Date(NOW.getTime() - HOUR) : null,
    cancelRequestedBy: null, refundAmount: 0, ...over,
  }
}

/** The deal after an allowed step: its changed columns written back onto the facts. */
export function applyChanges(deal: Facts, changes: DealChanges): Facts {
  return {
    ...deal,
    status: changes.status ?? deal.status,
    amountReceived: changes.amount_received ?? deal.amountReceived,
    paymentReminderSentAt: changes.payment_reminder_sent_at ?? deal.paymentReminderSentAt,
    autoCompleteAt: changes.auto_complete_at ?? deal.autoCompleteAt,
    cancelRequestedBy: changes.cancel_requested_by !== undefined ? changes.cancel_requested_by : deal.cancelRequestedBy,
    refundAmount: changes.refund_amount ?? deal.refundAmount,
  }
}

/** Takes a step that must be allowed, and returns the deal after it. */
export function step(deal: Facts, action: DealAction, role: Role, now = NOW, policy = POLICY): Facts {
  const decision = decide(deal, action, actorFor(role), now, policy)
  if (!decision.ok) throw new Error(`${role} ${action.type} on ${deal.status}: ${decision.message}`)
  return applyChanges(deal, decision.changes)
}

/** A small seeded generator (mulberry32), so a failure can be replayed from its seed. */
export function seeded(seed: number) {
  let a = seed
  const next = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  /** A whole number from `min` to `max`, both included. */
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  /** A whole number from `min` to `max` spread evenly over the orders of magnitude, so cents and millions both come up. */
  const magnitude = (min: number, max: number) => Math.min(max, Math.max(min, Math.round(Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))))))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]
  return { next, int, magnitude, pick }
}
