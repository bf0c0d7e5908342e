// The people and deals the database tests of src/deals need: a seller, a buyer and a third
// company, each side's people as deal viewers, deals made the real way (a fixed-price lot bought
// through the app), a record of everything a step may write, and a way to start steps at the
// very same moment on one deal.
import { sql, type Kysely } from 'kysely'
import { expect } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, logInAs, tradingCompanies } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import type { DB } from '../../src/db/schema.js'
import { actOnDeal, type DealRow, type DealViewer, type StepEffect } from '../../src/deals/act-on-deal.js'
import type { DealAction } from '../../src/deals/deal-rules.js'
import { dealTerms } from '../../src/deals/terms.js'

export const PRICE = 150_000 // the listing factory's fixed price
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** The app on its own PostgreSQL database, with the companies and people of a deal. */
export async function dealWorld() {
  const { app, db, clock, config, database } = await createTestApp()
  if (!database.url) throw new Error('these tests need the PostgreSQL server: they race real parallel transactions')
  await categoryIds(db)
  const terms = dealTerms(config)

  const [seller, buyer, third] = await tradingCompanies(db)
  // A member lists the seller's lots and a member buys for the buyer: they, not the owners, are told.
  const [lister, purchaser, thirdMember, admin, companyless] = await Promise.all([
    addTestMember(db, seller.companyId), addTestMember(db, buyer.companyId), addTestMember(db, third.companyId), createTestAdmin(db),
    db.insertInto('users').values({ email: 'no-company@example.test', name: 'Nils Nobody', password_hash: 'x', created_at: new Date() })
      .returning('id').executeTakeFirstOrThrow(),
  ])
  const buyerBrowser = await logInAs(app, purchaser)
  const person = (userId: string, companyId: string | null, isAdmin = false): DealViewer => ({ userId, companyId, isAdmin })

  const viewers = {
    buyer: person(purchaser.userId, buyer.companyId),
    buyerColleague: person(buyer.owner.userId, buyer.companyId),
    seller: person(lister.userId, seller.companyId),
    sellerOwner: person(seller.owner.userId, seller.companyId),
    admin: person(admin.userId, null, true),
    system: 'system' as DealViewer,
  }
  const outsiders: Record<string, DealViewer> = {
    'the owner of a third company': person(third.owner.userId, third.companyId),
    'a member of a third company': person(thirdMember.userId, third.companyId),
    'a person of no company': person(companyless.id, null),
    'nobody logged in': person(crypto.randomUUID(), null),
  }

  /** A deal as people make one: the seller's member lists a fixed-price lot, the buyer's member buys it in the app. */
  async function buyLot(): Promise<DealRow> {
    const listingId = await createTestListing(db, seller.companyId, { sale_type: 'fixed_price', created_by: lister.userId, now: clock() })
    const res = await buyerBrowser.post(`/listings/${listingId}/buy`, {})
    expect([res.status, res.headers.get('location')], 'the purchase').toEqual([303, `/listings/${listingId}`])
    const deal = await db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
    expect(deal).toMatchObject({ status: 'awaiting_payment', amount: PRICE, buyer_user_id: purchaser.userId, version: 1 })
    return deal
  }

  const act = (deal: Pick<DealRow, 'id'>, viewer: DealViewer, action: DealAction, now = clock(), effect?: StepEffect) =>
    actOnDeal(db, { dealId: deal.id, viewer, action, now, terms, effect })

  return { db, clock, terms, viewers, outsiders, recipients: { buyer: purchaser.email, seller: lister.email }, buyLot, act }
}

export const payment = (amount: number, reference = `bank-${crypto.randomUUID()}`): Extract<DealAction, { type: 'record_payment' }> =>
  ({ type: 'record_payment', amount, gateway: 'bank_transfer', reference, receivedAt: new Date('2026-11-23T09:00:00Z') })

/** Everything a step may write: the deal's row, its history, the emails queued, the payments and payouts recorded. */
export async function footprint(db: Kysely<DB>, dealId: string) {
  const [deal, events, lastEmail, payments, payouts] = await Promise.all([
    db.selectFrom('deals').selectAll().where('id', '=', dealId).executeTakeFirstOrThrow(),
    db.selectFrom('deal_events').selectAll().where('deal_id', '=', dealId).orderBy('id').execute(),
    db.selectFrom('outbox').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow(),
    db.selectFrom('deal_payments').selectAll().where('deal_id', '=', dealId).orderBy('id').execute(),
    db.selectFrom('deal_payouts').selectAll().where('deal_id', '=', dealId).orderBy('id').execute(),
  ])
  return { deal, events, lastEmailId: Number(lastEmail.id), payments, payouts }
}
export type Footprint = Awaited<ReturnType<typeof footprint>>

/** The emails queued since the footprint was taken. */
export const emailsSince = (db: Kysely<DB>, before: Footprint) =>
  db.selectFrom('outbox').selectAll().where('id', '>', before.lastEmailId).orderBy('id').execute()

export async function expectNothingChanged(db: Kysely<DB>, before: Footprint) {
  const after = await footprint(db, before.deal.id)
  expect(after.deal).toEqual(before.deal)
  expect(after.events).toEqual(before.events)
  expect(after.payments).toEqual(before.payments)
  expect(after.payouts).toEqual(before.payouts)
  expect(after.lastEmailId, 'emails queued').toBe(before.lastEmailId)
}

/**
 * Starts every step while another transaction holds the deal's row lock, waits until all of
 * them are queued on it, then lets go: they run at the same moment, each in its own transaction
 * on its own connection, and only the lock decides their order.
 */
export async function atOnce<T>(db: Kysely<DB>, dealId: string, steps: (() => Promise<T>)[]): Promise<T[]> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let locked!: () => void
  const isLocked = new Promise<void>((resolve) => (locked = resolve))
  const holder = db.transaction().execute(async (trx) => {
    await trx.selectFrom('deals').select('id').where('id', '=', dealId).forUpdate().execute()
    locked()
    await released
  })
  await isLocked
  const running = steps.map((s) => s())
  for (let waited = 0; (await lockWaiters(db)) < steps.length; waited += 10) {
    if (waited > 10_000) throw new Error('the steps never queued on the deal’s lock')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  release()
  await holder
  return Promise.all(running)
}

async function lockWaiters(db: Kysely<DB>) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)
  return rows[0].n
}
