// Many bidders at the same instant, over real HTTP against the real server process: the row
// lock must apply every bid against the latest state, so the outcome is exactly what the
// bidding rules give when the accepted bids are replayed one by one in commit order.
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/test-app.js'
import { startServer } from '../support/server-process.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { HttpClient } from '../support/http-client.js'
import { generateToken } from '../../src/lib/tokens.js'
import { applyBid, minimumBid, type AuctionState, type BidLine } from '../../src/auctions/bidding.js'
import { formatMoney } from '../../src/lib/money.js'

const database = await createTestDatabase()
if (!database.url) throw new Error('these tests need the PostgreSQL server (a real server process shares its database)')
const db = database.db
const server = await startServer({ DATABASE_URL: database.url })
afterAll(async () => {
  await server.stop()
  await database.drop()
})

type Bidder = { company: TestCompany; client: HttpClient }

async function bidders(n: number): Promise<Bidder[]> {
  const companies = await Promise.all(Array.from({ length: n }, () => createTestCompany(db, { status: 'approved' })))
  // Logged in ten at a time: every login attempt counts against this address's limit until its
  // password proves right (src/accounts/login-limits.ts), so fifty at once from one address
  // would be refused; the bids, not the logins, are what happen at the same instant here.
  const people: Bidder[] = []
  for (let i = 0; i < companies.length; i += 10) {
    people.push(...await Promise.all(companies.slice(i, i + 10).map(async (company) => ({ company, client: await new HttpClient(server.url).login(company.owner) }))))
  }
  return people
}

/** A small seeded generator, so a failing mix of bids can be run again. */
function random(seed: number) {
  let s = seed >>> 0
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s % n
  }
}

const euros = (minor: number) => String(minor / 100)
const parseEuros = (text: string) => Math.round(Number(text.replace(/[€,]/g, '')) * 100)

describe('50 bidders at once on one auction', () => {
  it('applies every bid in turn: increasing history, the price the rules give, no bid lost or doubled, no 500', async () => {
    const seller = await createTestCompany(db, { status: 'approved' })
    const id = await createTestListing(db, seller.companyId)
    const initial = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const people = await bidders(50)

    const seed = Date.now() % 100_000
    const pick = random(seed)
    type Answer = { bidder: Bidder; companyId: string; amount: number; max: number | null; wave: number; status: number; body: string }
    const responses: Answer[] = []
    // Three waves; in each, every company but the current leader bids at the same instant.
    // (Leaving the leader out means each accepted request adds exactly one bid line of its own.)
    for (let wave = 0; wave < 3; wave++) {
      const now = await db.selectFrom('listings').select(['current_price', 'bid_count', 'leading_company_id']).where('id', '=', id).executeTakeFirstOrThrow()
      const floor = minimumBid({ startPrice: initial.start_price!, increment: initial.bid_increment!, currentPrice: now.current_price, bidCount: now.bid_count })
      const answers = await Promise.all(people.filter((p) => p.company.companyId !== now.leading_company_id).map(async (p, i) => {
        const amount = floor + initial.bid_increment! * pick(30)
        // Every third bidder also gives a maximum for the system to bid up to.
        const max = i % 3 === 0 ? amount + initial.bid_increment! * (1 + pick(30)) : null
        const fields: Record<string, string> = { amount: euros(amount), idempotency_key: generateToken() }
        if (max !== null) fields.max_amount = euros(max)
        const res = await p.client.post(`/listings/${id}/bids`, fields)
        return { bidder: p, companyId: p.company.companyId, amount, max, wave, status: res.status, body: await res.text() }
      }))
      responses.push(...answers)
    }

    const context = `seed ${seed}`
    for (const r of responses) expect([303, 422], `${context}: every answer is a success or a clear refusal`).toContain(r.status)
    const accepted = responses.filter((r) => r.status === 303)
    const refused = responses.filter((r) => r.status === 422)
    expect(accepted.length).toBeGreaterThan(0)

    const history = await db.selectFrom('bids').select(['id', 'company_id', 'amount', 'kind']).where('listing_id', '=', id).orderBy('id').execute()
    // Strictly increasing, whatever the interleaving.
    for (let i = 1; i < history.length; i++) expect(history[i].amount, context).toBeGreaterThan(history[i - 1].amount)

    // Each accepted request has exactly one bid line of its own (a company's k-th accepted
    // request, by wave, is its k-th line); a refused one adds none.
    const ownLines = (companyId: string) => history.filter((h) => h.company_id === companyId && h.kind === 'bid')
    const lineOf = new Map<Answer, number>()
    for (const p of people) {
      const mine = accepted.filter((r) => r.companyId === p.company.companyId)
      const lines = ownLines(p.company.companyId)
      expect(lines, `${context}: one bid line per accepted request`).toHaveLength(mine.length)
      mine.forEach((r, k) => lineOf.set(r, lines[k].id))
    }
    const requestRows = await db.selectFrom('bid_requests').select('company_id').where('listing_id', '=', id).execute()
    expect(requestRows.map((q) => q.company_id).sort()).toEqual(accepted.map((r) => r.companyId).sort())

    // Replay the accepted requests in commit order (the order of their own bid lines) through
    // the rules: the same lines, price, leader and maximum must come out.
    const order = [...accepted].sort((x, y) => lineOf.get(x)! - lineOf.get(y)!)
    let state: AuctionState = {
      startPrice: initial.start_price!, increment: initial.bid_increment!, reservePrice: initial.reserve_price, buyNowPrice: initial.buy_now_price,
      currentPrice: null, bidCount: 0, startsAt: initial.starts_at!, endsAt: initial.ends_at!, leader: null,
    }
    const lines: BidLine[] = []
    const at = new Date()
    for (const r of order) {
      const outcome = applyBid(state, { companyId: r.companyId, amount: r.amount, max: r.max, at }, (m) => formatMoney(m))
      expect(outcome.ok, `${context}: the replay accepts what the server accepted`).toBe(true)
      if (!outcome.ok) return
      lines.push(...outcome.lines)
      state = {
        ...state, currentPrice: outcome.lines.length ? outcome.currentPrice : state.currentPrice, bidCount: state.bidCount + outcome.lines.length,
        leader: outcome.leader, endsAt: outcome.endsAt,
      }
    }
    expect(history.map((h) => ({ companyId: h.company_id, amount: h.amount, kind: h.kind })), context).toEqual(lines)
    const final = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(final.current_price, context).toBe(state.currentPrice)
    expect(final.bid_count, context).toBe(state.bidCount)
    expect(final.leading_company_id, context).toBe(state.leader!.companyId)
    expect(final.leading_max, context).toBe(state.leader!.max)
    // One version per transaction: bids that queued together were written together, so the
    // version moved at least once and at most once per accepted bid.
    const transactions = final.version - initial.version
    expect(transactions, context).toBeGreaterThanOrEqual(1)
    expect(transactions, context).toBeLessThanOrEqual(accepted.length)

    // A refusal names the minimum it was measured against, which was below the final one.
    const finalMinimum = minimumBid(state)
    for (const r of refused) {
      const m = /Your bid must be at least (€[\d,]+\.\d\d)\./.exec(r.body)
      expect(m, `${context}: refusal message for ${euros(r.amount)}`).not.toBeNull()
      const minimum = parseEuros(m![1])
      expect(r.amount).toBeLessThan(minimum)
      expect(minimum).toBeLessThanOrEqual(finalMinimum)
    }
    console.info(`${context}: ${responses.length} bids in 3 waves, ${accepted.length} accepted in ${transactions} transactions, ${refused.length} refused, ${history.length} history lines, final ${formatMoney(final.current_price!)}`)
  })
})

