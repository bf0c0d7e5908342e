// The deals' scheduled jobs against PostgreSQL, on deals bought through the app: the payment
// reminder goes out once, from exactly two days before the deadline, to the buyer only, and
// never for a paid deal; a handed-over deal completes at (not before) its time, a disputed one
// never; instances running the jobs together do each deal once, a deal another transaction
// holds is skipped rather than waited for, and a batch that fails leaves every deal still due.
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestCompany, type TestUser } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { actOnDeal, type DealViewer } from '../../src/deals/act-on-deal.js'
import { completeDueDeals, runDealJobs, sendPaymentReminders } from '../../src/deals/deal-jobs.js'
import type { DealAction } from '../../src/deals/deal-rules.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import { startScheduler } from '../../src/scheduler.js'
import { createMailer } from '../../src/notifications/create-mailer.js'
import { createLogger } from '../../src/lib/logger.js'

const { app, db, clock, config, database } = await createTestApp()
if (!database.url) throw new Error('these tests need the PostgreSQL server: they hold row locks from a second transaction')
await categoryIds(db)
const terms = dealTerms(config)

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

let seller: TestCompany
let buyer: TestCompany
let purchaser: TestUser
const viewers = {} as Record<'seller' | 'buyer' | 'admin', DealViewer>

beforeAll(async () => {
  ;[seller, buyer] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Pall AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Trä Oy', country: 'FI' }),
  ])
  const admin = await createTestAdmin(db)
  purchaser = await addTestMember(db, buyer.companyId)
  Object.assign(viewers, {
    seller: { userId: seller.owner.userId, companyId: seller.companyId, isAdmin: false },
    buyer: { userId: purchaser.userId, companyId: buyer.companyId, isAdmin: false },
    admin: { userId: admin.userId, companyId: null, isAdmin: true },
  })
})

/** A fixed-price lot bought in the app by the buyer's member, now (the test clock stands still in this file). */
let browser: TestBrowser | undefined
async function buyLot() {
  browser ??= await logInAs(app, purchaser)
  const listingId = await createTestListing(db, seller.companyId, { sale_type: 'fixed_price', now: clock() })
  expect((await browser.post(`/listings/${listingId}/buy`, {})).status).toBe(303)
  return db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
}

const act = async (dealId: string, viewer: DealViewer, action: DealAction, now: Date) => {
  const result = await actOnDeal(db, { dealId, viewer, action, now, terms })
  expect(result.ok, result.ok ? '' : result.message).toBe(true)
}
const pay = async (deal: { id: string; amount: number }, at: Date) => {
  const result = await recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: 'EUR', receivedAt: at, reference: `B-${deal.id}` },
    { viewer: viewers.admin, now: at, terms })
  expect(result.ok).toBe(true)
}
/** A deal bought, paid and handed over at `at`; returns it with its automatic completion time. */
async function handedOver(at = clock()) {
  const deal = await buyLot()
  await pay(deal, at)
  await act(deal.id, viewers.seller, { type: 'hand_over' }, at)
  return db.selectFrom('deals').selectAll().where('id', '=', deal.id).executeTakeFirstOrThrow()
}

const eventsOf = (dealId: string, kind: string) =>
  db.selectFrom('deal_events').select(['actor_role', 'created_at']).where('deal_id', '=', dealId).where('kind', '=', kind).execute()
const row = (dealId: string) => db.selectFrom('deals').selectAll().where('id', '=', dealId).executeTakeFirstOrThrow()
const reminderMails = (dealNumber: number) => db.selectFrom('outbox').select('to_address')
  .where('template', '=', 'deal-update').where('subject', 'like', `Deal ${dealNumber} %payment reminder`).execute()

describe('payment reminders', () => {
  it('go out once, from exactly two days before the deadline, to the buyer only', async () => {
    const deal = await buyLot()
    const due = new Date(deal.pay_by.getTime() - 2 * DAY)
    await sendPaymentReminders(db, { now: new Date(due.getTime() - 1), terms })
    expect(await eventsOf(deal.id, 'remind_payment')).toEqual([])
    expect((await row(deal.id)).payment_reminder_sent_at).toBeNull()

    expect(await sendPaymentReminders(db, { now: due, terms })).toBeGreaterThanOrEqual(1)
    expect(await eventsOf(deal.id, 'remind_payment')).toEqual([{ actor_role: 'system', created_at: due }])
    expect(await row(deal.id)).toMatchObject({ payment_reminder_sent_at: due, status: 'awaiting_payment' })
    expect(await reminderMails(deal.number)).toEqual([{ to_address: purchaser.email }])

    for (const later of [due.getTime() + HOUR, deal.pay_by.getTime(), deal.pay_by.getTime() + 3 * DAY]) {
      await sendPaymentReminders(db, { now: new Date(later), terms })
    }
    expect(await eventsOf(deal.id, 'remind_payment')).toHaveLength(1)
    expect(await reminderMails(deal.number)).toHaveLength(1)
  })

  it('never go out for a deal paid before the reminder, nor for one cancelled', async () => {
    const paid = await buyLot()
    const cancelled = await buyLot()
    await pay(paid, new Date(paid.pay_by.getTime() - 3 * DAY))
    await act(cancelled.id, viewers.buyer, { type: 'request_cancel' }, clock())
    await act(cancelled.id, viewers.seller, { type: 'agree_cancel' }, clock())
    for (const at of [paid.pay_by.getTime() - 2 * DAY, paid.pay_by.getTime() + DAY]) await sendPaymentReminders(db, { now: new Date(at), terms })
    for (const deal of [paid, cancelled]) {
      expect(await eventsOf(deal.id, 'remind_payment')).toEqual([])
      expect(await reminderMails(deal.number)).toEqual([])
    }
  })

  it('are sent once per deal when several instances run the jobs at the same moment', async () => {
    const deals = await Promise.all(Array.from({ length: 7 }, () => buyLot()))
    const now = new Date(Math.max(...deals.map((d) => d.pay_by.getTime())))
    await Promise.all(Array.from({ length: 4 }, () => runDealJobs(db, { now, terms, batchSize: 2 })))
    for (const deal of deals) expect(await eventsOf(deal.id, 'remind_payment'), `deal ${deal.number}`).toHaveLength(1)
  })
})

