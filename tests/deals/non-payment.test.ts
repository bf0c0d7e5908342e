// When the buyer does not pay, through the real app: the seller may cancel only once the
// deadline has passed, then offer the lot to the next-highest bidder at that bidder's own
// highest bid (and to the next one when it is declined or not answered), or relist it as a new
// draft. An offer is accepted once however many people press the button, can no longer be
// accepted once expired, and is no such page to anyone outside the company it was made to.
// Each non-payment is a strike on the buyer's company for twelve months.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestCompany, type TestUser } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { expireSecondChanceOffers } from '../../src/deals/deal-jobs.js'
import { actOnDeal } from '../../src/deals/act-on-deal.js'
import { openDeal } from '../../src/deals/open-deal.js'
import { companiesWithStrikes, strikeCount } from '../../src/deals/strikes.js'
import { dealTerms } from '../../src/deals/terms.js'
import { generateToken } from '../../src/lib/tokens.js'

const { app, db, clock, config, database } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

let seller: TestCompany
let winner: TestCompany // wins every auction and never pays
let runnerUp: TestCompany
let third: TestCompany
let outsider: TestCompany
let runnerUpBidder: TestUser // bids for the runner-up: the one its offers go to
let admin: TestUser
let browsers: Record<'seller' | 'winner' | 'runnerUp' | 'runnerUpOwner' | 'third' | 'outsider' | 'admin', TestBrowser>

beforeAll(async () => {
  ;[seller, winner, runnerUp, third, outsider] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Returpapp AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Aldrig Betalar AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Tvåa Kartong Oy', country: 'FI' }),
    createTestCompany(db, { status: 'approved', legalName: 'Trea Fiber AS', country: 'NO' }),
    createTestCompany(db, { status: 'approved', legalName: 'Utanför GmbH', country: 'DE' }),
  ])
  runnerUpBidder = await addTestMember(db, runnerUp.companyId, { name: 'Rut Runner' })
  admin = await createTestAdmin(db)
})

// Each test moves the clock on by days, past the sessions' lifetime: everyone logs in afresh.
beforeEach(logInAll)
async function logInAll() {
  const [s, w, r, ro, t, o, a] = await Promise.all([seller.owner, winner.owner, runnerUpBidder, runnerUp.owner, third.owner, outsider.owner, admin].map((u) => logInAs(app, u)))
  browsers = { seller: s, winner: w, runnerUp: r, runnerUpOwner: ro, third: t, outsider: o, admin: a }
}

const bid = async (b: TestBrowser, listingId: string, amount: string, max?: string) => {
  const res = await b.post(`/listings/${listingId}/bids`, { amount, idempotency_key: generateToken(), ...(max ? { max_amount: max } : {}) })
  expect(res.status, `bid of ${amount}`).toBe(303)
}
const deal = (id: string) => db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const offersOn = (listingId: string) => db.selectFrom('second_chance_offers').selectAll().where('listing_id', '=', listingId).orderBy('created_at').execute()
const mailsTo = (to: string, template: string) => db.selectFrom('outbox').select(['subject', 'text_body']).where('to_address', '=', to).where('template', '=', template).orderBy('id').execute()
const page = async (b: TestBrowser, path: string) => {
  const res = await b.get(path)
  return { status: res.status, html: await res.text() }
}

/**
 * An auction with three bidders: the third bids €1,000, the runner-up €1,200, the winner €1,250
 * with a secret maximum of €3,000. It closes; the winner's deal awaits payment.
 */
async function auctionWonAndUnpaid(title: string) {
  const listingId = await createTestListing(db, seller.companyId, { now: clock(), title, created_by: seller.owner.userId })
  await bid(browsers.third, listingId, '1000')
  await bid(browsers.runnerUp, listingId, '1200')
  await bid(browsers.winner, listingId, '1250', '3000')
  const listing = await db.selectFrom('listings').select(['ends_at', 'leading_max']).where('id', '=', listingId).executeTakeFirstOrThrow()
  expect(listing.leading_max).toBe(300_000)
  clock.set(new Date(listing.ends_at!.getTime() + 1000))
  await closeExpiredAuctions(db, { now: clock(), terms })
  const won = await db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
  // The price; the winner (Swedish, as the seller) also owes 25 % Swedish VAT on waste paper.
  expect(won).toMatchObject({ kind: 'auction', net_amount: 125_000, buyer_company_id: winner.companyId, status: 'awaiting_payment' })
  return { listingId, dealId: won.id, payBy: won.pay_by }
}

