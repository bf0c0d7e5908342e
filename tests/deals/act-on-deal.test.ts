// Deal steps against PostgreSQL, on deals made the real way (a fixed-price lot bought through
// the app). A step either happens completely (the row, one history line, one email per person
// told) or not at all; people outside the deal learn nothing; steps racing on one deal are
// serialised by its row lock, and the same receipt or payout is recorded once.
import { describe, expect, it } from 'vitest'
import { TEST_BASE_URL } from '../support/test-app.js'
import { factsOf, NOT_YOURS, roleIn, type DealRow, type StepEffect } from '../../src/deals/act-on-deal.js'
import { decide, type DealAction, type DealActor, type DealStatus, type Party } from '../../src/deals/deal-rules.js'
import { feeOn } from '../../src/deals/fees.js'
import { recordPayment, recordPayout } from '../../src/deals/money-steps.js'
import { atOnce, DAY, dealWorld, emailsSince, expectNothingChanged, footprint, HOUR, MINUTE, payment, PRICE } from './deal-world.js'

const { db, clock, terms, viewers, outsiders, recipients, buyLot, act } = await dealWorld()
const trail = (deal: Pick<DealRow, 'id'>) => footprint(db, deal.id)

type Who = keyof typeof viewers
const ROLE_OF: Record<Who, DealActor['role']> = { buyer: 'buyer', buyerColleague: 'buyer', seller: 'seller', sellerOwner: 'seller', admin: 'admin', system: 'system' }
const BOTH_SIDES: Party[] = ['buyer', 'seller']
const dispute: DealAction = { type: 'open_dispute', reason: 'quantity_short', text: 'Two of twelve bales missing.' }

/** One of each step, each one someone in the deal could take at some point. */
const EVERY_STEP: DealAction[] = [
  payment(PRICE), { type: 'remind_payment' }, { type: 'request_cancel' }, { type: 'agree_cancel' }, { type: 'decline_cancel' },
  { type: 'cancel_unpaid' }, { type: 'arrange_collection' }, { type: 'hand_over' }, { type: 'confirm_receipt' }, { type: 'auto_complete' },
  dispute, { type: 'resolve_dispute', resolution: 'release', refundAmount: 0, note: 'Fine.' }, { type: 'record_payout', party: 'seller', amount: PRICE - 4_500 },
]

describe('people outside the deal', () => {
  it('are told there is no such deal, for every step, and nothing changes', async () => {
    const unpaid = await buyLot()
    const handedOver = await buyLot()
    expect((await act(handedOver, viewers.admin, payment(PRICE))).ok).toBe(true)
    expect((await act(handedOver, viewers.seller, { type: 'hand_over' })).ok).toBe(true)
    for (const deal of [unpaid, handedOver]) {
      const before = await trail(deal)
      for (const [who, viewer] of Object.entries(outsiders)) {
        for (const action of EVERY_STEP) {
          expect(await act(deal, viewer, action, new Date(deal.pay_by.getTime() + 30 * DAY)), `${who}: ${action.type}`)
            .toEqual({ ok: false, status: 404, message: NOT_YOURS })
        }
      }
      await expectNothingChanged(db, before)
    }
  })

  it('cannot tell a deal that exists from one that does not', async () => {
    expect(await act({ id: crypto.randomUUID() }, viewers.buyer, { type: 'request_cancel' })).toEqual({ ok: false, status: 404, message: NOT_YOURS })
  })
})

type Step = { who: Who; action: DealAction; becomes: DealStatus; tell?: Party[]; at?: (deal: DealRow) => Date }

