// What happens on the platform, for the admin dashboard's charts: live auctions, bids a day,
// deals and their volume a week, new companies a week, and tonnes traded by category. Days and
// weeks are UTC (weeks start on Monday); every series has a point for every day or week, zero
// when nothing happened, so a quiet spell shows as one.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { weightOf } from '../impact/impact-rules.js'

export type Point = { label: string; value: number }

export type PlatformStats = {
  liveAuctions: number
  liveFixedPrice: number
  /** The last 30 days, oldest first. */
  bidsPerDay: Point[]
  /** The last 12 weeks, oldest first: deals opened. */
  dealsPerWeek: Point[]
  /** The same weeks: the price of those deals not cancelled, in euros (deals in other currencies are counted above, not here). */
  volumePerWeek: Point[]
  newCompaniesPerWeek: Point[]
  /** Deals completed in the last 12 months, by category, heaviest first. */
  tonnesByCategory: Point[]
}

export const DAYS = 30
export const WEEKS = 12

export async function loadPlatformStats(db: Kysely<DB>, now: Date): Promise<PlatformStats> {
  const today = sql`(${now}::timestamptz AT TIME ZONE 'UTC')::date`
  const thisWeek = sql`date_trunc('week', ${now}::timestamptz AT TIME ZONE 'UTC')::date`
  const [live, bids, deals, companies, completed] = await Promise.all([
    db.selectFrom('listings').select(['sale_type', (eb) => eb.fn.countAll<string>().as('n')]).where('status', '=', 'live').groupBy('sale_type').execute(),
    sql<{ label: string; value: string }>`
      SELECT to_char(d, 'YYYY-MM-DD') AS label, count(b.id) AS value
      FROM generate_series((${today} - ${DAYS - 1}::int)::timestamp, ${today}::timestamp, interval '1 day') AS d
      LEFT JOIN bids b ON b.created_at >= d AT TIME ZONE 'UTC' AND b.created_at < (d + interval '1 day') AT TIME ZONE 'UTC'
      GROUP BY d ORDER BY d`.execute(db),
    sql<{ label: string; deals: string; volume: string }>`
      SELECT to_char(w, 'YYYY-MM-DD') AS label, count(x.id) AS deals,
             coalesce(sum(x.amount) FILTER (WHERE x.status <> 'cancelled' AND x.currency = 'EUR'), 0) AS volume
      FROM generate_series((${thisWeek} - ${7 * (WEEKS - 1)}::int)::timestamp, ${thisWeek}::timestamp, interval '1 week') AS w
      LEFT JOIN deals x ON x.created_at >= w AT TIME ZONE 'UTC' AND x.created_at < (w + interval '1 week') AT TIME ZONE 'UTC'
      GROUP BY w ORDER BY w`.execute(db),
    sql<{ label: string; value: string }>`
      SELECT to_char(w, 'YYYY-MM-DD') AS label, count(c.id) AS value
      FROM generate_series((${thisWeek} - ${7 * (WEEKS - 1)}::int)::timestamp, ${thisWeek}::timestamp, interval '1 week') AS w
      LEFT JOIN companies c ON c.created_at >= w AT TIME ZONE 'UTC' AND c.created_at < (w + interval '1 week') AT TIME ZONE 'UTC'
      GROUP BY w ORDER BY w`.execute(db),
    db.selectFrom('deals').innerJoin('listings', 'listings.id', 'deals.listing_id').innerJoin('categories', 'categories.id', 'listings.category_id')
      .select(['categories.slug', 'categories.name', 'listings.quantity', 'listings.unit', 'listings.actual_weight_kg'])
      .where('deals.status', '=', 'completed').where('deals.completed_at', '>', new Date(now.getTime() - 365 * 86_400_000)).execute(),
  ])
  const tonnes = new Map<string, number>()
  for (const lot of completed) {
    const { kg } = weightOf({ categorySlug: lot.slug, quantity: String(lot.quantity), unit: lot.unit, actualWeightKg: lot.actual_weight_kg === null ? null : String(lot.actual_weight_kg) })
    tonnes.set(lot.name, (tonnes.get(lot.name) ?? 0) + kg / 1000)
  }
  return {
    liveAuctions: Number(live.find((r) => r.sale_type === 'auction')?.n ?? 0),
    liveFixedPrice: Number(live.find((r) => r.sale_type === 'fixed_price')?.n ?? 0),
    bidsPerDay: bids.rows.map((r) => ({ label: r.label, value: Number(r.value) })),
    dealsPerWeek: deals.rows.map((r) => ({ label: r.label, value: Number(r.deals) })),
    volumePerWeek: deals.rows.map((r) => ({ label: r.label, value: Number(r.volume) / 100 })),
    newCompaniesPerWeek: companies.rows.map((r) => ({ label: r.label, value: Number(r.value) })),
    tonnesByCategory: [...tonnes].map(([label, value]) => ({ label, value: Math.round(value * 1000) / 1000 })).sort((a, b) => b.value - a.value),
  }
}
