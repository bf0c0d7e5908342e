// The deal rules without a database: every state × every step × every kind of actor against a
// table written out by hand from the deal's design (not derived from decide), then the
// deadlines to the millisecond, payments, cancelling, disputes and payouts.
import { describe, expect, it } from 'vitest'
import { DEAL_STATUSES, decide, statusWords, type DealAction, type DealStatus, type Party } from '../../src/deals/deal-rules.js'
import { feeOn } from '../../src/deals/fees.js'
import { actorFor, applyChanges, DAY, dealIn, HOUR, NOW, POLICY, PRICE, ROLES, step, type Facts, type Role } from './deal-facts.js'

type ActionType = DealAction['type']
type Expected = { who: Role[]; from: DealStatus[]; to: DealStatus | 'unchanged'; sets?: Record<string, unknown> }

const STATES: DealStatus[] = ['awaiting_payment', 'paid', 'handed_over', 'completed', 'cancelled', 'disputed', 'resolved']

/** Who may take each step, from which states, and where it leads: the deal's design, by hand. */
const EXPECTED: Record<ActionType, Expected> = {
  record_payment: { who: ['admin', 'system'], from: ['awaiting_payment'], to: 'paid', sets: { amount_received: PRICE, paid_at: NOW } },
  remind_payment: { who: ['system'], from: ['awaiting_payment'], to: 'unchanged', sets: { payment_reminder_sent_at: NOW } },
  request_cancel: { who: ['buyer', 'seller'], from: ['awaiting_payment'], to: 'unchanged' },
  agree_cancel: { who: ['buyer', 'seller'], from: ['awaiting_payment'], to: 'cancelled', sets: { cancel_reason: 'mutual', cancelled_at: NOW, cancel_requested_by: null } },
  decline_cancel: { who: ['buyer', 'seller'], from: ['awaiting_payment'], to: 'unchanged', sets: { cancel_requested_by: null } },
  cancel_unpaid: { who: ['seller'], from: ['awaiting_payment'], to: 'cancelled', sets: { cancel_reason: 'non_payment', cancelled_at: NOW } },
  arrange_collection: { who: ['buyer', 'seller'], from: ['paid'], to: 'unchanged' },
  hand_over: { who: ['seller'], from: ['paid'], to: 'handed_over', sets: { handed_over_at: NOW, auto_complete_at: new Date(NOW.getTime() + 7 * DAY) } },
  confirm_receipt: { who: ['buyer'], from: ['handed_over'], to: 'completed', sets: { completed_at: NOW } },
  auto_complete: { who: ['system'], from: ['handed_over'], to: 'completed', sets: { completed_at: NOW } },
  open_dispute: { who: ['buyer', 'seller'], from: ['paid', 'handed_over'], to: 'disputed', sets: { disputed_at: NOW, dispute_reason: 'not_as_described' } },
  resolve_dispute: { who: ['admin'], from: ['disputed'], to: 'resolved', sets: { resolution: 'release', refund_amount: 0, resolved_at: NOW } },
  record_payout: { who: ['admin'], from: ['completed', 'resolved', 'cancelled'], to: 'unchanged' },
}

const other = (role: Role): Party => (role === 'buyer' ? 'seller' : 'buyer')
const payment = (amount: number): DealAction => ({ type: 'record_payment', amount, gateway: 'bank_transfer', reference: 'RF18 NL10 42', receivedAt: NOW })
const dispute = (text = 'Half the bales are wet through.'): DealAction => ({ type: 'open_dispute', reason: 'not_as_described', text })
const resolve = (resolution: 'release' | 'refund_full' | 'refund_partial', refundAmount = 0, note = 'Photos from both sides checked.'): DealAction =>
  ({ type: 'resolve_dispute', resolution, refundAmount, note })

/** The step `type` by `role` on a deal in `status`, with every other condition of the step met. */
function attempt(type: ActionType, role: Role, status: DealStatus): { deal: Facts; action: DealAction } {
  switch (type) {
    case 'record_payment': return { deal: dealIn(status), action: payment(PRICE) }
    case 'agree_cancel':
    case 'decline_cancel': return { deal: dealIn(status, { cancelRequestedBy: other(role) }), action: { type } }
    case 'open_dispute': return { deal: dealIn(status), action: dispute() }
    case 'resolve_dispute': return { deal: dealIn(status), action: resolve('release') }
    case 'record_payout': return status === 'cancelled'
      // A deal cancelled after part was paid owes the buyer that part back.
      ? { deal: dealIn(status, { amountReceived: 40_000 }), action: { type, party: 'buyer', amount: 40_000 } }
      : { deal: dealIn(status), action: { type, party: 'seller', amount: PRICE - 4_500 } }
    default: return { deal: dealIn(status), action: { type } }
  }
}

