// The rule for changing a live auction's terms, checked over every combination of current terms
// and proposed change: after the first bid no accepted change may take anything away from the
// bidders, and no refused change is one that only helps them.
import { describe, expect, it } from 'vitest'
import { checkAuctionTerms, checkLiveAuctionChange, type AuctionTerms } from '../../src/listings/rules.js'

const HOUR = 3600_000
const now = new Date('2026-12-02T10:00:00Z')
const startsAt = new Date(now.getTime() - 2 * HOUR)
const endsAt = new Date(now.getTime() + 48 * HOUR)

type Current = AuctionTerms & { bidCount: number; currentPrice: number | null; currency: string }

const currents: Current[] = []
for (const reservePrice of [null, 150_000])
  for (const buyNowPrice of [null, 300_000])
    for (const [bidCount, currentPrice] of [[0, null], [1, 100_000], [7, 140_000], [12, 200_000]] as const)
      currents.push({ startPrice: 100_000, bidIncrement: 5_000, reservePrice, buyNowPrice, startsAt, endsAt, bidCount, currentPrice, currency: 'EUR' })

function proposals(c: Current): AuctionTerms[] {
  const minimum = c.bidCount === 0 || c.currentPrice === null ? c.startPrice : c.currentPrice + c.bidIncrement
  const reserves = [null, 100_000, 120_000, 150_000, 180_000]
  const buyNows = [null, minimum - 1, minimum, minimum + 1, 250_000, 300_000, 350_000]
  const out: AuctionTerms[] = []
  for (const reservePrice of reserves)
    for (const buyNowPrice of buyNows)
      for (const startPrice of [90_000, 100_000, 110_000])
        for (const bidIncrement of [5_000, 10_000])
          for (const end of [endsAt.getTime() - HOUR, endsAt.getTime(), endsAt.getTime() + HOUR])
            out.push({ startPrice, reservePrice, buyNowPrice, bidIncrement, startsAt, endsAt: new Date(end) })
  return out
}

/** What "takes nothing away from the bidders" means, stated independently of the rule module. */
function harmsBidders(c: Current, p: AuctionTerms): string | null {
  if (c.bidCount === 0) return null
  const minimum = c.currentPrice! + c.bidIncrement
  if (p.reservePrice !== null && (c.reservePrice === null || p.reservePrice > c.reservePrice)) return 'reserve added or raised'
  if (p.buyNowPrice !== null && (c.buyNowPrice === null || p.buyNowPrice > c.buyNowPrice)) return 'buy-now added or raised'
  if (p.buyNowPrice !== null && p.buyNowPrice <= minimum) return 'buy-now at or below the next minimum bid'
  if (p.startPrice > c.startPrice) return 'start price raised'
  if (p.bidIncrement !== c.bidIncrement) return 'increment changed'
  if (p.endsAt.getTime() < c.endsAt.getTime()) return 'auction shortened'
  return null
}

describe('changing a live auction’s terms', () => {
  const cases = currents.flatMap((c) => proposals(c).map((p) => ({ c, p })))

  it(`accepts exactly the changes that take nothing from bidders (${cases.length} generated cases)`, () => {
    expect(cases.length).toBeGreaterThan(3000)
    let accepted = 0
    let refusedForBidders = 0
    for (const { c, p } of cases) {
      const errors = checkLiveAuctionChange(c, p, now)
      const harm = harmsBidders(c, p)
      const incoherent = Object.keys(checkAuctionTerms(p)).length > 0
      const label = JSON.stringify({ current: { ...c, startsAt: undefined, endsAt: undefined }, proposed: { ...p, startsAt: undefined, endsAt: p.endsAt.getTime() - endsAt.getTime() } })
      if (harm) expect(Object.keys(errors).length, `${harm}: ${label}`).toBeGreaterThan(0)
      else if (!incoherent) expect(errors, `only helps bidders, yet refused: ${label}`).toEqual({})
      if (Object.keys(errors).length === 0) accepted += 1
      else if (harm) refusedForBidders += 1
    }
    // Both kinds occur in the generated set, so neither half of the check is vacuous.
    expect(accepted).toBeGreaterThan(100)
    expect(refusedForBidders).toBeGreaterThan(100)
  })

  it('lets the seller lower or remove the reserve after bids, and says what is allowed when refusing', () => {
    const c = currents.find((x) => x.reservePrice !== null && x.buyNowPrice !== null && x.bidCount === 1)!
    const base = { startPrice: c.startPrice, bidIncrement: c.bidIncrement, buyNowPrice: c.buyNowPrice, startsAt, endsAt }
    expect(checkLiveAuctionChange(c, { ...base, reservePrice: 120_000 }, now)).toEqual({})
    expect(checkLiveAuctionChange(c, { ...base, reservePrice: null }, now)).toEqual({})
    expect(checkLiveAuctionChange(c, { ...base, reservePrice: 180_000 }, now).reserve_price).toMatch(/cannot go above €1,500\.00\. You may lower or remove it/)
    expect(checkLiveAuctionChange(c, { ...base, reservePrice: 150_000, buyNowPrice: 105_000 }, now).buy_now_price).toMatch(/above the next minimum bid, €1,050\.00/)
  })
})
