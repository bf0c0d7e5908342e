// The rules of a deal, in one pure module: which step is allowed for whom in which state and
// at what time, and what it changes. No database and no clock of its own: the caller passes
// the deal it has locked, the actor and the time (src/deals/act-on-deal.ts does that).
import { feeOn } from './fees.js'

export const DEAL_STATUSES = ['awaiting_payment', 'paid', 'handed_over', 'completed', 'cancelled', 'disputed', 'resolved'] as const
export type DealStatus = (typeof DEAL_STATUSES)[number]
export type Party = 'buyer' | 'seller'
export type DealActor =
  | { role: Party; userId: string; companyId: string }
  | { role: 'admin'; userId: string }
  | { role: 'system' }

export const DISPUTE_REASONS = { not_as_described: 'Not as described', not_collected: 'Not collected or delivered', quantity_short: 'Quantity short', other: 'Other' } as const
export type DisputeReason = keyof typeof DISPUTE_REASONS
export type Resolution = 'release' | 'refund_full' | 'refund_partial'

/** The configured part of the rules (src/deals/terms.ts). */
export type DealPolicy = { autoCompleteDays: number }
const DAY_MS = 24 * 60 * 60 * 1000

/** How long the payment reminder goes out before the deadline. */
export const REMINDER_BEFORE_MS = 2 * DAY_MS

/** What the rules read of a deal. */
export type DealFacts = {
  status: DealStatus
  amount: number
  amountReceived: number
  feeRateBp: number
  feeMinimum: number
  payBy: Date
  paymentReminderSentAt: Date | null
  autoCompleteAt: Date | null
  cancelRequestedBy: Party | null
  /** Refunded to the buyer by a dispute's decision; 0 otherwise. */
  refundAmount: number
  /** The VAT included in `amount` (what the buyer pays); the fee is on the price without it. Absent: none. */
  vatAmount?: number
}

export type DealAction =
  | { type: 'record_payment'; amount: number; gateway: string; reference: string; receivedAt: Date }
  | { type: 'remind_payment' }
  | { type: 'request_cancel' }
  | { type: 'agree_cancel' }
  | { type: 'decline_cancel' }
  | { type: 'cancel_unpaid' }
  | { type: 'arrange_collection' }
  | { type: 'hand_over' }
  | { type: 'confirm_receipt' }
  | { type: 'auto_complete' }
  | { type: 'open_dispute'; reason: DisputeReason; text: string }
  | { type: 'resolve_dispute'; resolution: Resolution; refundAmount: number; note: string }
  | { type: 'record_payout'; party: Party; amount: number }

/** What a step changes; `status` only when the deal moves on. */
export type DealChanges = {
  status?: DealStatus
  amount_received?: number
  paid_at?: Date
  payment_reminder_sent_at?: Date
  cancel_requested_by?: Party | null
  cancelled_at?: Date
  cancel_reason?: 'non_payment' | 'mutual'
  handed_over_at?: Date
  auto_complete_at?: Date
  completed_at?: Date
  disputed_at?: Date
  disputed_by?: Party
  dispute_reason?: DisputeReason
  dispute_text?: string
  resolved_at?: Date
  resolution?: Resolution
  resolution_note?: string
  refund_amount?: number
  fee_amount?: number
}

export type Decision = { ok: true; changes: DealChanges } | { ok: false; message: string }

const refuse = (message: string): Decision => ({ ok: false, message })
const allow = (changes: DealChanges): Decision => ({ ok: true, changes })

const STATUS_WORDS: Record<DealStatus, string> = {
  awaiting_payment: 'awaiting payment', paid: 'paid', handed_over: 'handed over', completed: 'completed',
  cancelled: 'cancelled', disputed: 'in dispute', resolved: 'resolved',
}
export const statusWords = (s: DealStatus) => STATUS_WORDS[s]

function onlyFor(actor: DealActor, ...roles: DealActor['role'][]): string | null {
  if (roles.includes(actor.role)) return null
  const who = roles.map((r) => (r === 'system' ? 'NordicLoop' : r === 'admin' ? 'an admin' : `the ${r}`)).join(' or ')
  return `Only ${who} can do this.`
}