/** A refusal people can act on: a sentence, with nothing of the program's insides in it. */
function expectHumanMessage(message: unknown, where: string) {
  expect(typeof message, where).toBe('string')
  expect(message as string, where).toMatch(/^[A-Z][^]*[.]$/)
  expect(message as string, where).not.toMatch(/undefined|null|NaN|\[object|_/)
}

describe('every state × every step × every actor', () => {
  it('covers every state the deal has', () => {
    expect([...DEAL_STATUSES].sort()).toEqual([...STATES].sort())
  })

  for (const [type, expected] of Object.entries(EXPECTED) as [ActionType, Expected][]) {
    it(`${type}: ${expected.who.join(' or ')} from ${expected.from.join(' or ')}`, () => {
      const outcome: Record<string, string> = {}
      const wanted: Record<string, string> = {}
      const refusals: { cell: string; message: string; role: Role; status: DealStatus }[] = []
      const changes: { cell: string; changes: object }[] = []
      for (const status of STATES) {
        for (const role of ROLES) {
          const cell = `${status} × ${role}`
          const { deal, action } = attempt(type, role, status)
          const decision = decide(deal, action, actorFor(role), NOW, POLICY)
          const allowed = expected.who.includes(role) && expected.from.includes(status)
          wanted[cell] = allowed ? `allowed → ${expected.to === 'unchanged' ? status : expected.to}` : 'refused'
          outcome[cell] = decision.ok ? `allowed → ${decision.changes.status ?? status}` : 'refused'
          if (decision.ok) changes.push({ cell, changes: decision.changes })
          else refusals.push({ cell, message: decision.message, role, status })
        }
      }
      expect(outcome).toEqual(wanted)
      for (const { cell, message, role, status } of refusals) {
        expectHumanMessage(message, cell)
        // Someone who can never take this step is told who can, not "not now".
        if (!expected.who.includes(role)) expect(message, cell).toMatch(/^Only .* can do this\.$/)
        else expect(message, cell).toContain(statusWords(status))
      }
      for (const { cell, changes: made } of changes) {
        if (expected.to === 'unchanged') expect(made, cell).not.toHaveProperty('status')
        expect(made, cell).toMatchObject(expected.sets ?? {})
      }
    })
  }
})

describe('deadlines, to the millisecond', () => {
  const payBy = new Date('2026-12-10T16:00:00Z')
  const at = (offsetMs: number, from = payBy) => new Date(from.getTime() + offsetMs)
  const unpaid = (over: Partial<Facts> = {}) => dealIn('awaiting_payment', { payBy, ...over })

  it.each([
    ['a day before the deadline', -DAY, false], ['1 ms before', -1, false], ['at the deadline', 0, false],
    ['1 ms after', 1, true], ['a month after', 30 * DAY, true],
  ])('the seller may cancel an unpaid deal only once the deadline has passed: %s', (_, offset, allowed) => {
    const decision = decide(unpaid(), { type: 'cancel_unpaid' }, actorFor('seller'), at(offset), POLICY)
    expect(decision.ok).toBe(allowed)
    if (!decision.ok) expect(decision.message).toMatch(/still has time to pay/)
  })

  it.each([
    ['a week before', -7 * DAY, false], ['2 days and 1 ms before', -2 * DAY - 1, false], ['exactly 2 days before', -2 * DAY, true],
    ['an hour before', -HOUR, true], ['at the deadline', 0, true], ['after the deadline', 3 * DAY, true],
  ])('the payment reminder goes out from 2 days before the deadline: %s', (_, offset, allowed) => {
    const decision = decide(unpaid(), { type: 'remind_payment' }, actorFor('system'), at(offset), POLICY)
    expect(decision.ok).toBe(allowed)
    if (decision.ok) expect(decision.changes).toEqual({ payment_reminder_sent_at: at(offset) })
    else expect(decision.message).toMatch(/too early/)
  })

  it('sends the reminder once', () => {
    const reminded = step(unpaid(), { type: 'remind_payment' }, 'system', at(-DAY))
    const again = decide(reminded, { type: 'remind_payment' }, actorFor('system'), at(-HOUR), POLICY)
    expect(again).toEqual({ ok: false, message: 'The reminder has been sent already.' })
  })

  it.each([1, 7, 30, 90])('hand-over starts the buyer’s %i days, after which the deal completes by itself', (days) => {
    const policy = { autoCompleteDays: days }
    const handed = step(dealIn('paid'), { type: 'hand_over' }, 'seller', NOW, policy)
    const due = new Date(NOW.getTime() + days * DAY)
    expect(handed).toMatchObject({ status: 'handed_over', autoCompleteAt: due })

    const autoAt = (t: Date) => decide(handed, { type: 'auto_complete' }, actorFor('system'), t, policy)
    expect(autoAt(at(-1, due))).toEqual({ ok: false, message: 'The buyer still has time to confirm or dispute.' })
    expect(autoAt(due)).toEqual({ ok: true, changes: { status: 'completed', completed_at: due } })
    expect(autoAt(at(1, due)).ok).toBe(true)
    // Until then the buyer may still confirm or dispute.
    expect(decide(handed, { type: 'confirm_receipt' }, actorFor('buyer'), at(-1, due), policy).ok).toBe(true)
    expect(decide(handed, dispute(), actorFor('buyer'), at(-1, due), policy).ok).toBe(true)
  })

  it('never completes by itself a handed-over deal that has no completion time', () => {
    const decision = decide(dealIn('handed_over', { autoCompleteAt: null }), { type: 'auto_complete' }, actorFor('system'), at(365 * DAY), POLICY)
    expect(decision.ok).toBe(false)
  })
})

describe('payments', () => {
  const unpaid = (over: Partial<Facts> = {}) => dealIn('awaiting_payment', over)

  it('keeps waiting after part of the price, adding what came in', () => {
    const decision = decide(unpaid(), payment(50_000), actorFor('admin'), NOW, POLICY)
    expect(decision).toEqual({ ok: true, changes: { amount_received: 50_000, cancel_requested_by: null } })
    const again = decide(unpaid({ amountReceived: 50_000 }), payment(99_999), actorFor('system'), NOW, POLICY)
    expect(again).toEqual({ ok: true, changes: { amount_received: 149_999, cancel_requested_by: null } })
  })

  it.each([
    ['the exact price at once', 0, PRICE], ['the rest of the price', 50_000, PRICE - 50_000],
    ['one cent too much', 0, PRICE + 1], ['twice the price', 0, 2 * PRICE], ['too much on top of a part', 100_000, 100_000],
  ])('is paid by %s', (_, before, amount) => {
    const decision = decide(unpaid({ amountReceived: before, cancelRequestedBy: 'buyer' }), payment(amount), actorFor('admin'), NOW, POLICY)
    // A request to cancel falls away once the deal is paid.
    expect(decision).toEqual({ ok: true, changes: { status: 'paid', paid_at: NOW, amount_received: before + amount, cancel_requested_by: null } })
  })

  it.each([0, -1, -PRICE, 0.5, 1.5, 100.01, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'refuses an amount received of %s', (amount) => {
      expect(decide(unpaid(), payment(amount), actorFor('admin'), NOW, POLICY))
        .toEqual({ ok: false, message: 'The amount received must be more than zero.' })
    })

  it('records nothing more once the deal is paid', () => {
    expect(decide(dealIn('paid'), payment(1), actorFor('admin'), NOW, POLICY).ok).toBe(false)
  })
})

describe('cancelling by agreement', () => {
  const unpaid = (over: Partial<Facts> = {}) => dealIn('awaiting_payment', over)

  it.each(['buyer', 'seller'] as const)('the %s asks, the other side agrees, the deal is cancelled', (asker) => {
    const asked = step(unpaid(), { type: 'request_cancel' }, asker)
    expect(asked.cancelRequestedBy).toBe(asker)
    expect(decide(asked, { type: 'request_cancel' }, actorFor(other(asker)), NOW, POLICY).ok).toBe(false)
    expect(decide(asked, { type: 'agree_cancel' }, actorFor(asker), NOW, POLICY))
      .toEqual({ ok: false, message: 'You asked to cancel; the other side has to agree.' })
    expect(step(asked, { type: 'agree_cancel' }, other(asker))).toMatchObject({ status: 'cancelled', cancelRequestedBy: null })
  })

  it.each(['buyer', 'seller'] as const)('a request by the buyer is declined by the %s (or taken back), and the deal stands', (who) => {
    const declined = step(unpaid({ cancelRequestedBy: 'buyer' }), { type: 'decline_cancel' }, who)
    expect(declined).toMatchObject({ status: 'awaiting_payment', cancelRequestedBy: null })
    expect(decide(declined, { type: 'agree_cancel' }, actorFor('seller'), NOW, POLICY).ok).toBe(false)
  })

  it('there is nothing to agree to or decline when nobody asked', () => {
    for (const type of ['agree_cancel', 'decline_cancel'] as const) {
      expect(decide(unpaid(), { type }, actorFor('seller'), NOW, POLICY))
        .toEqual({ ok: false, message: 'Nobody has asked to cancel this deal.' })
    }
  })

  it('cannot be asked for once money has come in', () => {
    expect(decide(unpaid({ amountReceived: 1 }), { type: 'request_cancel' }, actorFor('buyer'), NOW, POLICY).ok).toBe(false)
  })

  // Refused when asked after money came in (above); a request made before a part-payment must
  // not be agreed to afterwards either: the parties would cancel a deal holding the buyer's
  // money between themselves, which only NordicLoop may do. The payment clears the request.
  it('cannot be agreed to once money has come in, even if it was asked for before', () => {
    const asked = step(unpaid(), { type: 'request_cancel' }, 'buyer')
    const partPaid = step(asked, payment(50_000), 'admin')
    expect(decide(partPaid, { type: 'agree_cancel' }, actorFor('seller'), NOW, POLICY).ok).toBe(false)
  })
})

describe('disputes', () => {
  it.each(['buyer', 'seller'] as const)('the %s opens one with what went wrong', (who) => {
    const decision = decide(dealIn('handed_over'), dispute('Bales weigh 300 kg, not 400.'), actorFor(who), NOW, POLICY)
    expect(decision).toEqual({
      ok: true, changes: { status: 'disputed', disputed_at: NOW, disputed_by: who, dispute_reason: 'not_as_described', dispute_text: 'Bales weigh 300 kg, not 400.' },
    })
  })

  it.each(['', '   ', '\n\t '])('needs words saying what went wrong (not %j)', (text) => {
    expect(decide(dealIn('paid'), dispute(text), actorFor('buyer'), NOW, POLICY).ok).toBe(false)
  })

  it.each(['', '  \n'])('is resolved only with a note to both sides (not %j)', (note) => {
    expect(decide(dealIn('disputed'), resolve('release', 0, note), actorFor('admin'), NOW, POLICY))
      .toEqual({ ok: false, message: 'Write a note for both sides explaining the decision.' })
  })

  it.each([
    ['release', 0, 0], ['refund_full', 999, PRICE], ['refund_partial', 1, 1], ['refund_partial', 50_000, 50_000], ['refund_partial', PRICE - 1, PRICE - 1],
  ] as const)('resolves with %s (asked %i): refunds %i, fee on what the seller keeps', (resolution, asked, refund) => {
    const decision = decide(dealIn('disputed'), resolve(resolution, asked), actorFor('admin'), NOW, POLICY)
    expect(decision).toEqual({ ok: true, changes: {
      status: 'resolved', resolved_at: NOW, resolution, resolution_note: 'Photos from both sides checked.', refund_amount: refund,
      fee_amount: feeOn(PRICE - refund, { feeRateBp: 300, feeMinimum: 2_500 }),
    } })
  })

  it.each([0, -1, PRICE, PRICE + 1, 1.5, Number.NaN])('refuses a partial refund of %s', (refund) => {
    const decision = decide(dealIn('disputed'), resolve('refund_partial', refund), actorFor('admin'), NOW, POLICY)
    expect(decision.ok).toBe(false)
    if (!decision.ok) expect(decision.message).toMatch(/partial refund is more than nothing and less than the whole price/)
  })
})

describe('payouts', () => {
  const payout = (party: Party, amount: number): DealAction => ({ type: 'record_payout', party, amount })
  const admin = actorFor('admin')
  const completed = dealIn('completed')
  const overPaid = dealIn('completed', { amountReceived: PRICE + 700 })
  const halfRefunded = step(dealIn('disputed'), resolve('refund_partial', 60_000), 'admin')

  it.each([
    ['the seller of a completed deal', completed, 'seller', PRICE - 4_500],
    ['the buyer who paid too much', overPaid, 'buyer', 700],
    ['the seller after a partial refund', halfRefunded, 'seller', 90_000 - 2_700],
    ['the buyer after a partial refund', halfRefunded, 'buyer', 60_000],
    ['the buyer of a deal cancelled after a part-payment', dealIn('cancelled', { amountReceived: 12_345 }), 'buyer', 12_345],
  ] as const)('pays %s exactly what is owed', (_, deal, party, owed) => {
    expect(decide(deal, payout(party, owed), admin, NOW, POLICY)).toEqual({ ok: true, changes: {} })
    for (const wrong of [owed - 1, owed + 1, 0]) {
      const decision = decide(deal, payout(party, wrong), admin, NOW, POLICY)
      expect(decision.ok, `${wrong}`).toBe(false)
      if (!decision.ok) expect(decision.message).toBe(`The ${party} is owed exactly ${owed} (minor units); record that amount.`)
    }
  })

  it.each([
    ['the buyer of a completed deal paid exactly', completed, 'buyer'],
    ['the seller of a cancelled deal', dealIn('cancelled', { amountReceived: 12_345 }), 'seller'],
    ['the buyer of a deal cancelled before any payment', dealIn('cancelled'), 'buyer'],
    ['the seller after a full refund', applyChanges(dealIn('disputed'), { status: 'resolved', refund_amount: PRICE }), 'seller'],
  ] as const)('pays nothing to %s', (_, deal, party) => {
    expect(decide(deal, payout(party, 1), admin, NOW, POLICY)).toEqual({ ok: false, message: `Nothing is owed to the ${party} on this deal.` })
  })
})
