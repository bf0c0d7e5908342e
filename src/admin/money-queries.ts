// What the admin's money queues read: deals waiting for the buyer's money, the receipt just
// recorded, and settled deals that still owe a payout or a refund.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { dealsWithNames } from './deal-queries.js'

export const PAYMENTS_QUEUE_LIMIT = 200
export const PAYOUTS_QUEUE_LIMIT = 200

/** Deals waiting for the buyer's money, the nearest deadline (or the longest overdue) first. */
export function listAwaitingPayment(db: Kysely<DB>, limit = PAYMENTS_QUEUE_LIMIT) {
  return dealsWithNames(db).where('deals.status', '=', 'awaiting_payment')
    .orderBy('deals.pay_by').orderBy('deals.number').limit(limit).execute()
}

export async function countAwaitingPayment(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'awaiting_payment').executeTakeFirstOrThrow()
  return Number(row.n)
}

/** One deal by the number people quote (a payment reference names it), in any state. */
export function findDealByNumber(db: Kysely<DB>, number: number) {
  return dealsWithNames(db).where('deals.number', '=', number).executeTakeFirst()
}

/**
 * A receipt recorded for a bank transfer, with its deal and how much had been received for the
 * deal once it was in (its own amount and every receipt recorded before it): what the
 * confirmation after recording it says, however much arrives later.
 */
export async function findReceipt(db: Kysely<DB>, paymentId: number) {
  const row = await db.selectFrom('deal_payments')
    .innerJoin('deals', 'deals.id', 'deal_payments.deal_id')
    .select(['deal_payments.id', 'deal_payments.amount', 'deal_payments.reference', 'deals.id as deal_id', 'deals.number',
      'deals.amount as price', 'deals.currency', 'deals.status'])
    .select((eb) => eb.selectFrom('deal_payments as earlier').select((e) => e.fn.sum<string>('earlier.amount').as('s'))
      .whereRef('earlier.deal_id', '=', 'deal_payments.deal_id').whereRef('earlier.id', '<=', 'deal_payments.id').as('received_so_far'))
    .where('deal_payments.id', '=', paymentId).where('deal_payments.gateway', '=', 'bank_transfer')
    .executeTakeFirst()
  return row ? { ...row, received_so_far: Number(row.received_so_far) } : null
}

/** The id of the receipt a deal holds under this gateway and reference (just recorded, in the same transaction). */
export async function receiptId(db: Kysely<DB>, dealId: string, gateway: string, reference: string): Promise<number> {
  const row = await db.selectFrom('deal_payments').select('id')
    .where('deal_id', '=', dealId).where('gateway', '=', gateway).where('reference', '=', reference).executeTakeFirstOrThrow()
  return Number(row.id)
}

/** A payout or refund recorded, with its deal and the company paid. */
export function findPayout(db: Kysely<DB>, payoutId: number) {
  return db.selectFrom('deal_payouts').innerJoin('deals', 'deals.id', 'deal_payouts.deal_id')
    .innerJoin('companies', (j) => j.on(sql<boolean>`companies.id = case deal_payouts.party when 'seller' then deals.seller_company_id else deals.buyer_company_id end`))
    .select(['deal_payouts.party', 'deal_payouts.amount', 'deal_payouts.reference', 'deals.number', 'deals.currency', 'companies.legal_name as payee'])
    .where('deal_payouts.id', '=', payoutId).executeTakeFirst()
}

/** The id of the payout recorded for a deal's party. */
export async function payoutId(db: Kysely<DB>, dealId: string, party: 'seller' | 'buyer'): Promise<number> {
  const row = await db.selectFrom('deal_payouts').select('id').where('deal_id', '=', dealId).where('party', '=', party).executeTakeFirstOrThrow()
  return Number(row.id)
}

/**
 * Settled deals that may still owe money out, oldest settlement first, with which parties
 * have been paid. The exact amounts owed are the deal rules' settlement() (money-present.ts
 * works them out); this only narrows the rows to deals where money was received and a party
 * the settlement can owe is unpaid: the seller of a completed or resolved deal, the buyer of a
 * cancelled deal or of one where more came in than the seller keeps (price less any refund).
 */
export function listPayoutCandidates(db: Kysely<DB>, limit = PAYOUTS_QUEUE_LIMIT) {
  const paid = (party: 'seller' | 'buyer') => sql<boolean>`exists (select 1 from deal_payouts p where p.deal_id = deals.id and p.party = ${party})`
  return dealsWithNames(db)
    .select([paid('seller').as('seller_paid'), paid('buyer').as('buyer_paid')])
    .where('deals.status', 'in', ['completed', 'resolved', 'cancelled'])
    .where('deals.amount_received', '>', 0)
    .where((eb) => eb.or([
      eb.and([eb('deals.status', 'in', ['completed', 'resolved']), eb.not(paid('seller'))]),
      eb.and([
        eb.or([eb('deals.status', '=', 'cancelled'), eb('deals.amount_received', '>', sql<number>`deals.amount - deals.refund_amount`)]),
        eb.not(paid('buyer')),
      ]),
    ]))
    .orderBy(sql`coalesce(deals.completed_at, deals.resolved_at, deals.cancelled_at, deals.updated_at)`).orderBy('deals.number')
    .limit(limit)
    .execute()
}
export type PayoutCandidate = Awaited<ReturnType<typeof listPayoutCandidates>>[number]