/**
 * Decides one step. Every refusal says why in words the person can act on; an allowed step
 * returns the columns it changes. Money is integer minor units throughout.
 */
export function decide(deal: DealFacts, action: DealAction, actor: DealActor, now: Date, policy: DealPolicy): Decision {
  const inState = (...states: DealStatus[]) =>
    states.includes(deal.status) ? null : `This deal is ${statusWords(deal.status)}; that step is not possible now.`
  const check = (...problems: (string | null)[]) => problems.find((p) => p !== null) ?? null

  switch (action.type) {
    case 'record_payment': {
      const problem = check(onlyFor(actor, 'admin', 'system'), inState('awaiting_payment'),
        Number.isSafeInteger(action.amount) && action.amount > 0 ? null : 'The amount received must be more than zero.')
      if (problem) return refuse(problem)
      const received = deal.amountReceived + action.amount
      // Short of the price the deal keeps waiting for the rest; the whole price (or more) pays it.
      // Money in ends any request to cancel by agreement: a paid deal is cancelled by NordicLoop.
      return allow(received >= deal.amount
        ? { amount_received: received, status: 'paid', paid_at: now, cancel_requested_by: null }
        : { amount_received: received, cancel_requested_by: null })
    }
    case 'remind_payment': {
      const problem = check(onlyFor(actor, 'system'), inState('awaiting_payment'),
        deal.paymentReminderSentAt ? 'The reminder has been sent already.' : null,
        now.getTime() >= deal.payBy.getTime() - REMINDER_BEFORE_MS ? null : 'It is too early for the reminder.')
      return problem ? refuse(problem) : allow({ payment_reminder_sent_at: now })
    }
    case 'request_cancel': {
      const problem = check(onlyFor(actor, 'buyer', 'seller'), inState('awaiting_payment'),
        deal.amountReceived > 0 ? 'Money has been received for this deal; ask NordicLoop to cancel it.' : null,
        deal.cancelRequestedBy ? 'Cancelling is already asked for; the other side can agree or decline.' : null)
      return problem ? refuse(problem) : allow({ cancel_requested_by: actor.role as Party })
    }
    case 'agree_cancel': {
      const problem = check(onlyFor(actor, 'buyer', 'seller'), inState('awaiting_payment'),
        deal.cancelRequestedBy === null ? 'Nobody has asked to cancel this deal.' : null,
        deal.cancelRequestedBy === actor.role ? 'You asked to cancel; the other side has to agree.' : null,
        deal.amountReceived > 0 ? 'Money has been received for this deal; ask NordicLoop to cancel it.' : null)
      // A cancelled deal earns no fee.
      return problem ? refuse(problem) : allow({ status: 'cancelled', cancelled_at: now, cancel_reason: 'mutual', cancel_requested_by: null, fee_amount: 0 })
    }
    case 'decline_cancel': {
      // The side that asked may also take its request back.
      const problem = check(onlyFor(actor, 'buyer', 'seller'), inState('awaiting_payment'),
        deal.cancelRequestedBy === null ? 'Nobody has asked to cancel this deal.' : null)
      return problem ? refuse(problem) : allow({ cancel_requested_by: null })
    }
    case 'cancel_unpaid': {
      const problem = check(onlyFor(actor, 'seller'), inState('awaiting_payment'),
        now.getTime() > deal.payBy.getTime() ? null : 'The buyer still has time to pay; you can cancel once the payment deadline has passed.')
      return problem ? refuse(problem) : allow({ status: 'cancelled', cancelled_at: now, cancel_reason: 'non_payment', cancel_requested_by: null, fee_amount: 0 })
    }
    case 'arrange_collection': {
      const problem = check(onlyFor(actor, 'buyer', 'seller'), inState('paid'))
      return problem ? refuse(problem) : allow({})
    }
    case 'hand_over': {
      const problem = check(onlyFor(actor, 'seller'), inState('paid'))
      // The buyer has this long to confirm or dispute; then the deal completes by itself.
      return problem ? refuse(problem)
        : allow({ status: 'handed_over', handed_over_at: now, auto_complete_at: new Date(now.getTime() + policy.autoCompleteDays * DAY_MS) })
    }
    case 'confirm_receipt': {
      const problem = check(onlyFor(actor, 'buyer'), inState('handed_over'))
      return problem ? refuse(problem) : allow({ status: 'completed', completed_at: now })
    }
    case 'auto_complete': {
      const problem = check(onlyFor(actor, 'system'), inState('handed_over'),
        deal.autoCompleteAt && now.getTime() >= deal.autoCompleteAt.getTime() ? null : 'The buyer still has time to confirm or dispute.')
      return problem ? refuse(problem) : allow({ status: 'completed', completed_at: now })
    }
    case 'open_dispute': {
      const problem = check(onlyFor(actor, 'buyer', 'seller'), inState('paid', 'handed_over'),
        action.text.trim() ? null : 'Say what went wrong, so that NordicLoop can help.')
      return problem ? refuse(problem)
        : allow({ status: 'disputed', disputed_at: now, disputed_by: actor.role as Party, dispute_reason: action.reason, dispute_text: action.text })
    }
    case 'resolve_dispute': {
      const { resolution, refundAmount } = action
      const refund = resolution === 'refund_full' ? deal.amount : resolution === 'release' ? 0 : refundAmount
      const problem = check(onlyFor(actor, 'admin'), inState('disputed'),
        action.note.trim() ? null : 'Write a note for both sides explaining the decision.',
        resolution !== 'refund_partial' || (Number.isSafeInteger(refund) && refund > 0 && refund < deal.amount)
          ? null : 'A partial refund is more than nothing and less than the whole price; otherwise choose a full refund or a release.')
      if (problem) return refuse(problem)
      return allow({
        status: 'resolved', resolved_at: now, resolution, resolution_note: action.note, refund_amount: refund,
        // The fee is on what the seller keeps, without its VAT.
        fee_amount: feeOn(netPart(deal.amount - refund, deal), deal),
      })
    }
    case 'record_payout': {
      const due = settlement({ ...deal }).owed[action.party]
      const problem = check(onlyFor(actor, 'admin'), inState('completed', 'resolved', 'cancelled'),
        due > 0 ? null : `Nothing is owed to the ${action.party} on this deal.`,
        action.amount === due ? null : `The ${action.party} is owed exactly ${due} (minor units); record that amount.`)
      return problem ? refuse(problem) : allow({})
    }
  }
}