/** Whole lives of a deal, one legal step after another; `tell` is who is emailed (both sides unless said). */
const LIVES: Record<string, Step[]> = {
  'disputed and partly refunded': [
    { who: 'buyer', action: { type: 'request_cancel' }, becomes: 'awaiting_payment' },
    { who: 'seller', action: { type: 'decline_cancel' }, becomes: 'awaiting_payment' },
    { who: 'system', action: { type: 'remind_payment' }, becomes: 'awaiting_payment', tell: ['buyer'], at: (d) => new Date(d.pay_by.getTime() - DAY) },
    { who: 'admin', action: payment(50_000), becomes: 'awaiting_payment' },
    { who: 'system', action: payment(100_000), becomes: 'paid' },
    { who: 'buyerColleague', action: { type: 'arrange_collection' }, becomes: 'paid' },
    { who: 'seller', action: { type: 'hand_over' }, becomes: 'handed_over' },
    { who: 'buyer', action: dispute, becomes: 'disputed' },
    { who: 'admin', action: { type: 'resolve_dispute', resolution: 'refund_partial', refundAmount: 25_000, note: 'Two bales refunded.' }, becomes: 'resolved' },
    { who: 'admin', action: { type: 'record_payout', party: 'buyer', amount: 25_000 }, becomes: 'resolved' },
    { who: 'admin', action: { type: 'record_payout', party: 'seller', amount: 125_000 - feeOn(125_000, terms.fees) }, becomes: 'resolved' },
  ],
  'confirmed by the buyer': [
    { who: 'admin', action: payment(PRICE + 1_000), becomes: 'paid' },
    { who: 'sellerOwner', action: { type: 'hand_over' }, becomes: 'handed_over' },
    { who: 'buyer', action: { type: 'confirm_receipt' }, becomes: 'completed' },
    { who: 'admin', action: { type: 'record_payout', party: 'buyer', amount: 1_000 }, becomes: 'completed' },
  ],
  'completed by itself': [
    { who: 'system', action: payment(PRICE), becomes: 'paid' },
    { who: 'seller', action: { type: 'hand_over' }, becomes: 'handed_over' },
    { who: 'system', action: { type: 'auto_complete' }, becomes: 'completed', at: (d) => d.auto_complete_at! },
  ],
  'disputed by the seller before hand-over': [
    { who: 'admin', action: payment(PRICE), becomes: 'paid' },
    { who: 'seller', action: dispute, becomes: 'disputed' },
    { who: 'admin', action: { type: 'resolve_dispute', resolution: 'refund_full', refundAmount: 0, note: 'Lot withdrawn.' }, becomes: 'resolved' },
  ],
  'cancelled by agreement': [
    { who: 'seller', action: { type: 'request_cancel' }, becomes: 'awaiting_payment' },
    { who: 'buyerColleague', action: { type: 'agree_cancel' }, becomes: 'cancelled' },
  ],
  'cancelled unpaid': [
    { who: 'admin', action: payment(20_000), becomes: 'awaiting_payment' },
    { who: 'seller', action: { type: 'cancel_unpaid' }, becomes: 'cancelled', at: (d) => new Date(d.pay_by.getTime() + MINUTE) },
    { who: 'admin', action: { type: 'record_payout', party: 'buyer', amount: 20_000 }, becomes: 'cancelled' },
  ],
}

describe('a legal step', () => {
  it.each(Object.keys(LIVES))('writes the change, one history line and one email to each person told: %s', async (life) => {
    let deal = await buyLot()
    let now = new Date(deal.created_at.getTime() + HOUR)
    for (const [i, { who, action, becomes, tell = BOTH_SIDES, at }] of LIVES[life].entries()) {
      const where = `step ${i + 1}, ${who} ${action.type}`
      now = at ? at(deal) : new Date(now.getTime() + MINUTE)
      const before = await trail(deal)
      const result = await act(deal, viewers[who], action, now)
      if (!result.ok) expect.fail(`${where}: ${result.message}`)
      const after = await trail(deal)
      deal = after.deal

      expect(result.deal, where).toEqual(deal)
      expect(deal, where).toMatchObject({ status: becomes, version: before.deal.version + 1, updated_at: now })
      const viewer = viewers[who]
      expect(after.events.slice(0, before.events.length), where).toEqual(before.events)
      expect(after.events.slice(before.events.length), where).toMatchObject([
        { kind: action.type, actor_role: ROLE_OF[who], actor_user_id: viewer === 'system' ? null : viewer.userId, created_at: now },
      ])

      const emails = await emailsSince(db, before)
      expect(emails.map((e) => e.to_address).sort(), where).toEqual(tell.map((side) => recipients[side]).sort())
      for (const email of emails) {
        expect(email.template, where).toBe('deal-update')
        expect(email.subject, where).toContain(`Deal ${deal.number}`)
        expect(email.text_body, where).toContain(`${TEST_BASE_URL}/deals/${deal.id}`)
        expect(email.html_body, where).toContain(`href="${TEST_BASE_URL}/deals/${deal.id}"`)
      }
    }
  })
})

