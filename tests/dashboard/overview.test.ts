// The overview at /my through the real app, with deals made the real way (bought through the
// app, paid, handed over, confirmed): each kind of action shows for the side that must act and
// for no one else, with a link to where it is done; live listings with their bids; this month's
// figures from the impact report; the latest notifications; a new company's first steps; who
// may see it; and where login lands.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, testConfig } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, tradingCompanies, type TestCompany, type TestUser } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'
import { TestBrowser } from '../support/browser.js'
import { completeDeal } from '../impact/impact-world.js'
import { dealTerms } from '../../src/deals/terms.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { generateToken } from '../../src/lib/tokens.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(testConfig())
const HOUR = 3600_000

/** One part of the overview: from its heading to the next part's. */
const part = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`)
  expect(start, `part ${id}`).toBeGreaterThan(-1)
  const next = html.indexOf('<h2', start + 1)
  return html.slice(start, next === -1 ? undefined : next)
}

let seller: TestCompany
let buyer: TestCompany
let outsider: TestCompany
let admin: TestUser
let sellerBrowser: TestBrowser
let buyerBrowser: TestBrowser
let outsiderBrowser: TestBrowser
const deals: Record<'toPay' | 'toHandOver' | 'toConfirm' | 'completed', { id: string; number: number }> = {} as never
const ids: Record<string, string> = {}

beforeAll(async () => {
  ;[seller, buyer, outsider] = await tradingCompanies(db)
  admin = await createTestAdmin(db)
  ;[sellerBrowser, buyerBrowser, outsiderBrowser] = await Promise.all([logInAs(app, seller.owner), logInAs(app, buyer.owner), logInAs(app, outsider.owner)])
  const now = clock()

  // Bought a moment ago: the buyer pays, the seller waits.
  deals.toPay = await buyFixedPriceLot(db, buyerBrowser, { sellerCompanyId: seller.companyId, title: 'Lot to pay: steel offcuts', price: 80_000, now })
  // Paid, with a collection window agreed: the seller hands over, the buyer waits for the day.
  const paid = await buyFixedPriceLot(db, buyerBrowser, { sellerCompanyId: seller.companyId, title: 'Lot to hand over: copper cable', price: 90_000, now })
  const payment = await recordPayment(db, { dealId: paid.id, gateway: 'bank_transfer', amount: paid.amount, currency: paid.currency, receivedAt: now, reference: `OVERVIEW-${paid.number}` },
    { viewer: { userId: admin.userId, companyId: null, isAdmin: true }, now, terms })
  expect(payment).toMatchObject({ ok: true })
  // The agreed window written straight in: how it is agreed is the collection tests' business.
  await db.updateTable('deals').set({ collection_starts_at: new Date(now.getTime() + 48 * HOUR), collection_ends_at: new Date(now.getTime() + 52 * HOUR) })
    .where('id', '=', paid.id).execute()
  deals.toHandOver = paid
  // Handed over: the buyer confirms receipt.
  deals.toConfirm = await completeDeal(db, { seller, buyer, admin, terms, at: new Date(now.getTime() - 6 * HOUR), unfinished: true, lot: { title: 'Lot to confirm: aluminium swarf' } })
  // Completed this month (22 November 2026): in this month's figures.
  deals.completed = await completeDeal(db, {
    seller, buyer, admin, terms, at: new Date(now.getTime() - 10 * HOUR), lot: { title: 'Lot completed: cardboard bales', quantity: '12', unit: 't', category: 'paper-cardboard' },
  })

  // A question from the outsider on the seller's live auction, which the buyer has bid on.
  ids.auction = await createTestListing(db, seller.companyId, { now, title: 'Live auction: baled cardboard' })
  ids.fixed = await createTestListing(db, seller.companyId, { now, title: 'Live fixed price: wooden pallets', sale_type: 'fixed_price', fixed_price: 120_000 })
  const bid = await buyerBrowser.post(`/listings/${ids.auction}/bids`, { amount: '1100', idempotency_key: generateToken() })
  expect(bid.status).toBe(303)
  const asked = await outsiderBrowser.post(`/listings/${ids.auction}/questions`, { question: 'Are the bales stored indoors and dry?' })
  expect(asked.status).toBe(303)
  // The outsider has a lot of its own on the market, so its overview is not a newcomer's.
  ids.outsiders = await createTestListing(db, outsider.companyId, { now, title: 'Outsider lot: glass cullet' })
  ids.rejected = await createTestListing(db, seller.companyId, { now, title: 'Rejected lot: mixed plastics', status: 'rejected', status_reason: 'Add the EWC code and a photo of the bales.' })
})

describe('what needs your action', () => {
  it('shows the seller the deal to hand over, the question to answer and the rejected listing with its reason, each linked to where it is done', async () => {
    const res = await sellerBrowser.get('/my')
    expect(res.status).toBe(200)
    const actions = part(await res.text(), 'overview-actions')
    expect(actions).toContain('Needs your action <span class="count">(3)</span>')
    expect(actions).toContain(`href="/deals/${deals.toHandOver.id}"`)
    expect(actions).toContain(`Deal ${deals.toHandOver.number}: Lot to hand over: copper cable`)
    expect(actions).toContain('Hand over the material')
    expect(actions).toContain(`href="/listings/${ids.auction}#questions"`)
    expect(actions).toContain('1 question waits for your answer')
    expect(actions).toContain(`href="/listings/${ids.rejected}"`)
    expect(actions).toContain(`href="/listings/${ids.rejected}/edit"`)
    expect(actions).toContain('The reason given: Add the EWC code and a photo of the bales.')
    // The links lead to where it is done: the listing shows the seller why it was sent back.
    const rejectedPage = await sellerBrowser.get(`/listings/${ids.rejected}`)
    expect(rejectedPage.status).toBe(200)
    expect(await rejectedPage.text()).toContain('Add the EWC code and a photo of the bales.')
    expect((await sellerBrowser.get(`/listings/${ids.rejected}/edit`)).status).toBe(200)
    expect(await (await sellerBrowser.get(`/listings/${ids.auction}`)).text()).toContain('Waiting for your answer (1)')
    // The buyer's steps are not the seller's: paying and confirming wait on the other side.
    for (const id of [deals.toPay.id, deals.toConfirm.id, deals.completed.id]) expect(actions).not.toContain(id)
  })

  it('shows the buyer the deal to pay and the deal to confirm, and nothing of the seller’s', async () => {
    const html = await (await buyerBrowser.get('/my')).text()
    const actions = part(html, 'overview-actions')
    expect(actions).toContain('Needs your action <span class="count">(2)</span>')
    expect(actions).toContain(`href="/deals/${deals.toPay.id}"`)
    expect(actions).toMatch(/Pay €800\.00 by/)
    expect(actions).toContain(`href="/deals/${deals.toConfirm.id}"`)
    expect(actions).toContain('Confirm you received the material')
    expect(actions).toContain('Buying from Säljare Papper AB')
    for (const id of [deals.toHandOver.id, deals.completed.id, ids.auction, ids.rejected]) expect(actions).not.toContain(id)
    // The header counts the same deals the overview lists.
    expect(html).toContain('Deals (2)')
  })

  it('shows a company with nothing to do nothing of the others’ deals, listings or questions', async () => {
    const html = await (await outsiderBrowser.get('/my')).text()
    expect(part(html, 'overview-actions')).toContain('Nothing waits on your company right now.')
    expect(part(html, 'overview-live')).toContain(`href="/listings/${ids.outsiders}"`)
    const others = [...Object.values(deals).map((d) => d.id), ids.auction, ids.fixed, ids.rejected]
    for (const id of others) expect(html).not.toContain(id)
    // And the other way round: the outsider's lot is on no one else's overview.
    for (const b of [sellerBrowser, buyerBrowser]) expect(await (await b.get('/my')).text()).not.toContain(ids.outsiders)
    for (const name of ['Säljare Papper', 'Köpare Kartong']) expect(html).not.toContain(name)
  })
})

describe('live listings and this month', () => {
  it('lists the seller’s live listings with sale type, price, bids and time left, and no one else’s', async () => {
    const live = part(await (await sellerBrowser.get('/my')).text(), 'overview-live')
    expect(live).toContain('Your live listings <span class="count">(2)</span>')
    const row = (id: string) => live.split('<tr>').find((r) => r.includes(`href="/listings/${id}"`)) ?? ''
    expect(row(ids.auction)).toContain('Auction')
    expect(row(ids.auction)).toContain('€1,100.00')
    expect(row(ids.auction)).toContain('Current bid')
    expect(row(ids.auction)).toContain('<td data-label="Bids">1</td>')
    expect(row(ids.auction)).toContain('3 d 0 h')
    expect(row(ids.fixed)).toContain('Fixed price')
    expect(row(ids.fixed)).toContain('€1,200.00')
    expect(row(ids.fixed)).toContain('Until sold')
    expect(live).not.toContain(ids.rejected)
    const buyerLive = part(await (await buyerBrowser.get('/my')).text(), 'overview-live')
    expect(buyerLive).not.toContain(ids.auction)
    expect(buyerLive).toContain('Nothing of yours is on the market right now.')
  })

  it('shows this month’s figures from the impact report, for each side, with a link to the full report', async () => {
    const sold = part(await (await sellerBrowser.get('/my')).text(), 'overview-month')
    expect(sold).toContain('This month, November 2026')
    expect(sold).toContain('href="/my/impact?period=month&amp;month=2026-11"')
    expect(sold).toMatch(/<span class="label">Sold<\/span><strong>12(\.0+)? t<\/strong><span>1 deal, revenue €1,000\.00/)
    const bought = part(await (await buyerBrowser.get('/my')).text(), 'overview-month')
    expect(bought).toMatch(/<span class="label">Bought<\/span><strong>12(\.0+)? t<\/strong><span>1 deal, spend €1,000\.00/)
    const none = part(await (await outsiderBrowser.get('/my')).text(), 'overview-month')
    expect(none).toContain('No deal of yours was completed in November 2026 yet')
  })
})

describe('latest notifications', () => {
  it('shows the person’s five newest notifications with a link to all, and none of anyone else’s', async () => {
    const mine = await db.selectFrom('notifications').select(['title']).where('user_id', '=', buyer.owner.userId).orderBy('id', 'desc').execute()
    expect(mine.length).toBeGreaterThan(5)
    const html = part(await (await buyerBrowser.get('/my')).text(), 'overview-notifications')
    expect(html.split('<li class="notification').length - 1).toBe(5)
    expect(html).toContain(mine[0]!.title.replace(/&/g, '&amp;'))
    expect(html).toContain('href="/notifications"')
    const theirs = await db.selectFrom('notifications').select('title').where('user_id', '=', seller.owner.userId).execute()
    for (const t of theirs) if (!mine.some((m) => m.title === t.title)) expect(html).not.toContain(t.title)
  })
})

describe('a new company', () => {
  it('is told what to do first, list a lot or browse, instead of empty parts', async () => {
    const fresh = await createTestCompany(db, { status: 'approved' })
    const html = await (await logInAs(app, fresh.owner)).get('/my').then((r) => r.text())
    expect(html).toContain('href="/listings/new"')
    expect(html).toContain('List your first lot')
    expect(html).toContain('href="/listings"')
    expect(html).toContain('Get started')
    expect(html).not.toContain('id="overview-actions"')
  })

  it('awaiting approval, is told why it cannot list yet instead of being offered to', async () => {
    const pending = await createTestCompany(db, { status: 'pending' })
    const html = await (await logInAs(app, pending.owner)).get('/my').then((r) => r.text())
    expect(html).toContain('Your company is awaiting approval by NordicLoop.')
    expect(html).not.toContain('href="/listings/new"')
    expect(html).toContain('You can list once your company is approved.')
  })
})

describe('who sees the overview, and where login lands', () => {
  it('sends visitors to log in and refuses an admin without a company', async () => {
    const res = await new TestBrowser(app).get('/my')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fmy')
    expect((await (await logInAs(app, admin)).get('/my')).status).toBe(403)
  })

  it('lands a company member on the overview after login, unless a next was given; an admin without a company where they always did', async () => {
    const plain = await new TestBrowser(app).post('/login', { email: buyer.owner.email, password: buyer.owner.password, next: '' })
    expect(plain.headers.get('location')).toBe('/my')
    const htmx = await new TestBrowser(app).post('/login', { email: buyer.owner.email, password: buyer.owner.password }, { htmx: true })
    expect(htmx.headers.get('hx-redirect')).toBe('/my')
    const withNext = await new TestBrowser(app).post('/login', { email: buyer.owner.email, password: buyer.owner.password, next: '/my/bids' })
    expect(withNext.headers.get('location')).toBe('/my/bids')
    const offSite = await new TestBrowser(app).post('/login', { email: buyer.owner.email, password: buyer.owner.password, next: '//evil.example/' })
    expect(offSite.headers.get('location')).toBe('/')
    const adminLogin = await new TestBrowser(app).post('/login', { email: admin.email, password: admin.password })
    expect(adminLogin.headers.get('location')).toBe('/')
  })

  it('links the overview from the header, marked as the current page there', async () => {
    const html = await (await buyerBrowser.get('/my')).text()
    expect(html).toContain('<a href="/my" aria-current="page">Overview</a>')
    expect(await (await buyerBrowser.get('/my/bids')).text()).toContain('<a href="/my">Overview</a>')
  })
})

describe('once it is done', () => {
  it('drops an answered question from the seller’s list, and keeps the page out of shared caches', async () => {
    const question = await db.selectFrom('listing_questions').select('id').where('listing_id', '=', ids.auction).executeTakeFirstOrThrow()
    const answered = await sellerBrowser.post(`/listings/${ids.auction}/questions/${question.id}/answer`, { answer: 'Yes: indoors, on pallets, since delivery.' })
    expect(answered.status).toBe(303)
    const res = await sellerBrowser.get('/my')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const actions = part(await res.text(), 'overview-actions')
    expect(actions).toContain('Needs your action <span class="count">(2)</span>')
    expect(actions).not.toContain(`href="/listings/${ids.auction}#questions"`)
  })
})