/** What the seller keeps of the price once a deal is settled, before the fee. */
function keptBySeller(deal: Pick<DealFacts, 'status' | 'amount' | 'refundAmount'>): number {
  if (deal.status === 'completed') return deal.amount
  if (deal.status === 'resolved') return deal.amount - deal.refundAmount
  return 0
}

/**
 * Where the money received goes: the seller's payout (what they keep less the fee), the
 * buyer's refund (a refund decided in a dispute, an over-payment, or everything paid on a
 * cancelled deal) and the platform's fee. The three always add up to what was received, once
 * the deal is settled; before that nothing is owed.
 */
export function settlement(deal: Pick<DealFacts, 'status' | 'amount' | 'amountReceived' | 'feeRateBp' | 'feeMinimum' | 'refundAmount' | 'vatAmount'>) {
  const settled = deal.status === 'completed' || deal.status === 'resolved' || deal.status === 'cancelled'
  if (!settled) return { settled, fee: 0, owed: { seller: 0, buyer: 0 } }
  const kept = Math.min(keptBySeller(deal), deal.amountReceived)
  const fee = feeOn(netPart(kept, deal), deal)
  return { settled, fee, owed: { seller: kept - fee, buyer: deal.amountReceived - kept } }
}

/**
 * The part of `gross` (some or all of what the buyer pays) that is price rather than VAT, in
 * proportion, half a cent up; without VAT it is all price. BigInt keeps the product exact.
 */
export function netPart(gross: number, deal: Pick<DealFacts, 'amount' | 'vatAmount'>): number {
  const vat = deal.vatAmount ?? 0
  if (vat === 0 || gross <= 0 || deal.amount <= 0) return Math.max(gross, 0)
  if (gross >= deal.amount) return gross - vat
  const product = BigInt(gross) * BigInt(deal.amount - vat)
  return Number((product * 2n + BigInt(deal.amount)) / (2n * BigInt(deal.amount)))
}
