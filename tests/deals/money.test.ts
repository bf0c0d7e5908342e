// Money to the cent: the fee against an independent BigInt computation, and thousands of deals
// taken through the rules to every end they can have (completed, resolved each way, cancelled),
// whose settlement must share out exactly what was received, in whole, non-negative cents.
import { describe, expect, it } from 'vitest'
import { decide, settlement, type DealAction, type DealStatus, type Party, type Resolution } from '../../src/deals/deal-rules.js'
import { feeOn } from '../../src/deals/fees.js'
import { vatOn } from '../../src/vat/vat-rules.js'
import { actorFor, applyChanges, DAY, dealIn, HOUR, NOW, POLICY, seeded, step, type Facts } from './deal-facts.js'

const SEED = 20261202
const MAX_AMOUNT = 1_000_000_000 // ten million euros, in cents
const RATE_EDGES = [0, 1, 99, 100, 250, 300, 2_500, 4_999, 5_000]

/** The fee worked out in BigInt from its definition: rate in basis points, half up, at least the minimum, at most the amount. */
function expectedFee(kept: number, rateBp: number, minimum: number): number {
  if (kept <= 0) return 0
  const product = BigInt(kept) * BigInt(rateBp)
  const byRate = product / 10_000n + (product % 10_000n >= 5_000n ? 1n : 0n)
  const atLeast = byRate > BigInt(minimum) ? byRate : BigInt(minimum)
  return Number(atLeast < BigInt(kept) ? atLeast : BigInt(kept))
}

type Random = ReturnType<typeof seeded>
const randomRate = (r: Random) => (r.next() < 0.2 ? r.pick(RATE_EDGES) : r.int(0, 5_000))
const randomMinimum = (r: Random, amount: number) => r.pick([0, 0, r.int(1, 5_000), 2_500, r.magnitude(1, 10_000_000), amount, amount + 1])

describe('the fee', () => {
  it.each([
    // kept, rate, minimum, fee
    [1, 5_000, 0, 1], [1, 4_999, 0, 0], [3, 5_000, 0, 2], [5, 5_000, 0, 3], [7, 5_000, 0, 4], // halves go up, never to even
    [150_000, 300, 2_500, 4_500], [50_000, 300, 2_500, 2_500], [1_000, 300, 2_500, 1_000], // the minimum, capped at the amount
    [0, 300, 2_500, 0], [-1, 300, 2_500, 0], [MAX_AMOUNT, 5_000, 0, MAX_AMOUNT / 2],
  ])('on %i at %i bp, at least %i, is %i', (kept, rate, minimum, fee) => {
    expect(feeOn(kept, { feeRateBp: rate, feeMinimum: minimum })).toBe(fee)
  })

  it('agrees with BigInt arithmetic on 20,000 random amounts, rates and minimums', () => {
    const r = seeded(SEED)
    for (let i = 0; i < 20_000; i++) {
      const kept = r.magnitude(1, MAX_AMOUNT)
      const rate = randomRate(r)
      const minimum = randomMinimum(r, kept)
      const fee = feeOn(kept, { feeRateBp: rate, feeMinimum: minimum })
      const where = `seed ${SEED} case ${i}: ${kept} at ${rate} bp, minimum ${minimum}`
      expect(fee, where).toBe(expectedFee(kept, rate, minimum))
      expect(Number.isSafeInteger(fee) && fee >= 0 && fee <= kept && fee >= Math.min(kept, minimum), where).toBe(true)
    }
  })

  it('stays exact in floating point up to the largest price a listing may have (one billion euros) at any rate up to 100 %', () => {
    const r = seeded(SEED + 4)
    for (let i = 0; i < 5_000; i++) {
      const kept = i < 100 ? 100_000_000_000 - i : r.magnitude(1, 100_000_000_000)
      const rate = i < 100 ? 10_000 - (i % 7) : r.int(0, 10_000)
      const where = `seed ${SEED + 4} case ${i}: ${kept} at ${rate} bp`
      expect(feeOn(kept, { feeRateBp: rate, feeMinimum: 0 }), where).toBe(expectedFee(kept, rate, 0))
    }
  })

  it('rounds 4,000 exact halves of a cent up, and the amounts a unit either side of them the nearer way', () => {
    const r = seeded(SEED + 1)
    let halves = 0
    while (halves < 4_000) {
      // Rates that are odd multiples of 625 bp leave exactly half a cent on some amounts.
      const rate = 625 * r.pick([1, 3, 5, 7])
      const kept = r.magnitude(1, MAX_AMOUNT)
      if ((kept * rate) % 10_000 !== 5_000) continue
      halves++
      const terms = { feeRateBp: rate, feeMinimum: 0 }
      const where = `${kept} at ${rate} bp`
      expect(feeOn(kept, terms), where).toBe((kept * rate + 5_000) / 10_000)
      expect(feeOn(kept, terms), where).toBe(expectedFee(kept, rate, 0))
      expect(feeOn(kept - 1, terms), where).toBe(expectedFee(kept - 1, rate, 0))
      expect(feeOn(kept + 1, terms), where).toBe(expectedFee(kept + 1, rate, 0))
    }
  })
})