describe('two buyers pressing Buy at once', () => {
  it('sells a fixed-price listing exactly once; the other is told it is sold', async () => {
    const seller = await createTestCompany(db, { status: 'approved' })
    const [x, y] = await bidders(2)
    for (let round = 0; round < 5; round++) {
      const id = await createTestListing(db, seller.companyId, { sale_type: 'fixed_price' })
      const answers = await Promise.all([x, y].map(async (b) => {
        const res = await b.client.post(`/listings/${id}/buy`, {})
        return { companyId: b.company.companyId, email: b.company.owner.email, client: b.client, status: res.status, location: res.headers.get('location'), body: await res.text() }
      }))
      // The winner lands on the listing (POST, then a redirect), which says it is theirs.
      expect(answers.map((a) => a.status).sort()).toEqual([303, 409])
      const winner = answers.find((a) => a.status === 303)!
      const loser = answers.find((a) => a.status === 409)!
      expect(winner.location).toBe(`/listings/${id}`)
      expect(await (await winner.client.get(`/listings/${id}`)).text()).toContain('You bought this.')
      expect(loser.body).toContain('This lot has been sold to another buyer.')
      const sales = await db.selectFrom('deals').selectAll().where('listing_id', '=', id).execute()
      expect(sales).toHaveLength(1)
      expect(sales[0].buyer_company_id).toBe(winner.companyId)
      expect(sales[0].status).toBe('awaiting_payment')
      const listing = await db.selectFrom('listings').select(['status', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow()
      expect(listing).toEqual({ status: 'ended', outcome: 'sold' })
      const confirmations = await db.selectFrom('outbox').select('to_address')
        .where('template', '=', 'purchase-confirmation').where('text_body', 'like', `%/listings/${id}%`).execute()
      expect(confirmations.map((c) => c.to_address)).toEqual([winner.email])
    }
  })
})
