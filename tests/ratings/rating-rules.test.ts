// The pure rules of ratings: who rates whom, from when until when, one answer by the rated
// company only, and how a reputation reads.
import { describe, expect, it } from 'vitest'
import { DEAL_STATUSES } from '../../src/deals/deal-rules.js'
import {
  decideHide, decideRating, decideReply, formatAverage, NEW_COMPANY_LABEL, ratingDeadline, reputationLabel, type RatingDeal,
} from '../../src/ratings/rating-rules.js'

const DAY = 24 * 60 * 60 * 1000
const ended = new Date('2026-11-01T12:00:00Z')
const BUYER = 'buyer-co', SELLER = 'seller-co', STRANGER = 'stranger-co'
const deal = (over: Partial<RatingDeal> = {}): RatingDeal =>
  ({ status: 'completed', buyerCompanyId: BUYER, sellerCompanyId: SELLER, completedAt: ended, resolvedAt: null, ...over })

describe('decideRating', () => {
  it('lets each side rate the other, and only the other', () => {
    expect(decideRating(deal(), BUYER, false, ended)).toEqual({ ok: true, ratedCompanyId: SELLER })
    expect(decideRating(deal(), SELLER, false, ended)).toEqual({ ok: true, ratedCompanyId: BUYER })
  })

  it('answers a company that is not a side, or no company, as if there were no deal (404)', () => {
    for (const who of [STRANGER, null, '']) expect(decideRating(deal(), who, false, ended)).toMatchObject({ ok: false, status: 404 })
  })

  it('opens only when the deal is completed or its dispute resolved', () => {
    for (const status of DEAL_STATUSES) {
      const d = deal({ status, completedAt: status === 'completed' ? ended : null, resolvedAt: status === 'resolved' ? ended : null })
      expect(decideRating(d, BUYER, false, ended).ok, status).toBe(status === 'completed' || status === 'resolved')
    }
  })

  it('counts the 30 days from completion, or from the dispute decision, to the millisecond', () => {
    for (const d of [deal(), deal({ status: 'resolved', completedAt: null, resolvedAt: ended })]) {
      expect(ratingDeadline(d)).toEqual(new Date(ended.getTime() + 30 * DAY))
      expect(decideRating(d, BUYER, false, new Date(ended.getTime() + 30 * DAY)).ok).toBe(true)
      expect(decideRating(d, BUYER, false, new Date(ended.getTime() + 30 * DAY + 1))).toMatchObject({ ok: false, status: 409 })
    }
  })

  it('refuses a second rating by the same side', () => {
    expect(decideRating(deal(), SELLER, true, ended)).toMatchObject({ ok: false, status: 409, message: expect.stringContaining('already rated') })
  })

  it('refuses a company rating itself, should a deal ever have one company on both sides', () => {
    expect(decideRating(deal({ sellerCompanyId: BUYER }), BUYER, false, ended)).toMatchObject({ ok: false, message: 'A company cannot rate itself.' })
  })
})

describe('decideReply', () => {
  const rating = { raterCompanyId: BUYER, ratedCompanyId: SELLER, reply: null, hiddenAt: null }
  it('lets the rated company answer once', () => {
    expect(decideReply(rating, SELLER)).toEqual({ ok: true })
    expect(decideReply({ ...rating, reply: 'Thanks' }, SELLER)).toMatchObject({ ok: false, message: expect.stringContaining('already answered') })
  })
  it('refuses the rater, a stranger, no rating and a hidden rating', () => {
    expect(decideReply(rating, BUYER)).toMatchObject({ ok: false, message: 'Only the rated company can answer a rating.' })
    expect(decideReply(rating, STRANGER).ok).toBe(false)
    expect(decideReply(rating, null).ok).toBe(false)
    expect(decideReply(null, SELLER).ok).toBe(false)
    expect(decideReply({ ...rating, hiddenAt: ended }, SELLER).ok).toBe(false)
  })
})

describe('decideHide', () => {
  it('hides a rating once', () => {
    expect(decideHide({ hiddenAt: null })).toEqual({ ok: true })
    expect(decideHide({ hiddenAt: ended })).toMatchObject({ ok: false, status: 409 })
    expect(decideHide(null)).toMatchObject({ ok: false, status: 404 })
  })
})

describe('reputationLabel', () => {
  it('says "New on NordicLoop" below three ratings, then the average to one decimal and the count', () => {
    expect(reputationLabel({ count: 0, average: null })).toBe(NEW_COMPANY_LABEL)
    expect(reputationLabel({ count: 2, average: 5 })).toBe(NEW_COMPANY_LABEL)
    expect(reputationLabel({ count: 3, average: 14 / 3 })).toBe('★ 4.7 (3)')
    expect(reputationLabel({ count: 12, average: 4.6 })).toBe('★ 4.6 (12)')
  })
  it('rounds halves up and never shows more than 5.0 or less than 1.0', () => {
    expect(formatAverage(4.65)).toBe('4.7')
    expect(formatAverage(4.25)).toBe('4.3')
    expect(formatAverage(5)).toBe('5.0')
    expect(formatAverage(1)).toBe('1.0')
    // Every average of up to 40 whole scores from 1 to 5 reads between 1.0 and 5.0.
    for (let n = 1; n <= 40; n++) for (let sum = n; sum <= 5 * n; sum++) {
      const shown = Number(formatAverage(sum / n))
      expect(shown).toBeGreaterThanOrEqual(1)
      expect(shown).toBeLessThanOrEqual(5)
      expect(Math.abs(shown - sum / n)).toBeLessThanOrEqual(0.05 + 1e-9)
    }
  })
})
