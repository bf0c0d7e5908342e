// The chat's rules without a database: who reads and writes, who is told, and when an email goes.
import { describe, expect, it } from 'vitest'
import { chatAccess, chatEmailDecision, EMAIL_AFTER_MS, EMAIL_INTERVAL_MS, sidesToTell } from '../../src/deals/chat-rules.js'

const t0 = new Date('2026-12-02T10:00:00Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
const MINUTE = 60_000

describe('chatAccess', () => {
  const open = { disputed_at: null }
  const disputed = { disputed_at: t0 }
  it('lets both sides read and write, disputed or not', () => {
    for (const deal of [open, disputed]) {
      expect(chatAccess(deal, { role: 'buyer', userId: 'u', companyId: 'c' })).toEqual({ side: 'buyer', mayWrite: true })
      expect(chatAccess(deal, { role: 'seller', userId: 'u', companyId: 'c' })).toEqual({ side: 'seller', mayWrite: true })
    }
  })
  it('lets staff read always and write once the deal has been disputed', () => {
    expect(chatAccess(open, { role: 'admin', userId: 'a' })).toEqual({ side: 'admin', mayWrite: false })
    expect(chatAccess(disputed, { role: 'admin', userId: 'a' })).toEqual({ side: 'admin', mayWrite: true })
  })
  it('gives nothing to anyone else, nor to the platform', () => {
    expect(chatAccess(open, null)).toBeNull()
    expect(chatAccess(disputed, { role: 'system' })).toBeNull()
  })
})

describe('sidesToTell', () => {
  it('is the other company, or both for staff', () => {
    expect(sidesToTell('buyer')).toEqual(['seller'])
    expect(sidesToTell('seller')).toEqual(['buyer'])
    expect(sidesToTell('admin')).toEqual(['buyer', 'seller'])
  })
})

describe('chatEmailDecision', () => {
  const unread = (...minutes: number[]) => minutes.map((m) => ({ createdAt: at(m * MINUTE) }))
  it('sends nothing when nothing is unread', () => {
    expect(chatEmailDecision({ emailedAt: null }, [], at(HOURS(5)))).toEqual({ kind: 'none' })
  })
  it('waits until the oldest unread message is 10 minutes old, to the millisecond', () => {
    expect(chatEmailDecision({ emailedAt: null }, unread(0, 5), at(EMAIL_AFTER_MS - 1))).toEqual({ kind: 'wait', until: at(EMAIL_AFTER_MS) })
    expect(chatEmailDecision({ emailedAt: null }, unread(0, 5), at(EMAIL_AFTER_MS))).toEqual({ kind: 'send' })
  })
  it('waits an hour after the last email, whichever is later', () => {
    const emailedAt = at(-30 * MINUTE)
    expect(chatEmailDecision({ emailedAt }, unread(0), at(20 * MINUTE))).toEqual({ kind: 'wait', until: at(30 * MINUTE) })
    expect(chatEmailDecision({ emailedAt }, unread(0), at(30 * MINUTE))).toEqual({ kind: 'send' })
    expect(chatEmailDecision({ emailedAt: at(-EMAIL_INTERVAL_MS) }, unread(0), at(5 * MINUTE))).toEqual({ kind: 'wait', until: at(10 * MINUTE) })
  })
})

function HOURS(n: number) {
  return n * 60 * MINUTE
}