/** The seller cancels once the payment deadline has passed. */
async function cancelUnpaid(lot: { dealId: string; payBy: Date }) {
  clock.set(new Date(lot.payBy.getTime() + MINUTE))
  const res = await browsers.seller.post(`/deals/${lot.dealId}/steps`, { step: 'cancel-unpaid' })
  expect(res.status).toBe(303)
  expect(await deal(lot.dealId)).toMatchObject({ status: 'cancelled', cancel_reason: 'non_payment' })
}

const offerNext = (dealId: string) => browsers.seller.post(`/deals/${dealId}/second-chance`, {})

describe('cancelling for non-payment', () => {
  it('is refused before the payment deadline and allowed after it, by the seller only', async () => {
    const lot = await auctionWonAndUnpaid('Wellpapp, 8 t')
    clock.set(new Date(lot.payBy.getTime() - MINUTE))
    const early = await browsers.seller.post(`/deals/${lot.dealId}/steps`, { step: 'cancel-unpaid' })
    expect(early.status).toBe(409)
    expect(await early.text()).toContain('The buyer still has time to pay')
    expect((await page(browsers.seller, `/deals/${lot.dealId}`)).html).not.toContain('Cancel: the buyer has not paid')
    clock.set(new Date(lot.payBy.getTime()))
    expect((await browsers.seller.post(`/deals/${lot.dealId}/steps`, { step: 'cancel-unpaid' })).status).toBe(409)
    expect(await deal(lot.dealId)).toMatchObject({ status: 'awaiting_payment', version: 1 })

    clock.set(new Date(lot.payBy.getTime() + 1))
    expect((await browsers.winner.post(`/deals/${lot.dealId}/steps`, { step: 'cancel-unpaid' })).status).toBe(409)
    expect((await page(browsers.seller, `/deals/${lot.dealId}`)).html).toContain('Cancel: the buyer has not paid')
    expect((await browsers.seller.post(`/deals/${lot.dealId}/steps`, { step: 'cancel-unpaid' })).status).toBe(303)
    expect(await deal(lot.dealId)).toMatchObject({ status: 'cancelled', cancel_reason: 'non_payment', cancelled_at: clock() })
  })
})

