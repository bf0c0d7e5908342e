// How much a company traded: completed deals, and the quantities sold and bought. Lots in
// tonnes and kilograms add up to tonnes exactly (decimal arithmetic on the stored numerics,
// never floating point); other units (m³, litres, pallets, pieces) are listed as they are,
// since turning them into tonnes needs a density per material that the catalogue does not have yet.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { UNIT_LABELS } from '../listings/schemas.js'

type Unit = keyof typeof UNIT_LABELS
export type TradeSide = { tonnes: string | null; other: string[] }
export type TradeTotals = { completedDeals: number; sold: TradeSide; bought: TradeSide }

/** One query: completed deals of the company grouped by its side and the lot's unit. */
export async function tradeTotalsOf(db: Kysely<DB>, companyId: string): Promise<TradeTotals> {
  const rows = await db.selectFrom('deals as d').innerJoin('listings as l', 'l.id', 'd.listing_id')
    .select([
      sql<'sold' | 'bought'>`case when d.seller_company_id = ${companyId} then 'sold' else 'bought' end`.as('side'),
      'l.unit', sql<number>`count(*)::int`.as('deals'), sql<string>`sum(l.quantity)::text`.as('quantity'),
    ])
    .where('d.status', '=', 'completed')
    .where((eb) => eb.or([eb('d.seller_company_id', '=', companyId), eb('d.buyer_company_id', '=', companyId)]))
    .groupBy([sql`1`, 'l.unit']).orderBy('l.unit').execute()
  return summariseTrade(rows.map((r) => ({ side: r.side, unit: r.unit as Unit, deals: Number(r.deals), quantity: r.quantity })))
}

/** The rows of tradeTotalsOf in words: pure, so the arithmetic is tested on its own. */
export function summariseTrade(rows: { side: 'sold' | 'bought'; unit: Unit; deals: number; quantity: string }[]): TradeTotals {
  const side = (name: 'sold' | 'bought'): TradeSide => {
    let grams = 0n
    let weighed = false
    const other: string[] = []
    for (const r of rows.filter((row) => row.side === name)) {
      const milli = thousandths(r.quantity)
      if (r.unit === 't') { grams += milli * 1000n; weighed = true } else if (r.unit === 'kg') { grams += milli; weighed = true } else other.push(`${formatThousandths(milli)} ${UNIT_LABELS[r.unit]}`)
    }
    return { tonnes: weighed ? `${formatThousandths(roundDiv(grams, 1000n))} t` : null, other }
  }
  return { completedDeals: rows.reduce((n, r) => n + r.deals, 0), sold: side('sold'), bought: side('bought') }
}

/** A non-negative decimal with at most three decimals ("12.5", "1200.125") as thousandths, exactly. */
export function thousandths(decimal: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(decimal.trim())
  if (!m) throw new Error(`not a quantity: ${decimal}`)
  return BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'))
}

const roundDiv = (n: bigint, d: bigint) => (n + d / 2n) / d

/** Thousandths as "1,234.5" (en-GB grouping, no trailing zeros). */
export function formatThousandths(milli: bigint): string {
  const whole = (milli / 1000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const fraction = (milli % 1000n).toString().padStart(3, '0').replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole
}
