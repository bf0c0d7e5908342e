import { describe, expect, it } from 'vitest'
import { applyBid, applyBuyNow, closingOutcome, extendedEnd, minimumBid, type AuctionState } from '../../src/auctions/bidding.js'

const fmt = (m: number) => `€${(m / 100).toFixed(2)}`
const t0 = new Date('2026-11-22T10:00:00Z')
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)

function auction(over: Partial<AuctionState> = {}): AuctionState {
  return { startPrice: 100_00, increment: 10_00, reservePrice: null, buyNowPrice: null, currentPrice: null, bidCount: 0, startsAt: t0, endsAt: at(60), leader: null, ...over }
}

/** Applies a sequence of bids, carrying the state forward as the database would. */
function run(s: AuctionState, bids: { c: string; amount: number; max?: number; at?: Date }[]) {
  let state = s
  const history: { companyId: string; amount: number }[] = []
  for (const b of bids) {
    const r = applyBid(state, { companyId: b.c, amount: b.amount, max: b.max ?? null, at: b.at ?? at(1) }, fmt)
    if (!r.ok) throw new Error(r.message)
    history.push(...r.lines)
    state = { ...state, currentPrice: r.currentPrice, leader: r.leader, endsAt: r.endsAt, bidCount: state.bidCount + r.lines.length }
  }
  return { state, history }
}

describe('minimum bid', () => {
  it('is the start price first, then the current price plus the increment', () => {
    expect(minimumBid(auction())).toBe(100_00)
    expect(minimumBid(auction({ currentPrice: 120_00, bidCount: 2 }))).toBe(130_00)
  })

  it('refuses a lower bid with the amount in the message', () => {
    const r = applyBid(auction({ currentPrice: 1240_00, bidCount: 3, leader: { companyId: 'a', max: 1240_00 } }), { companyId: 'b', amount: 1249_99, max: null, at: at(1) }, (m) => `€${(m / 100).toLocaleString('en')}.00`)
    expect(r).toMatchObject({ ok: false, reason: 'too-low', message: 'Your bid must be at least €1,250.00.' })
  })
})

describe('timing', () => {
  it('refuses bids before the start and at or after the end', () => {
    expect(applyBid(auction(), { companyId: 'a', amount: 100_00, max: null, at: at(-1) }, fmt)).toMatchObject({ ok: false, reason: 'not-started' })
    expect(applyBid(auction(), { companyId: 'a', amount: 100_00, max: null, at: at(60) }, fmt)).toMatchObject({ ok: false, reason: 'ended' })
    expect(applyBid(auction(), { companyId: 'a', amount: 100_00, max: null, at: new Date(at(60).getTime() - 1) }, fmt)).toMatchObject({ ok: true })
  })

  it('extends the end by 2 minutes after a bid in the last 2 minutes, and chains', () => {
    const { state } = run(auction(), [
      { c: 'a', amount: 100_00, at: new Date(at(59).getTime()) }, // 1 min left → ends 2 min after
      { c: 'b', amount: 110_00, at: at(60.5) }, // within the extension → ends at 62.5
      { c: 'a', amount: 120_00, at: at(62) },
    ])
    expect(state.endsAt.toISOString()).toBe(at(64).toISOString())
    expect(extendedEnd(at(60), at(50)).toISOString()).toBe(at(60).toISOString())
  })
})