describe('a second-chance offer', () => {
  it('goes to the runner-up at its own highest bid, who accepts: a new deal with that amount, buyer and kind', async () => {
    const lot = await auctionWonAndUnpaid('Returpapp, 12 t')
    await cancelUnpaid(lot)

    const sellerPage = (await page(browsers.seller, `/deals/${lot.dealId}`)).html
    expect(sellerPage).toContain('Offer it to the next-highest bidder at €1,200.00')
    expect(sellerPage).toContain('Relist it as a new listing')
    expect((await page(browsers.winner, `/deals/${lot.dealId}`)).html).not.toContain('second-chance')

    const offered = await offerNext(lot.dealId)
    expect(offered.status).toBe(303)
    expect(offered.headers.get('location')).toBe(`/deals/${lot.dealId}?done=second-chance`)
    const [offer] = await offersOn(lot.listingId)
    expect(offer).toMatchObject({ company_id: runnerUp.companyId, amount: 120_000, status: 'open', from_deal_id: lot.dealId, created_by: seller.owner.userId })
    expect(offer.expires_at).toEqual(new Date(clock().getTime() + 48 * HOUR))
    // The runner-up's last bidder is emailed the offer's link; its owner is not.
    const [mail] = await mailsTo(runnerUpBidder.email, 'second-chance-offer')
    expect(mail.text_body).toContain(`/deals/offers/${offer.id}`)
    expect(mail.text_body).toContain('€1,200.00')
    expect(await mailsTo(runnerUp.owner.email, 'second-chance-offer')).toHaveLength(0)
    expect((await page(browsers.seller, `/deals/${lot.dealId}`)).html).toContain('Offered to the next-highest bidder at <strong>€1,200.00</strong>')
    // One offer at a time.
    expect((await offerNext(lot.dealId)).status).toBe(409)

    const offerPage = await page(browsers.runnerUpOwner, `/deals/offers/${offer.id}`)
    expect(offerPage.status).toBe(200)
    expect(offerPage.html).toContain('Accept and buy at €1,200.00')

    const accepted = await browsers.runnerUp.post(`/deals/offers/${offer.id}/accept`, {})
    expect(accepted.status).toBe(303)
    const second = await db.selectFrom('deals').selectAll().where('listing_id', '=', lot.listingId).where('id', '<>', lot.dealId).executeTakeFirstOrThrow()
    expect(accepted.headers.get('location')).toBe(`/deals/${second.id}?done=offer-accepted`)
    expect(second).toMatchObject({
      kind: 'second_chance', amount: 120_000, buyer_company_id: runnerUp.companyId, buyer_user_id: runnerUpBidder.userId,
      seller_company_id: seller.companyId, status: 'awaiting_payment', currency: 'EUR',
    })
    expect(second.pay_by.getTime()).toBeGreaterThan(clock().getTime())
    expect((await offersOn(lot.listingId))[0]).toMatchObject({ status: 'accepted', deal_id: second.id, responded_at: clock() })

    // The usual emails: the buyer's with what to pay by when, the seller's "sold", both linking the new deal.
    const [bought] = await mailsTo(runnerUpBidder.email, 'second-chance-accepted')
    expect(bought.text_body).toContain(`/deals/${second.id}`)
    expect(bought.text_body).toContain('Please pay €1,200.00 by')
    const sold = await mailsTo(seller.owner.email, 'item-sold')
    expect(sold.at(-1)!.text_body).toContain(`/deals/${second.id}`)
    expect(sold.at(-1)!.text_body).toContain('Tvåa Kartong Oy')

    const buyerDeal = (await page(browsers.runnerUp, `/deals/${second.id}?done=offer-accepted`)).html
    expect(buyerDeal).toContain('You accepted the offer and bought the lot.')
    expect(buyerDeal).toContain('second-chance offer')
    expect((await page(browsers.seller, `/deals/${lot.dealId}`)).html).toContain(`deal ${second.number}`)
    // The offer is answered; the seller's moves on the old deal are over.
    expect((await browsers.runnerUp.post(`/deals/offers/${offer.id}/accept`, {})).status).toBe(409)
    expect((await offerNext(lot.dealId)).status).toBe(409)
    expect((await browsers.seller.post(`/deals/${lot.dealId}/relist`, {})).status).toBe(409)
  })

  it('declined, tells the seller, who offers the lot to the third bidder; with nobody left it can be relisted once', async () => {
    const lot = await auctionWonAndUnpaid('Kartongbalar, 6 t')
    await cancelUnpaid(lot)
    expect((await offerNext(lot.dealId)).status).toBe(303)
    const [first] = await offersOn(lot.listingId)
    const declined = await browsers.runnerUp.post(`/deals/offers/${first.id}/decline`, {})
    expect(declined.status).toBe(303)
    expect((await page(browsers.runnerUp, declined.headers.get('location')!)).html).toContain('You declined the offer.')
    expect((await offersOn(lot.listingId))[0]).toMatchObject({ status: 'declined', responded_at: clock() })
    const told = await mailsTo(seller.owner.email, 'second-chance-declined')
    expect(told.at(-1)!.text_body).toContain(`/deals/${lot.dealId}`)
    // Declined is final: neither accepting nor declining again changes anything.
    expect((await browsers.runnerUp.post(`/deals/offers/${first.id}/accept`, {})).status).toBe(409)
    expect((await browsers.runnerUp.post(`/deals/offers/${first.id}/decline`, {})).status).toBe(409)

    const sellerPage = (await page(browsers.seller, `/deals/${lot.dealId}`)).html
    expect(sellerPage).toContain('Offer it to the next-highest bidder at €1,000.00')
    expect(sellerPage).toContain('declined')
    expect((await offerNext(lot.dealId)).status).toBe(303)
    const second = (await offersOn(lot.listingId))[1]
    expect(second).toMatchObject({ company_id: third.companyId, amount: 100_000, status: 'open' })
    expect((await browsers.third.post(`/deals/offers/${second.id}/decline`, {})).status).toBe(303)

    // Nobody left who bid: no offer, but the lot can be relisted.
    const last = (await page(browsers.seller, `/deals/${lot.dealId}`)).html
    expect(last).toContain('No other bidder who may still trade is left')
    const refused = await offerNext(lot.dealId)
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('No other bidder who may still trade is left')
    expect(await offersOn(lot.listingId)).toHaveLength(2)

    const relisted = await browsers.seller.post(`/deals/${lot.dealId}/relist`, {})
    expect(relisted.status).toBe(303)
    const copyId = /^\/listings\/([0-9a-f-]{36})\/edit$/.exec(relisted.headers.get('location') ?? '')?.[1]
    expect(copyId).toBeDefined()
    const [original, copy] = await Promise.all([lot.listingId, copyId!].map((id) => db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()))
    const same = ['title', 'description', 'category_id', 'ewc_code', 'quantity', 'unit', 'location_city', 'location_postcode', 'location_country',
      'logistics', 'logistics_note', 'recurrence', 'sale_type', 'currency', 'start_price', 'reserve_price', 'bid_increment', 'buy_now_price', 'company_id'] as const
    for (const k of same) expect(copy[k], k).toEqual(original[k])
    expect(copy).toMatchObject({ status: 'draft', bid_count: 0, current_price: null, outcome: null, created_by: seller.owner.userId })
    expect(copy.starts_at!.getTime()).toBeGreaterThan(clock().getTime())
    expect(copy.ends_at!.getTime() - copy.starts_at!.getTime()).toBe(original.ends_at!.getTime() - original.starts_at!.getTime())
    expect((await page(browsers.seller, `/listings/${copyId}/edit`)).status).toBe(200)
    expect((await page(browsers.seller, `/deals/${lot.dealId}`)).html).toContain(`/listings/${copyId}/edit`)
    // Once: a second relisting (a double click) makes no second copy.
    expect((await browsers.seller.post(`/deals/${lot.dealId}/relist`, {})).status).toBe(409)
    expect(await db.selectFrom('listings').select('id').where('company_id', '=', seller.companyId).where('status', '=', 'draft').execute()).toHaveLength(1)
  })

  it('expires after 48 hours: then it cannot be accepted, and the seller is told and may offer it to the next bidder', async () => {
    const lot = await auctionWonAndUnpaid('Pappershylsor, 3 t')
    await cancelUnpaid(lot)
    expect((await offerNext(lot.dealId)).status).toBe(303)
    const [offer] = await offersOn(lot.listingId)

    clock.set(new Date(offer.expires_at.getTime() - 1))
    await expireSecondChanceOffers(db, { now: clock(), terms })
    expect((await offersOn(lot.listingId))[0].status).toBe('open')
    expect((await page(browsers.runnerUp, `/deals/offers/${offer.id}`)).html).toContain('Accept and buy')

    clock.set(offer.expires_at)
    // Past its time, even before the job has marked it: refused, and nothing changes.
    const late = await browsers.runnerUp.post(`/deals/offers/${offer.id}/accept`, {})
    expect(late.status).toBe(409)
    expect(await late.text()).toContain('This offer has expired')
    expect((await offersOn(lot.listingId))[0].status).toBe('open')
    expect(await db.selectFrom('deals').select('id').where('listing_id', '=', lot.listingId).execute()).toHaveLength(1)

    expect(await expireSecondChanceOffers(db, { now: clock(), terms })).toBe(1)
    expect((await offersOn(lot.listingId))[0].status).toBe('expired')
    expect(await expireSecondChanceOffers(db, { now: clock(), terms })).toBe(0)
    const told = await mailsTo(seller.owner.email, 'second-chance-expired')
    expect(told.at(-1)!.text_body).toContain('did not answer within 48 hours')
    expect(told.at(-1)!.text_body).toContain('relist')
    expect((await browsers.runnerUp.post(`/deals/offers/${offer.id}/accept`, {})).status).toBe(409)
    const offerPage = (await page(browsers.runnerUp, `/deals/offers/${offer.id}`)).html
    expect(offerPage).toContain('This offer has expired')
    expect(offerPage).not.toContain('Accept and buy')

    expect((await page(browsers.seller, `/deals/${lot.dealId}`)).html).toContain('did not answer in time')
    expect((await offerNext(lot.dealId)).status).toBe(303)
    expect((await offersOn(lot.listingId))[1]).toMatchObject({ company_id: third.companyId, status: 'open' })
  })

  it('accepted by two people at once makes one deal', async () => {
    if (!database.url) return // parallel transactions need the PostgreSQL server
    const lot = await auctionWonAndUnpaid('Wellpappspill, 5 t')
    await cancelUnpaid(lot)
    expect((await offerNext(lot.dealId)).status).toBe(303)
    const [offer] = await offersOn(lot.listingId)
    const answers = await Promise.all([browsers.runnerUp, browsers.runnerUpOwner].map((b) => b.post(`/deals/offers/${offer.id}/accept`, {})))
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409])
    const deals = await db.selectFrom('deals').select(['kind', 'status']).where('listing_id', '=', lot.listingId).where('kind', '=', 'second_chance').execute()
    expect(deals).toEqual([{ kind: 'second_chance', status: 'awaiting_payment' }])
    expect(await mailsTo(seller.owner.email, 'item-sold').then((m) => m.filter((x) => x.subject.includes('Wellpappspill')))).toHaveLength(2) // the auction, then the offer
  })

  it('is no such page to anyone outside the offered company, and their answers change nothing', async () => {
    const lot = await auctionWonAndUnpaid('Tidningspapper, 9 t')
    await cancelUnpaid(lot)
    expect((await offerNext(lot.dealId)).status).toBe(303)
    const [offer] = await offersOn(lot.listingId)
    for (const who of ['outsider', 'third', 'winner', 'seller', 'admin'] as const) {
      const b = browsers[who]
      expect((await b.get(`/deals/offers/${offer.id}`)).status, who).toBe(404)
      expect((await b.post(`/deals/offers/${offer.id}/accept`, {})).status, who).toBe(404)
      expect((await b.post(`/deals/offers/${offer.id}/decline`, {})).status, who).toBe(404)
    }
    expect((await app.request(`/deals/offers/${offer.id}`)).status).toBeGreaterThanOrEqual(300)
    expect((await browsers.runnerUp.get(`/deals/offers/${crypto.randomUUID()}`)).status).toBe(404)
    // Nor may anyone but the seller offer or relist.
    for (const who of ['outsider', 'runnerUp'] as const) {
      expect((await browsers[who].post(`/deals/${lot.dealId}/second-chance`, {})).status, who).toBe(404)
      expect((await browsers[who].post(`/deals/${lot.dealId}/relist`, {})).status, who).toBe(404)
    }
    expect((await browsers.winner.post(`/deals/${lot.dealId}/relist`, {})).status).toBe(404)
    // Without the CSRF token the runner-up's own accept is refused too.
    expect((await browsers.runnerUp.post(`/deals/offers/${offer.id}/accept`, {}, { csrf: null })).status).toBe(403)
    expect((await offersOn(lot.listingId))).toMatchObject([{ status: 'open', deal_id: null, responded_at: null }])
    expect(await db.selectFrom('deals').select('id').where('listing_id', '=', lot.listingId).execute()).toHaveLength(1)
  })

  it('skips a bidder whose company may no longer trade, and is refused for a fixed-price lot, which can only be relisted', async () => {
    const lot = await auctionWonAndUnpaid('Kartongrester, 2 t')
    await cancelUnpaid(lot)
    await db.updateTable('companies').set({ status: 'suspended' }).where('id', '=', runnerUp.companyId).execute()
    try {
      expect((await offerNext(lot.dealId)).status).toBe(303)
      expect((await offersOn(lot.listingId))[0]).toMatchObject({ company_id: third.companyId, amount: 100_000 })
    } finally {
      await db.updateTable('companies').set({ status: 'approved' }).where('id', '=', runnerUp.companyId).execute()
    }

    const fixedId = await createTestListing(db, seller.companyId, { now: clock(), sale_type: 'fixed_price', created_by: seller.owner.userId })
    expect((await browsers.winner.post(`/listings/${fixedId}/buy`, {})).status).toBe(303)
    const bought = await db.selectFrom('deals').selectAll().where('listing_id', '=', fixedId).executeTakeFirstOrThrow()
    await cancelUnpaid({ dealId: bought.id, payBy: bought.pay_by })
    const html = (await page(browsers.seller, `/deals/${bought.id}`)).html
    expect(html).toContain('Only an auction has other bidders')
    expect(html).not.toContain('Offer it to the next-highest bidder')
    expect((await offerNext(bought.id)).status).toBe(409)
    expect(await offersOn(fixedId)).toHaveLength(0)
  })

  it('is refused on a deal that was not cancelled for non-payment', async () => {
    const lot = await auctionWonAndUnpaid('Pappersrullar, 4 t')
    const res = await offerNext(lot.dealId)
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('Only a deal cancelled because the buyer did not pay')
    expect((await browsers.seller.post(`/deals/${lot.dealId}/relist`, {})).status).toBe(409)
    expect(await offersOn(lot.listingId)).toHaveLength(0)
  })
})

