// The deals' scheduled work: payment reminders two days before the deadline, completing deals
// the buyer neither confirmed nor disputed in time, and expiring second-chance offers nobody
// answered. Each job claims a small batch of due rows with FOR UPDATE SKIP LOCKED in one
// transaction, so several app instances share the work without waiting on each other, and a
// crash leaves each row either done (committed) or still due (rolled back). Deal steps go
// through actOnDeal's rules as NordicLoop ('system'): the same checks, history and emails as
// any step, and a step the rules refuse writes nothing.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { actOnDealIn } from './act-on-deal.js'
import { REMINDER_BEFORE_MS, type DealAction } from './deal-rules.js'
import { tellSellersOffersEnded } from './second-chance.js'
import type { DealTerms } from './terms.js'

export type JobOptions = { now: Date; terms: DealTerms; batchSize?: number; limit?: number; log?: Logger }

const BATCH = 10
const LIMIT = 500

/**
 * Runs batches until one comes back short, nothing in a batch could be done, or `limit` rows
 * were done in this run (the rest wait for the next tick rather than hold up the scheduler).
 */
async function inBatches(db: Kysely<DB>, opts: JobOptions, batch: (trx: Kysely<DB>, size: number) => Promise<{ claimed: number; done: number }>) {
  const size = opts.batchSize ?? BATCH
  const limit = opts.limit ?? LIMIT
  let total = 0
  for (;;) {
    const { claimed, done } = await db.transaction().execute((trx) => batch(trx, size))
    total += done
    if (claimed < size || done === 0 || total >= limit) return total
  }
}

/** Claims due deals and takes one step on each as the platform; returns how many steps were taken. */
function stepDueDeals(db: Kysely<DB>, opts: JobOptions, action: DealAction, claim: (trx: Kysely<DB>, size: number) => Promise<{ id: string }[]>) {
  return inBatches(db, opts, async (trx, size) => {
    const due = await claim(trx, size)
    let done = 0
    for (const { id } of due) {
      const result = await actOnDealIn(trx, { dealId: id, viewer: 'system', action, now: opts.now, terms: opts.terms })
      if (result.ok) done++
      else opts.log?.warn('deal job step refused', { dealId: id, action: action.type, reason: result.message })
    }
    return { claimed: due.length, done }
  })
}

/** The reminder to pay, once, from two days before the deadline; a paid or cancelled deal gets none. */
export function sendPaymentReminders(db: Kysely<DB>, opts: JobOptions): Promise<number> {
  return stepDueDeals(db, opts, { type: 'remind_payment' }, (trx, size) => trx.selectFrom('deals').select('id')
    .where('status', '=', 'awaiting_payment').where('payment_reminder_sent_at', 'is', null)
    .where('pay_by', '<=', new Date(opts.now.getTime() + REMINDER_BEFORE_MS))
    .orderBy('pay_by').limit(size).forUpdate().skipLocked().execute())
}

/** Completes handed-over deals whose time to confirm or dispute has run out; a disputed deal is not handed over. */
export function completeDueDeals(db: Kysely<DB>, opts: JobOptions): Promise<number> {
  return stepDueDeals(db, opts, { type: 'auto_complete' }, (trx, size) => trx.selectFrom('deals').select('id')
    .where('status', '=', 'handed_over').where('auto_complete_at', '<=', opts.now)
    .orderBy('auto_complete_at').limit(size).forUpdate().skipLocked().execute())
}

/** Expires second-chance offers nobody answered in time and tells their sellers what they can do next. */
export function expireSecondChanceOffers(db: Kysely<DB>, opts: JobOptions): Promise<number> {
  return inBatches(db, opts, async (trx, size) => {
    const due = await trx.selectFrom('second_chance_offers').select('id')
      .where('status', '=', 'open').where('expires_at', '<=', opts.now)
      .orderBy('expires_at').limit(size).forUpdate().skipLocked().execute()
    if (due.length === 0) return { claimed: 0, done: 0 }
    const expired = await trx.updateTable('second_chance_offers').set({ status: 'expired' })
      .where('id', 'in', due.map((d) => d.id)).returningAll().execute()
    await tellSellersOffersEnded(trx, expired, opts.terms)
    return { claimed: due.length, done: expired.length }
  })
}

/** All three, one after another: the scheduler's one entry for deals. */
export async function runDealJobs(db: Kysely<DB>, opts: JobOptions) {
  const reminded = await sendPaymentReminders(db, opts)
  const completed = await completeDueDeals(db, opts)
  const expired = await expireSecondChanceOffers(db, opts)
  if (reminded + completed + expired > 0) opts.log?.info('deal jobs done', { reminded, completed, expired })
  return { reminded, completed, expired }
}
