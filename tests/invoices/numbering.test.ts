// A seller's invoice numbers run 1, 2, 3… without a gap or a repeat, however many payments are
// recorded at once: each in its own real transaction on its own connection, some of them rolled
// back after their invoice was numbered (while another payment waits for the number).
import { sql, type Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { DB } from '../../src/db/schema.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { nextInInvoiceSeries } from '../../src/invoices/issue.js'
import { invoiceWorld } from './invoice-world.js'

const w = await invoiceWorld()
if (!w.database.url) throw new Error('these tests need the PostgreSQL server: they race real parallel transactions')
const { db } = w
const series = `seller:${w.seller.companyId}`

const numbers = async () => (await db.selectFrom('invoices').select('sequence_number').where('series', '=', series).orderBy('sequence_number').execute()).map((r) => r.sequence_number)
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

async function lockWaiters(db: Kysely<DB>) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)
  return rows[0].n
}

/** Holds its transaction open until another one waits for a lock (or a moment has passed), so a rollback lands while someone waits for the number. */
async function untilSomeoneWaits(trx: Kysely<DB>) {
  // Asked on the transaction's own connection: the pool's others may all be busy waiting.
  for (let waited = 0; waited < 2_000 && (await lockWaiters(trx)) === 0; waited += 10) await new Promise((r) => setTimeout(r, 10))
}

class RolledBack extends Error {}

describe('numbering under concurrency', () => {
  it('issues the invoices of 16 payments recorded at once, 6 of them rolled back, as exactly 1..10; paying the 6 later continues 11..16', async () => {
    const deals = []
    for (let i = 0; i < 16; i++) deals.push(await w.buy(w.browsers.buyerSe, `Lot ${i}`, 10_000 + i, i % 2 ? 'paper-cardboard' : 'ferrous-metals'))
    const rollBack = new Set([1, 4, 6, 9, 12, 15])
    const results = await Promise.allSettled(deals.map((deal, i) => db.transaction().execute(async (trx) => {
      const r = await recordPayment(trx, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: 'EUR', receivedAt: w.clock(), reference: `PAR-${i}` },
        { viewer: w.viewers.admin, now: w.clock(), terms: w.terms }, true)
      expect(r.ok).toBe(true)
      if (rollBack.has(i)) {
        await untilSomeoneWaits(trx)
        throw new RolledBack(`payment ${i} rolled back on purpose`)
      }
    })))
    results.forEach((r, i) => {
      if (rollBack.has(i)) expect(r.status === 'rejected' && r.reason instanceof RolledBack, `payment ${i}`).toBe(true)
      else expect(r.status, `payment ${i}`).toBe('fulfilled')
    })
    expect(await numbers()).toEqual(upTo(10))
    const unpaid = await db.selectFrom('deals').select('id').where('id', 'in', deals.map((d) => d.id)).where('status', '=', 'awaiting_payment').execute()
    expect(unpaid).toHaveLength(6)

    await Promise.all(deals.filter((_, i) => rollBack.has(i)).map((d) => w.pay(d)))
    expect(await numbers()).toEqual(upTo(16))
    const names = await db.selectFrom('invoices').select(['number', 'deal_id']).where('series', '=', series).execute()
    expect(new Set(names.map((n) => n.number)).size, 'no number twice').toBe(16)
    expect(new Set(names.map((n) => n.deal_id)).size, 'one invoice a deal').toBe(16)
  })

  it('hands out 1..n from one counter to 40 parallel transactions, every third rolled back', async () => {
    const s = `test-series-${crypto.randomUUID()}`
    const taken: number[] = []
    const results = await Promise.allSettled(upTo(40).map((i) => db.transaction().execute(async (trx) => {
      const n = await nextInInvoiceSeries(trx, s)
      if (i % 3 === 0) {
        await untilSomeoneWaits(trx)
        throw new RolledBack('on purpose')
      }
      taken.push(n)
    })))
    results.forEach((r, i) => expect(r.status === 'fulfilled' || r.reason instanceof RolledBack, `transaction ${i + 1}: ${r.status === 'rejected' ? r.reason : ''}`).toBe(true))
    expect(taken.sort((a, b) => a - b)).toEqual(upTo(27))
    const row = await db.selectFrom('invoice_counters').select('last_number').where('series', '=', s).executeTakeFirstOrThrow()
    expect(row.last_number).toBe(27)
  })
})