describe('an illegal step', () => {
  it.each([
    ['the buyer hands over', 'buyer', { type: 'hand_over' }],
    ['the seller confirms receipt', 'seller', { type: 'confirm_receipt' }],
    ['the seller records a payment', 'seller', payment(PRICE)],
    ['an admin opens a dispute', 'admin', dispute],
    ['the seller cancels before the deadline', 'seller', { type: 'cancel_unpaid' }],
    ['the system completes an unpaid deal', 'system', { type: 'auto_complete' }],
    ['the buyer agrees to a cancelling nobody asked for', 'buyerColleague', { type: 'agree_cancel' }],
    ['an admin records a payment of nothing', 'admin', payment(0)],
    ['an admin pays out before the deal is settled', 'admin', { type: 'record_payout', party: 'seller', amount: PRICE }],
  ] as [string, Who, DealAction][])('is refused with the rules’ words and changes nothing: %s', async (_, who, action) => {
    const deal = await buyLot()
    const before = await trail(deal)
    const now = clock()
    const rules = decide(factsOf(deal), action, roleIn(deal, viewers[who])!, now, { autoCompleteDays: terms.autoCompleteDays })
    if (rules.ok) expect.fail('the rules allow this step')
    expect(await act(deal, viewers[who], action, now)).toEqual({ ok: false, status: 409, message: rules.message })
    await expectNothingChanged(db, before)
  })

  it('is refused, leaving nothing behind, when its effect refuses or fails', async () => {
    const deal = await buyLot()
    const before = await trail(deal)
    const refusing: StepEffect = async () => ({ refusal: 'This receipt has been recorded already.' })
    expect(await act(deal, viewers.admin, payment(PRICE), clock(), refusing))
      .toEqual({ ok: false, status: 409, message: 'This receipt has been recorded already.' })
    const failing: StepEffect = async (trx, d, actor) => {
      await recordReceipt(PRICE, 'half-written')(trx, d, actor)
      throw new Error('the bank’s file could not be read')
    }
    await expect(act(deal, viewers.admin, payment(PRICE), clock(), failing)).rejects.toThrow('could not be read')
    await expectNothingChanged(db, before)
  })
})

/** Records a receipt as a payment row; the same receipt (gateway and reference) is refused the second time. */
const recordReceipt = (amount: number, reference: string): StepEffect => async (trx, deal, actor) => {
  const row = await trx.insertInto('deal_payments').values({
    deal_id: deal.id, gateway: 'bank_transfer', amount, reference, received_at: clock(), created_at: clock(),
    recorded_by: 'userId' in actor ? actor.userId : null,
  }).onConflict((oc) => oc.columns(['deal_id', 'gateway', 'reference']).doNothing()).returning('id').executeTakeFirst()
  const outcome: Awaited<ReturnType<StepEffect>> = row ? {} : { refusal: 'This receipt has been recorded already.' }
  return outcome
}

