// The pure rules: the hazardous-lot refusal inside the bidding rules, and when a permit counts.
import { describe, expect, it } from 'vitest'
import { applyBid, applyBuyNow, type AuctionState } from '../../src/auctions/bidding.js'
import { PERMIT_REQUIRED_MESSAGE, permitRefusal } from '../../src/compliance/hazardous-rules.js'
import { localDate, permitCounts } from '../../src/compliance/permits.js'
import { expiryNoticeDue } from '../../src/compliance/permit-notices.js'

const at = new Date('2026-11-22T10:00:00Z')
const auction = (o: Partial<AuctionState> = {}): AuctionState => ({
  startPrice: 100_00, increment: 10_00, reservePrice: null, buyNowPrice: 500_00, currentPrice: null, bidCount: 0,
  startsAt: new Date('2026-11-21T00:00:00Z'), endsAt: new Date('2026-11-25T00:00:00Z'), leader: null, ...o,
})

describe('the hazardous-lot rule', () => {
  it('refuses exactly a hazardous lot to a company without a permit', () => {
    for (const hazardous of [true, false]) {
      for (const holdsValidPermit of [true, false]) {
        expect(permitRefusal({ hazardous }, { holdsValidPermit })).toBe(hazardous && !holdsValidPermit ? PERMIT_REQUIRED_MESSAGE : null)
      }
    }
  })

  it('is part of the bidding rules: bids, proxy bids and buy-now', () => {
    for (const max of [null, 300_00]) {
      expect(applyBid(auction({ hazardous: true }), { companyId: 'a', amount: 100_00, max, at, holdsValidPermit: false }, String))
        .toEqual({ ok: false, reason: 'permit-required', message: PERMIT_REQUIRED_MESSAGE })
      expect(applyBid(auction({ hazardous: true }), { companyId: 'a', amount: 100_00, max, at, holdsValidPermit: true }, String).ok).toBe(true)
      expect(applyBid(auction({ hazardous: false }), { companyId: 'a', amount: 100_00, max, at }, String).ok).toBe(true)
    }
    expect(applyBuyNow(auction({ hazardous: true }), 'a', at, { holdsValidPermit: false })).toEqual({ ok: false, message: PERMIT_REQUIRED_MESSAGE })
    expect(applyBuyNow(auction({ hazardous: true }), 'a', at, { holdsValidPermit: true })).toEqual({ ok: true, price: 500_00 })
  })
})

describe('when a permit counts', () => {
  it('counts a verified permit through the day before its expiry date, not on it', () => {
    expect(permitCounts({ status: 'verified', expiresOn: '2026-11-23' }, '2026-11-22')).toBe(true)
    expect(permitCounts({ status: 'verified', expiresOn: '2026-11-22' }, '2026-11-22')).toBe(false)
    expect(permitCounts({ status: 'verified', expiresOn: '2026-11-21' }, '2026-11-22')).toBe(false)
    for (const status of ['submitted', 'rejected']) expect(permitCounts({ status, expiresOn: '2030-01-01' }, '2026-11-22')).toBe(false)
  })

  it("reads the day in the company's zone: late evening UTC is already the next day in Helsinki", () => {
    const lateEvening = new Date('2026-11-22T22:30:00Z')
    expect(localDate(lateEvening, 'Europe/London')).toBe('2026-11-22')
    expect(localDate(lateEvening, 'Europe/Helsinki')).toBe('2026-11-23')
  })

  it('is due for its notice from 30 days before the expiry date until it expires', () => {
    expect(expiryNoticeDue('2026-12-23', '2026-11-22')).toBe(false)
    expect(expiryNoticeDue('2026-12-22', '2026-11-22')).toBe(true)
    expect(expiryNoticeDue('2026-11-23', '2026-11-22')).toBe(true)
    expect(expiryNoticeDue('2026-11-22', '2026-11-22')).toBe(false)
  })
})
