import { describe, expect, it } from 'vitest'
import { MAX_SEND_ATTEMPTS, RETRY_BASE_MS, RETRY_CAP_MS, retryCeilingMs, retryDelayMs } from '../../src/notifications/retry.js'

describe('retry backoff', () => {
  it('doubles the ceiling with each attempt up to the cap', () => {
    expect(retryCeilingMs(1)).toBe(RETRY_BASE_MS)
    expect(retryCeilingMs(2)).toBe(RETRY_BASE_MS * 2)
    expect(retryCeilingMs(4)).toBe(RETRY_BASE_MS * 8)
    expect(retryCeilingMs(9)).toBe(RETRY_CAP_MS)
    expect(retryCeilingMs(1000)).toBe(RETRY_CAP_MS)
  })

  it('draws the delay anywhere between zero and the ceiling (full jitter)', () => {
    expect(retryDelayMs(3, () => 0)).toBe(0)
    expect(retryDelayMs(3, () => 0.5)).toBe(RETRY_BASE_MS * 2)
    const nearlyOne = retryDelayMs(3, () => 0.999999)!
    expect(nearlyOne).toBeLessThan(RETRY_BASE_MS * 4)
    expect(nearlyOne).toBeGreaterThan(RETRY_BASE_MS * 4 - 10)
    const draws = Array.from({ length: 200 }, () => retryDelayMs(5)!)
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(retryCeilingMs(5))
    expect(new Set(draws).size).toBeGreaterThan(100)
  })

  it('gives up after the last allowed attempt', () => {
    expect(retryDelayMs(MAX_SEND_ATTEMPTS - 1, () => 0.5)).not.toBeNull()
    expect(retryDelayMs(MAX_SEND_ATTEMPTS, () => 0.5)).toBeNull()
    expect(retryDelayMs(2, () => 0.5, { maxAttempts: 2 })).toBeNull()
  })
})