// ---- Deals taken to an end through the rules -------------------------------------------

const ENDINGS = ['confirmed', 'auto_completed', 'release', 'refund_full', 'refund_partial', 'unpaid_cancelled', 'part_paid_cancelled', 'mutually_cancelled'] as const
type Ending = (typeof ENDINGS)[number]
const LATER = new Date(NOW.getTime() + 30 * DAY)

/** Pays `total` in one to three transfers of at least a cent; all but the last short of the price. */
function pay(deal: Facts, total: number, r: Random): Facts {
  let budget = Math.min(total, deal.amount) - 1
  let left = total
  for (let extra = Math.min(budget, r.int(0, 2)); extra > 0; extra--) {
    const part = r.int(1, budget - (extra - 1))
    deal = step(deal, payment(part), r.pick(['admin', 'system'] as const))
    budget -= part
    left -= part
  }
  return step(deal, payment(left), r.pick(['admin', 'system'] as const))
}
const payment = (amount: number): DealAction => ({ type: 'record_payment', amount, gateway: 'bank_transfer', reference: 'RF18 NL10 42', receivedAt: NOW })

/** A random deal carried to `ending`: what it kept, and the fee the dispute's decision fixed, if any. */
function carryTo(ending: Ending, r: Random, vatRateBp = 0) {
  // With VAT, what the buyer pays is the price plus its VAT (src/vat/vat-rules.ts).
  const net = r.magnitude(1, MAX_AMOUNT)
  const vatAmount = vatOn(net, vatRateBp)
  const amount = net + vatAmount
  const start = dealIn('awaiting_payment', { amount, vatAmount, feeRateBp: randomRate(r), feeMinimum: randomMinimum(r, amount), payBy: new Date(NOW.getTime() - HOUR) })
  const overpaid = r.pick([0, 0, 1, r.int(1, 100), r.magnitude(1, amount)])
  if (ending === 'unpaid_cancelled') return { deal: step(start, { type: 'cancel_unpaid' }, 'seller'), kept: 0 }
  if (ending === 'mutually_cancelled') {
    const asker = r.pick(['buyer', 'seller'] as const)
    return { deal: step(step(start, { type: 'request_cancel' }, asker), { type: 'agree_cancel' }, asker === 'buyer' ? 'seller' : 'buyer'), kept: 0 }
  }
  if (ending === 'part_paid_cancelled') {
    const part = amount > 1 ? r.int(1, amount - 1) : 0
    return { deal: step(part ? pay(start, part, r) : start, { type: 'cancel_unpaid' }, 'seller'), kept: 0 }
  }
  const paid = pay(start, amount + overpaid, r)
  if (paid.status !== 'paid') throw new Error('not paid')
  const handed = step(paid, { type: 'hand_over' }, 'seller')
  if (ending === 'confirmed') return { deal: step(handed, { type: 'confirm_receipt' }, 'buyer'), kept: amount }
  if (ending === 'auto_completed') return { deal: step(handed, { type: 'auto_complete' }, 'system', LATER), kept: amount }

  const disputed = step(r.pick([paid, handed]), { type: 'open_dispute', reason: 'quantity_short', text: 'Two bales short.' }, r.pick(['buyer', 'seller'] as const))
  const resolution: Resolution = ending === 'refund_partial' && amount < 2 ? 'release' : ending
  const refund = resolution === 'refund_partial' ? r.pick([1, amount - 1, r.int(1, amount - 1)]) : r.int(0, amount)
  const decision = decide(disputed, { type: 'resolve_dispute', resolution, refundAmount: refund, note: 'Weighbridge tickets checked.' }, actorFor('admin'), NOW, POLICY)
  if (!decision.ok) throw new Error(decision.message)
  const deal = applyChanges(disputed, decision.changes)
  const kept = amount - (resolution === 'release' ? 0 : resolution === 'refund_full' ? amount : refund)
  return { deal, kept, decidedFee: decision.changes.fee_amount }
}

