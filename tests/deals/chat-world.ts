// The people, browsers and deals the chat tests need: a seller and a buyer company (each with a
// second member), a third company (its owner and a member), an admin and a visitor, each with a
// browser logged in through the login form; deals made the real way (a fixed-price lot bought
// through the app); and helpers to post messages as the page's form does.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, expect } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { SseReader } from '../support/http-client.js'
import { actOnDeal, type DealRow } from '../../src/deals/act-on-deal.js'
import { dealTerms } from '../../src/deals/terms.js'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE

export async function chatWorld() {
  const uploadDir = await mkdtemp(join(tmpdir(), 'nordicloop-chat-'))
  afterAll(() => rm(uploadDir, { recursive: true, force: true }))
  const { app, db, clock, config, hub } = await createTestApp({ config: { UPLOAD_DIR: uploadDir } })
  await categoryIds(db)
  const terms = dealTerms(config)

  const [seller, buyer, third] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Papper AB', ownerName: 'Sara Säljare' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Kartong Oy', country: 'FI', ownerName: 'Kalle Köpare' }),
    createTestCompany(db, { status: 'approved', legalName: 'Tredje Part AS', country: 'NO' }),
  ])
  const [lister, purchaser, thirdMember, admin] = await Promise.all([
    addTestMember(db, seller.companyId, { name: 'Lisa Lister' }), addTestMember(db, buyer.companyId, { name: 'Per Purchaser' }),
    addTestMember(db, third.companyId), createTestAdmin(db, { name: 'Ada Admin' }),
  ])
  const people = { lister, purchaser, sellerOwner: seller.owner, buyerOwner: buyer.owner, thirdOwner: third.owner, thirdMember, admin }
  const [buyerB, buyerOwnerB, sellerB, sellerOwnerB, thirdOwnerB, thirdMemberB, adminB] = await Promise.all(
    [purchaser, buyer.owner, lister, seller.owner, third.owner, thirdMember, admin].map((u) => logInAs(app, u)))
  const browsers = {
    buyer: buyerB, buyerOwner: buyerOwnerB, seller: sellerB, sellerOwner: sellerOwnerB,
    thirdOwner: thirdOwnerB, thirdMember: thirdMemberB, admin: adminB, visitor: new TestBrowser(app),
  }

  /** A deal as people make one: the seller's member lists a fixed-price lot, the buyer's member buys it. */
  async function buyLot(): Promise<DealRow> {
    const listingId = await createTestListing(db, seller.companyId, { sale_type: 'fixed_price', created_by: lister.userId, now: clock() })
    const res = await browsers.buyer.post(`/listings/${listingId}/buy`, {})
    expect([res.status, res.headers.get('location')], 'the purchase').toEqual([303, `/listings/${listingId}`])
    return db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
  }

  /** The deal paid for, then disputed by the buyer. */
  async function dispute(deal: DealRow) {
    const buyerViewer = { userId: purchaser.userId, companyId: buyer.companyId, isAdmin: false }
    const adminViewer = { userId: admin.userId, companyId: null, isAdmin: true }
    const paid = await actOnDeal(db, { dealId: deal.id, viewer: adminViewer, now: clock(), terms,
      action: { type: 'record_payment', amount: deal.amount, gateway: 'bank_transfer', reference: `bank-${crypto.randomUUID()}`, receivedAt: clock() } })
    expect(paid.ok).toBe(true)
    const disputed = await actOnDeal(db, { dealId: deal.id, viewer: buyerViewer, now: clock(), terms,
      action: { type: 'open_dispute', reason: 'quantity_short', text: 'Two bales missing.' } })
    expect(disputed.ok).toBe(true)
  }

  return { app, db, clock, config, hub, uploadDir, seller, buyer, third, people, browsers, buyLot, dispute }
}

export type ChatWorld = Awaited<ReturnType<typeof chatWorld>>

export type TestPhoto = { name: string; bytes: Uint8Array; type?: string }

/** Posts a message as the deal page's form does: urlencoded, or multipart with a photo. */
export async function sendMessage(browser: TestBrowser, dealId: string, body: string, opts: { htmx?: boolean; photo?: TestPhoto; photos?: TestPhoto[] } = {}) {
  const photos = opts.photos ?? (opts.photo ? [opts.photo] : [])
  if (photos.length === 0) return browser.post(`/deals/${dealId}/messages`, { body }, { htmx: opts.htmx })
  if (!browser.cookies.has('csrf')) await browser.get('/login')
  const form = new FormData()
  form.set('_csrf', browser.csrf)
  form.set('body', body)
  for (const p of photos) form.append('photo', new File([new Uint8Array(p.bytes)], p.name, { type: p.type ?? 'image/jpeg' }))
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return browser.app.request(`${TEST_BASE_URL}/deals/${dealId}/messages`, {
    method: 'POST', body: form, headers: { cookie, origin: TEST_BASE_URL, ...(opts.htmx ? { 'hx-request': 'true' } : {}) },
  })
}

/** Opens a deal's live stream in process (the app's web stream), read frame by frame. */
export async function openChatStream(browser: TestBrowser, dealId: string, opts: { v?: number; lastEventId?: number } = {}) {
  const headers: Record<string, string> = { accept: 'text/event-stream' }
  if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId)
  const res = await browser.get(`/deals/${dealId}/messages/live${opts.v === undefined ? '' : `?v=${opts.v}`}`, headers)
  expect(res.status, 'the live stream').toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  return new SseReader(res, new AbortController())
}

/** Everything the chat writes, to show that a refusal changed nothing. */
export async function chatFootprint(db: ChatWorld['db']) {
  const [messages, chats, reads, outbox] = await Promise.all([
    db.selectFrom('deal_chat_messages').selectAll().orderBy('deal_id').orderBy('seq').execute(),
    db.selectFrom('deal_chats').selectAll().orderBy('deal_id').execute(),
    db.selectFrom('deal_chat_reads').selectAll().orderBy('deal_id').orderBy('user_id').execute(),
    db.selectFrom('outbox').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow(),
  ])
  return { messages, chats, reads, lastEmail: Number(outbox.id) }
}