describe('proxy bidding', () => {
  it('bids for a proxy just enough to lead', () => {
    const { state, history } = run(auction(), [
      { c: 'a', amount: 100_00, max: 300_00 },
      { c: 'b', amount: 150_00 },
    ])
    expect(state.leader?.companyId).toBe('a')
    expect(state.currentPrice).toBe(160_00)
    expect(history.map((h) => [h.companyId, h.amount])).toEqual([['a', 100_00], ['b', 150_00], ['a', 160_00]])
  })

  it('proxy against proxy: the higher maximum leads at one increment above the other', () => {
    const { state, history } = run(auction(), [
      { c: 'a', amount: 100_00, max: 300_00 },
      { c: 'b', amount: 110_00, max: 250_00 },
    ])
    expect(state.leader).toEqual({ companyId: 'a', max: 300_00 })
    expect(state.currentPrice).toBe(260_00)
    const next = run(state, [{ c: 'b', amount: 270_00, max: 400_00 }])
    expect(next.state.leader?.companyId).toBe('b')
    expect(next.state.currentPrice).toBe(310_00)
    expect(next.history.map((h) => h.amount)).toEqual([300_00, 310_00])
  })

  it('on equal maxima the earlier one wins', () => {
    const { state } = run(auction(), [
      { c: 'a', amount: 100_00, max: 200_00 },
      { c: 'b', amount: 200_00 },
    ])
    expect(state.leader?.companyId).toBe('a')
    expect(state.currentPrice).toBe(200_00)
    const r = applyBid(state, { companyId: 'b', amount: 200_00, max: null, at: at(2) }, fmt)
    expect(r).toMatchObject({ ok: false, reason: 'too-low' })
  })

  it('lets the leader raise the maximum without bidding against itself', () => {
    const { state, history } = run(auction(), [
      { c: 'a', amount: 100_00 },
      { c: 'a', amount: 100_00, max: 500_00 },
    ])
    expect(state.currentPrice).toBe(100_00)
    expect(state.leader).toEqual({ companyId: 'a', max: 500_00 })
    expect(history).toHaveLength(1)
    expect(applyBid(state, { companyId: 'a', amount: 110_00, max: 400_00, at: at(2) }, fmt)).toMatchObject({ ok: false, reason: 'already-leading-lower-max' })
  })

  it('keeps the history strictly increasing', () => {
    const { history } = run(auction(), [
      { c: 'a', amount: 100_00, max: 180_00 },
      { c: 'b', amount: 110_00 },
      { c: 'c', amount: 170_00, max: 175_00 },
      { c: 'b', amount: 190_00, max: 260_00 },
      { c: 'a', amount: 270_00 },
    ])
    for (let i = 1; i < history.length; i++) expect(history[i].amount).toBeGreaterThan(history[i - 1].amount)
  })
})

describe('reserve and closing', () => {
  it('raises the price to the reserve when the leader’s maximum reaches it', () => {
    const { state } = run(auction({ reservePrice: 250_00 }), [{ c: 'a', amount: 100_00, max: 300_00 }])
    expect(state.currentPrice).toBe(250_00)
    expect(closingOutcome(state)).toEqual({ outcome: 'sold', buyerCompanyId: 'a', price: 250_00 })
  })

  it('ends unsold below the reserve or with no bids', () => {
    const { state } = run(auction({ reservePrice: 250_00 }), [{ c: 'a', amount: 100_00, max: 200_00 }])
    expect(closingOutcome(state)).toEqual({ outcome: 'unsold', reason: 'reserve-not-met' })
    expect(closingOutcome(auction())).toEqual({ outcome: 'unsold', reason: 'no-bids' })
  })
})

describe('buy now', () => {
  it('is available while the price is below it, also after bids', () => {
    const s = run(auction({ buyNowPrice: 500_00 }), [{ c: 'a', amount: 300_00 }]).state
    expect(applyBuyNow(s, 'b', at(2))).toEqual({ ok: true, price: 500_00 })
    const past = run(s, [{ c: 'b', amount: 500_00 }]).state
    expect(applyBuyNow(past, 'c', at(2))).toMatchObject({ ok: false })
    expect(applyBuyNow(auction(), 'c', at(2))).toMatchObject({ ok: false, message: 'This auction has no buy-now price.' })
    expect(applyBuyNow(auction({ buyNowPrice: 500_00 }), 'c', at(61))).toMatchObject({ ok: false, message: 'This auction has ended.' })
  })
})