describe('automatic completion', () => {
  it('completes a handed-over deal at its time, not a moment before, and tells both sides', async () => {
    const deal = await handedOver()
    expect(deal.auto_complete_at).toEqual(new Date(clock().getTime() + terms.autoCompleteDays * DAY))
    const at = deal.auto_complete_at!
    await completeDueDeals(db, { now: new Date(at.getTime() - 1), terms })
    expect((await row(deal.id)).status).toBe('handed_over')

    await completeDueDeals(db, { now: at, terms })
    expect(await row(deal.id)).toMatchObject({ status: 'completed', completed_at: at })
    expect(await eventsOf(deal.id, 'auto_complete')).toEqual([{ actor_role: 'system', created_at: at }])
    const mails = await db.selectFrom('outbox').select('to_address').where('template', '=', 'deal-update')
      .where('subject', 'like', `Deal ${deal.number} %`).where('text_body', 'like', '%Completed automatically%').execute()
    expect(mails.map((m) => m.to_address).sort()).toEqual([purchaser.email, seller.owner.email].sort())
    await completeDueDeals(db, { now: new Date(at.getTime() + DAY), terms })
    expect(await eventsOf(deal.id, 'auto_complete')).toHaveLength(1)
  })

  it('never completes a disputed deal', async () => {
    const deal = await handedOver()
    await act(deal.id, viewers.buyer, { type: 'open_dispute', reason: 'quantity_short', text: 'Two pallets short.' }, new Date(deal.auto_complete_at!.getTime() - HOUR))
    for (const days of [0, 1, 30]) await completeDueDeals(db, { now: new Date(deal.auto_complete_at!.getTime() + days * DAY), terms })
    expect((await row(deal.id)).status).toBe('disputed')
    expect(await eventsOf(deal.id, 'auto_complete')).toEqual([])
  })

  it('skips a deal another transaction holds instead of waiting for it, and completes it on a later run', async () => {
    const [held, free] = await Promise.all([handedOver(), handedOver()])
    const now = new Date(Math.max(held.auto_complete_at!.getTime(), free.auto_complete_at!.getTime()))
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => { locked = resolve })
    const holder = db.transaction().execute(async (trx) => {
      await trx.selectFrom('deals').select('id').where('id', '=', held.id).forUpdate().execute()
      locked()
      await released
    })
    await isLocked
    try {
      await completeDueDeals(db, { now, terms })
      expect((await row(free.id)).status).toBe('completed')
      expect((await row(held.id)).status).toBe('handed_over')
    } finally {
      release()
      await holder
    }
    await completeDueDeals(db, { now, terms })
    expect((await row(held.id)).status).toBe('completed')
  })

  it('leaves every deal of a batch still due when the batch fails part-way, and does them all on the next run', async () => {
    // Handed over a minute apart: the batch takes them in this order.
    const deals = []
    for (const minutes of [0, 1, 2]) deals.push(await handedOver(new Date(clock().getTime() + minutes * 60_000)))
    const now = deals[2].auto_complete_at!
    // A failure on the batch's last deal, after the others' steps were written in the batch's transaction.
    const last = deals[2]
    await sql`create function fail_one() returns trigger language plpgsql as $$
      begin if new.deal_id = ${sql.lit(last.id)}::uuid and new.kind = 'auto_complete' then raise exception 'simulated crash'; end if; return new; end $$`.execute(db)
    await sql`create trigger fail_one before insert on deal_events for each row execute function fail_one()`.execute(db)
    try {
      await expect(completeDueDeals(db, { now, terms, batchSize: 50 })).rejects.toThrow(/simulated crash/)
      for (const deal of deals) {
        expect((await row(deal.id)).status).toBe('handed_over')
        expect(await eventsOf(deal.id, 'auto_complete')).toEqual([])
      }
    } finally {
      await sql`drop trigger fail_one on deal_events`.execute(db)
      await sql`drop function fail_one()`.execute(db)
    }
    await completeDueDeals(db, { now, terms, batchSize: 50 })
    for (const deal of deals) expect((await row(deal.id)).status).toBe('completed')
  })
})

describe('the scheduler', () => {
  it('runs the deal jobs on their own', async () => {
    // The scheduler reads the real clock: this deal was handed over long enough ago to be due now.
    const deal = await handedOver(new Date(Date.now() - (terms.autoCompleteDays + 1) * DAY))
    const log = createLogger('silent')
    const scheduler = startScheduler({ db, log, mailer: createMailer(config, log), config }, { dealJobs: '* * * * * *' })
    try {
      const deadline = Date.now() + 20_000
      while ((await row(deal.id)).status !== 'completed') {
        if (Date.now() > deadline) throw new Error('the deal was not completed in time')
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      await scheduler.stop()
    }
    expect(await eventsOf(deal.id, 'auto_complete')).toHaveLength(1)
  })
})