describe('strikes', () => {
  // Deals made and cancelled straight through openDeal and actOnDeal at chosen times, a year and
  // more apart (the app's session cookies cannot be dated that far from today's real date).
  it('flags a company with two non-payment cancellations within 12 months; one older than 12 months does not count', async () => {
    const [twice, onceOld] = await Promise.all([
      createTestCompany(db, { status: 'approved', legalName: 'Två Strikes AB' }),
      createTestCompany(db, { status: 'approved', legalName: 'Gammal Strike AB' }),
    ])
    const sellerViewer = { userId: seller.owner.userId, companyId: seller.companyId, isAdmin: false }
    const buy = async (buyer: TestCompany, at: Date) => {
      const listingId = await createTestListing(db, seller.companyId, { now: at, sale_type: 'fixed_price' })
      return db.transaction().execute((trx) => openDeal(trx, {
        listingId, sellerCompanyId: seller.companyId, buyerCompanyId: buyer.companyId, buyerUserId: buyer.owner.userId,
        amount: 150_000, currency: 'EUR', kind: 'fixed_price', now: at,
      }, terms))
    }
    /** Bought at `at`, cancelled by the seller the day after the deadline; returns when. */
    const unpaid = async (buyer: TestCompany, at: Date) => {
      const d = await buy(buyer, at)
      const cancelledAt = new Date(d.pay_by.getTime() + DAY)
      expect((await actOnDeal(db, { dealId: d.id, viewer: sellerViewer, action: { type: 'cancel_unpaid' }, now: cancelledAt, terms })).ok).toBe(true)
      return cancelledAt
    }
    const start = new Date('2025-01-06T09:00:00Z')
    const day = (n: number) => new Date(start.getTime() + n * DAY)
    const oldStrike = await unpaid(onceOld, day(0))
    await unpaid(twice, day(300))
    await unpaid(onceOld, day(330))
    const lastStrike = await unpaid(twice, day(360))
    // Called off by agreement: no strike.
    const agreed = await buy(onceOld, day(350))
    expect((await actOnDeal(db, { dealId: agreed.id, viewer: sellerViewer, action: { type: 'request_cancel' }, now: day(351), terms })).ok).toBe(true)
    expect((await actOnDeal(db, { dealId: agreed.id, viewer: { userId: onceOld.owner.userId, companyId: onceOld.companyId, isAdmin: false }, action: { type: 'agree_cancel' }, now: day(352), terms })).ok).toBe(true)

    // Twelve months after the old strike it no longer counts; a moment before, it still did.
    const now = new Date(oldStrike.getTime() + 365 * DAY)
    const ours = (list: Awaited<ReturnType<typeof companiesWithStrikes>>) => list.filter((f) => [twice.companyId, onceOld.companyId].includes(f.companyId))
    expect(ours(await companiesWithStrikes(db, now, { atLeast: 2 }))).toEqual([
      { companyId: twice.companyId, legalName: 'Två Strikes AB', status: 'approved', strikes: 2, lastStrikeAt: lastStrike },
    ])
    expect(await strikeCount(db, twice.companyId, now)).toBe(2)
    expect(await strikeCount(db, onceOld.companyId, now)).toBe(1)
    const before = new Date(oldStrike.getTime() + 360 * DAY)
    expect(ours(await companiesWithStrikes(db, before, { atLeast: 2 })).map((f) => [f.legalName, f.strikes])).toEqual([['Två Strikes AB', 2], ['Gammal Strike AB', 2]])
    expect(ours(await companiesWithStrikes(db, now, { atLeast: 1 })).map((f) => f.companyId).sort()).toEqual([twice.companyId, onceOld.companyId].sort())
    expect(await strikeCount(db, twice.companyId, day(299))).toBe(0)
    // The winner who never paid above has a strike for each of those auctions; the runner-up none.
    expect(await strikeCount(db, winner.companyId, clock())).toBeGreaterThanOrEqual(5)
    expect(await strikeCount(db, runnerUp.companyId, clock())).toBe(0)
  })
})
