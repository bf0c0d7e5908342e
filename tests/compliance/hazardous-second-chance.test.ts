// A hazardous lot whose winner does not pay: the second-chance offer skips a runner-up whose
// permit no longer counts, and an offer cannot be accepted once the offered company's permit
// has stopped counting.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { dealTerms } from '../../src/deals/terms.js'
import { generateToken } from '../../src/lib/tokens.js'
import { PERMIT_REQUIRED_MESSAGE } from '../../src/compliance/hazardous-rules.js'
import { givePermit } from './permit-world.js'

const { app, db, clock, config } = await createTestApp()
const terms = dealTerms(config)

describe('the close of a hazardous auction', () => {
  it("passes over a leader whose permit stopped counting during the auction: the best bidder still holding one wins", async () => {
    const [seller, leader, second] = await Promise.all(['Säljare Spillolja AB', 'Ledare Olja AB', 'Andra Olja AB']
      .map((legalName) => createTestCompany(db, { status: 'approved', legalName })))
    await givePermit(db, leader.companyId, 'verified', '2028-01-01')
    await givePermit(db, second.companyId, 'verified', '2028-01-01')
    const listingId = await createTestListing(db, seller.companyId, { now: clock(), ewc_code: '130205', category: 'chemicals-hazardous', created_by: seller.owner.userId })
    for (const [company, amount] of [[second, '1100'], [leader, '1300']] as const) {
      const res = await (await logInAs(app, company.owner)).post(`/listings/${listingId}/bids`, { amount, idempotency_key: generateToken() })
      expect(res.status).toBe(303)
    }
    // The leader's permit expires before the auction ends.
    await db.updateTable('waste_permits').set({ expires_on: new Date('2026-11-23T00:00:00Z') }).where('company_id', '=', leader.companyId).execute()
    const { ends_at } = await db.selectFrom('listings').select('ends_at').where('id', '=', listingId).executeTakeFirstOrThrow()
    clock.set(new Date(ends_at!.getTime() + 1000))
    await closeExpiredAuctions(db, { now: clock(), terms })
    expect(await db.selectFrom('deals').select(['buyer_company_id', 'net_amount']).where('listing_id', '=', listingId).execute())
      .toEqual([{ buyer_company_id: second.companyId, net_amount: 110_000 }])
  })
})

describe('second-chance offers on a hazardous lot', () => {
  it('skip a runner-up whose permit expired, and refuse acceptance once the permit stops counting', async () => {
    const [seller, winner, runnerUp, third] = await Promise.all(['Säljare Olja AB', 'Aldrig Betalar AB', 'Tvåa Olja AB', 'Trea Olja AB']
      .map((legalName) => createTestCompany(db, { status: 'approved', legalName })))
    for (const c of [winner, runnerUp, third]) await givePermit(db, c.companyId, 'verified', '2028-01-01')
    const listingId = await createTestListing(db, seller.companyId, { now: clock(), ewc_code: '130205', category: 'chemicals-hazardous', created_by: seller.owner.userId })
    const bid = async (company: typeof winner, amount: string, max?: string) => {
      const res = await (await logInAs(app, company.owner)).post(`/listings/${listingId}/bids`, { amount, idempotency_key: generateToken(), ...(max ? { max_amount: max } : {}) })
      expect(res.status).toBe(303)
    }
    await bid(third, '1000')
    await bid(runnerUp, '1200')
    await bid(winner, '1250', '3000')
    const { ends_at } = await db.selectFrom('listings').select('ends_at').where('id', '=', listingId).executeTakeFirstOrThrow()
    clock.set(new Date(ends_at!.getTime() + 1000))
    await closeExpiredAuctions(db, { now: clock(), terms })
    const won = await db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
    clock.set(new Date(won.pay_by.getTime() + 60_000))
    const sellerBrowser = await logInAs(app, seller.owner)
    expect((await sellerBrowser.post(`/deals/${won.id}/steps`, { step: 'cancel-unpaid' })).status).toBe(303)

    // The runner-up's permit has expired meanwhile: the offer goes to the third bidder.
    await db.updateTable('waste_permits').set({ expires_on: new Date('2026-11-01T00:00:00Z') }).where('company_id', '=', runnerUp.companyId).execute()
    expect((await sellerBrowser.post(`/deals/${won.id}/second-chance`, {})).status).toBe(303)
    const offer = await db.selectFrom('second_chance_offers').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
    expect(offer).toMatchObject({ company_id: third.companyId, amount: 100_000 })

    // The third bidder's permit is rejected on review before it answers: it cannot accept.
    await db.updateTable('waste_permits').set({ status: 'rejected', rejection_reason: 'Revoked by the authority.' }).where('company_id', '=', third.companyId).execute()
    const res = await (await logInAs(app, third.owner)).post(`/deals/offers/${offer.id}/accept`, {})
    expect(res.status).toBe(403)
    expect((await res.text()).replace(/&#39;/g, "'")).toContain(PERMIT_REQUIRED_MESSAGE)
    expect(await db.selectFrom('second_chance_offers').select('status').where('id', '=', offer.id).executeTakeFirstOrThrow()).toEqual({ status: 'open' })
    expect(await db.selectFrom('deals').select('id').where('listing_id', '=', listingId).execute()).toHaveLength(1)
  })
})
