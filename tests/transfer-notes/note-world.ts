// The app with a seller, a buyer and a third company, their people logged in as browsers, and
// paid deals of waste made the real way: the seller's fixed-price lot (with an EWC code) bought
// through the app by the buyer's member, the bank transfer recorded by an admin.
import { sql, type Kysely } from 'kysely'
import { expect } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, logInAs, tradingCompanies } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import type { DB } from '../../src/db/schema.js'
import type { DealViewer } from '../../src/deals/act-on-deal.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { pickWindow, proposeWindows } from '../../src/deals/collection.js'
import { dealTerms } from '../../src/deals/terms.js'

export const HOUR = 3600_000
export const DAY = 24 * HOUR

export async function noteWorld() {
  const { app, db, clock, config } = await createTestApp()
  await categoryIds(db)
  const terms = dealTerms(config)
  const [seller, buyer, third] = await tradingCompanies(db)
  const [lister, purchaser, thirdMember, admin] = await Promise.all([
    addTestMember(db, seller.companyId, { name: 'Sara Säljare' }), addTestMember(db, buyer.companyId, { name: 'Kalle Köpare' }),
    addTestMember(db, third.companyId), createTestAdmin(db),
  ])
  const browsers = {
    seller: await logInAs(app, lister),
    buyer: await logInAs(app, purchaser),
    admin: await logInAs(app, admin),
  }
  const outsiders: Record<string, TestBrowser> = {
    'the owner of a third company': await logInAs(app, third.owner),
    'a member of a third company': await logInAs(app, thirdMember),
  }
  const person = (userId: string, companyId: string | null, isAdmin = false): DealViewer => ({ userId, companyId, isAdmin })
  const viewers = {
    seller: person(lister.userId, seller.companyId),
    buyer: person(purchaser.userId, buyer.companyId),
    admin: person(admin.userId, null, true),
  }

  /** A deal the buyer made by buying the seller's lot; paid unless told otherwise. */
  async function wasteDeal(opts: { ewc?: string | null; paid?: boolean; title?: string } = {}) {
    const listingId = await createTestListing(db, seller.companyId, {
      sale_type: 'fixed_price', created_by: lister.userId, now: clock(), ewc_code: opts.ewc === undefined ? '150101' : opts.ewc,
      ...(opts.title ? { title: opts.title } : {}),
    })
    const res = await browsers.buyer.post(`/listings/${listingId}/buy`, {})
    expect(res.status, 'the purchase').toBeLessThan(400)
    const deal = await db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
    if (opts.paid !== false) await pay(deal.id, deal.amount)
    return deal
  }

  async function pay(dealId: string, amount: number) {
    const paid = await recordPayment(db, { dealId, gateway: 'bank_transfer', amount, currency: 'EUR', receivedAt: clock(), reference: `bank-${crypto.randomUUID()}` },
      { viewer: viewers.admin, now: clock(), terms })
    expect(paid.ok, 'the payment').toBe(true)
  }

  /** The seller proposes a window `daysAhead` from now and the buyer picks it. */
  async function agreeWindow(dealId: string, daysAhead = 2) {
    const startsAt = new Date(clock().getTime() + daysAhead * DAY)
    const who = (viewer: DealViewer) => ({ dealId, viewer, now: clock(), terms })
    expect((await proposeWindows(db, who(viewers.seller), [{ startsAt, endsAt: new Date(startsAt.getTime() + 4 * HOUR) }])).ok).toBe(true)
    const w = await db.selectFrom('deal_collection_windows').select('id').where('deal_id', '=', dealId).where('withdrawn_at', 'is', null)
      .orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect((await pickWindow(db, who(viewers.buyer), w.id)).ok).toBe(true)
  }

  /** A paid deal whose note is ready to sign: window agreed, packaging entered. */
  async function readyDeal(opts: { ewc?: string } = {}) {
    const deal = await wasteDeal(opts)
    await agreeWindow(deal.id)
    const res = await browsers.seller.post(`/deals/${deal.id}/transfer-note/packaging`, { packaging: '12 bales on pallets' })
    expect(res.status, 'the packaging').toBe(303)
    return deal
  }

  const sign = (who: 'seller' | 'buyer', dealId: string, fields: Partial<Record<'side' | 'name' | 'role', string>> = {}) =>
    browsers[who].post(`/deals/${dealId}/transfer-note/sign`, { side: who, name: who === 'seller' ? 'Sara Säljare' : 'Kalle Köpare', role: 'Site manager', ...fields })

  return { app, db, clock, terms, seller, buyer, third, people: { lister, purchaser, admin }, browsers, outsiders, viewers, wasteDeal, pay, agreeWindow, readyDeal, sign }
}

/** Everything a note step may write: the note, its signatures and history, and the emails queued. */
export async function noteFootprint(db: Kysely<DB>, dealId: string) {
  const note = await db.selectFrom('transfer_notes').selectAll().where('deal_id', '=', dealId).executeTakeFirst()
  const [signatures, events, lastEmail] = await Promise.all([
    note ? db.selectFrom('transfer_note_signatures').selectAll().where('note_id', '=', note.id).orderBy('id').execute() : [],
    note ? db.selectFrom('transfer_note_events').selectAll().where('note_id', '=', note.id).orderBy('id').execute() : [],
    db.selectFrom('outbox').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow(),
  ])
  return { note, signatures, events, lastEmailId: Number(lastEmail.id) }
}

export async function expectNoteUnchanged(db: Kysely<DB>, dealId: string, before: Awaited<ReturnType<typeof noteFootprint>>) {
  expect(await noteFootprint(db, dealId)).toEqual(before)
}