describe('settlement', () => {
  const DEALS_PER_ENDING = 1_000

  it(`shares out exactly what was received, for ${DEALS_PER_ENDING} random deals of each of ${ENDINGS.length} endings`, () => {
    const r = seeded(SEED + 2)
    const seen: Record<string, number> = {}
    for (const ending of ENDINGS) {
      for (let i = 0; i < DEALS_PER_ENDING; i++) {
        const { deal, kept, decidedFee } = carryTo(ending, r)
        const where = `seed ${SEED + 2}, ${ending} #${i}: ${JSON.stringify(deal)}`
        const s = settlement(deal)
        const { seller, buyer } = s.owed
        seen[`${ending} → ${deal.status}`] = (seen[`${ending} → ${deal.status}`] ?? 0) + 1

        expect(s.settled, where).toBe(true)
        for (const part of [seller, buyer, s.fee]) expect(Number.isSafeInteger(part) && part >= 0, where).toBe(true)
        expect(seller + buyer + s.fee, where).toBe(deal.amountReceived)
        // The seller's side is what they kept (less the fee); everything else goes back to the buyer.
        expect(seller + s.fee, where).toBe(kept)
        expect(s.fee, where).toBe(expectedFee(kept, deal.feeRateBp, deal.feeMinimum))
        expect(s.fee <= kept && s.fee >= Math.min(kept, deal.feeMinimum), where).toBe(true)
        // The fee the dispute's decision wrote on the deal is the one paid out.
        if (decidedFee !== undefined) expect(decidedFee, where).toBe(s.fee)
        expectPayoutsExactly(deal, { seller, buyer }, where)
      }
    }
    expect(Object.keys(seen).sort()).toEqual([
      'auto_completed → completed', 'confirmed → completed', 'mutually_cancelled → cancelled', 'part_paid_cancelled → cancelled',
      'refund_full → resolved', 'refund_partial → resolved', 'release → resolved', 'unpaid_cancelled → cancelled',
    ])
  })

  it.each([1900, 2500, 2550])(`shares out exactly what was received with %i bp of VAT in the price, the fee on the net part of what the seller keeps, for ${DEALS_PER_ENDING / 4} random deals of each ending`, (rate) => {
    const r = seeded(SEED + 5 + rate)
    for (const ending of ENDINGS) {
      for (let i = 0; i < DEALS_PER_ENDING / 4; i++) {
        const { deal, kept, decidedFee } = carryTo(ending, r, rate)
        const where = `seed ${SEED + 5 + rate}, ${ending} #${i}: ${JSON.stringify(deal)}`
        const s = settlement(deal)
        for (const part of [s.owed.seller, s.owed.buyer, s.fee]) expect(Number.isSafeInteger(part) && part >= 0, where).toBe(true)
        expect(s.owed.seller + s.owed.buyer + s.fee, where).toBe(deal.amountReceived)
        expect(s.owed.seller + s.fee, where).toBe(kept)
        expect(s.fee, where).toBe(expectedFee(netShare(kept, deal.amount, deal.vatAmount ?? 0), deal.feeRateBp, deal.feeMinimum))
        if (decidedFee !== undefined) expect(decidedFee, where).toBe(s.fee)
        expectPayoutsExactly(deal, s.owed, where)
      }
    }
  })

  it.each(['awaiting_payment', 'paid', 'handed_over', 'disputed'] as DealStatus[])('owes nobody anything while the deal is %s', (status) => {
    const r = seeded(SEED + 3)
    for (let i = 0; i < 500; i++) {
      const amount = r.magnitude(1, MAX_AMOUNT)
      const deal = dealIn(status, { amount, amountReceived: r.int(0, 2 * amount), feeRateBp: randomRate(r), feeMinimum: randomMinimum(r, amount) })
      expect(settlement(deal)).toEqual({ settled: false, fee: 0, owed: { seller: 0, buyer: 0 } })
      for (const party of ['seller', 'buyer'] as const) {
        expect(decide(deal, { type: 'record_payout', party, amount: 1 }, actorFor('admin'), NOW, POLICY).ok).toBe(false)
      }
    }
  })
})

/** The price part of `kept` (gross), in proportion, half a cent up, worked out in BigInt. */
function netShare(kept: number, amount: number, vat: number): number {
  if (kept <= 0) return 0
  const product = BigInt(kept) * BigInt(amount - vat)
  const q = product / BigInt(amount)
  return Number(2n * (product % BigInt(amount)) >= BigInt(amount) ? q + 1n : q)
}

/** The rules let an admin record a payout of exactly what settlement owes a party, and nothing else. */
function expectPayoutsExactly(deal: Facts, owed: Record<Party, number>, where: string) {
  for (const party of ['seller', 'buyer'] as const) {
    const payout = (amount: number) => decide(deal, { type: 'record_payout', party, amount }, actorFor('admin'), NOW, POLICY).ok
    if (owed[party] > 0) {
      expect(payout(owed[party]), `${where}: ${party} ${owed[party]}`).toBe(true)
      expect(payout(owed[party] - 1) || payout(owed[party] + 1), `${where}: ${party} off by a cent`).toBe(false)
    } else {
      expect(payout(1), `${where}: ${party} owed nothing`).toBe(false)
    }
  }
}