describe('steps at the same moment', () => {
  it.each([0, 1, 2, 3, 4, 5])('the buyer confirms while the seller disputes: one wins, the other is refused (race %i)', async (race) => {
    const deal = await buyLot()
    await act(deal, viewers.admin, payment(PRICE))
    await act(deal, viewers.seller, { type: 'hand_over' })
    const before = await trail(deal)
    const steps = { confirm: () => act(deal, viewers.buyer, { type: 'confirm_receipt' }), dispute: () => act(deal, viewers.seller, dispute) }
    // Each side starts first in turn; the lock, not the start, decides.
    const order = race % 2 ? (['confirm', 'dispute'] as const) : (['dispute', 'confirm'] as const)
    const results = await atOnce(db, deal.id, order.map((k) => steps[k]))
    const [confirmed, disputed] = [results[order.indexOf('confirm')], results[order.indexOf('dispute')]]

    expect([confirmed.ok, disputed.ok].filter(Boolean)).toHaveLength(1)
    const after = await trail(deal)
    const added = after.events.slice(before.events.length).map((e) => e.kind)
    if (confirmed.ok) {
      expect(disputed).toEqual({ ok: false, status: 409, message: 'This deal is completed; that step is not possible now.' })
      expect([after.deal.status, added]).toEqual(['completed', ['confirm_receipt']])
    } else {
      expect(confirmed).toEqual({ ok: false, status: 409, message: 'This deal is in dispute; that step is not possible now.' })
      expect([after.deal.status, added]).toEqual(['disputed', ['open_dispute']])
    }
    expect(after.deal.version).toBe(before.deal.version + 1)
    expect(await emailsSince(db, before)).toHaveLength(2)
  })

  it.each([
    ['the full price', PRICE, 'paid'],
    ['part of the price', 60_000, 'awaiting_payment'],
  ] as const)('records one receipt reported by two admins at once: %s', async (_, amount, status) => {
    const deal = await buyLot()
    const before = await trail(deal)
    const record = () => act(deal, viewers.admin, payment(amount, 'camt054-7731'), clock(), recordReceipt(amount, 'camt054-7731'))
    const results = await atOnce(db, deal.id, [record, record])

    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, status: 409 })
    const after = await trail(deal)
    expect(after.deal).toMatchObject({ status, amount_received: amount, version: before.deal.version + 1 })
    expect(after.payments.map((p) => [p.amount, p.reference])).toEqual([[amount, 'camt054-7731']])
    expect(after.events.slice(before.events.length).map((e) => e.kind)).toEqual(['record_payment'])
  })

  it('records one receipt reported by an admin and the bank’s webhook at once, through recordPayment', async () => {
    const deal = await buyLot()
    const receipt = { dealId: deal.id, gateway: 'bank_transfer', amount: 40_000, currency: 'EUR', receivedAt: clock(), reference: 'camt054-9001' }
    const results = await atOnce(db, deal.id, [viewers.admin, viewers.system].map((viewer) => () => recordPayment(db, receipt, { viewer, now: clock(), terms })))
    expect(results.map((r) => r.ok).sort()).toEqual([false, true])
    const after = await trail(deal)
    expect(after.deal).toMatchObject({ status: 'awaiting_payment', amount_received: 40_000, version: 2 })
    expect(after.payments).toHaveLength(1)
  })

  it('pays the deal once when two payments of the full price are recorded at once', async () => {
    const deal = await buyLot()
    const results = await atOnce(db, deal.id, [() => act(deal, viewers.admin, payment(PRICE)), () => act(deal, viewers.system, payment(PRICE))])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, status: 409, message: 'This deal is paid; that step is not possible now.' })
    expect((await trail(deal)).deal).toMatchObject({ status: 'paid', amount_received: PRICE, version: 2 })
  })

  it('adds up three different receipts arriving at once: none is lost', async () => {
    const deal = await buyLot()
    const receipt = (ref: string) => () => act(deal, viewers.admin, payment(50_000, ref), clock(), recordReceipt(50_000, ref))
    const results = await atOnce(db, deal.id, [receipt('a-1'), receipt('b-2'), receipt('c-3')])
    expect(results.map((r) => r.ok)).toEqual([true, true, true])
    const after = await trail(deal)
    expect(after.deal).toMatchObject({ status: 'paid', amount_received: PRICE, version: 4 })
    expect(after.payments.map((p) => p.reference).sort()).toEqual(['a-1', 'b-2', 'c-3'])
    expect(after.events.filter((e) => e.kind === 'record_payment')).toHaveLength(3)
  })

  it('pays the seller out once when two admins record the payout at once, through recordPayout', async () => {
    const deal = await buyLot()
    await act(deal, viewers.admin, payment(PRICE))
    await act(deal, viewers.seller, { type: 'hand_over' })
    await act(deal, viewers.buyer, { type: 'confirm_receipt' })
    const owed = PRICE - feeOn(PRICE, terms.fees)
    const payout = (reference: string) => () => recordPayout(db, { dealId: deal.id, party: 'seller', amount: owed, paidOn: clock(), reference }, { viewer: viewers.admin, now: clock(), terms })
    const results = await atOnce(db, deal.id, [payout('out-1'), payout('out-2')])
    expect(results.map((r) => r.ok).sort()).toEqual([false, true])
    const after = await trail(deal)
    expect(after.payouts.map((p) => [p.party, p.amount])).toEqual([['seller', owed]])
    expect(after.events.filter((e) => e.kind === 'record_payout')).toHaveLength(1)
  })
})
