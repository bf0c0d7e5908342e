// What a material sells for: the median and middle half (interquartile range) of the price per
// unit in completed deals of the last 12 months, for one category and unit, and its trend by
// month. Sellers see it on the listing form and beside their price; everyone sees it on the
// Market prices page. One rule decides when there is enough to show (`enoughDeals`): at least
// 5 deals, from at least 3 different sellers, so no figure is one company's price.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { UNITS } from '../listings/schemas.js'

export type Unit = (typeof UNITS)[number]

export const MIN_DEALS = 5
export const MIN_SELLERS = 3
export const GUIDANCE_MONTHS = 12

export type MonthPrice = { month: string; median: number; deals: number }

export type PriceGuide = {
  categorySlug: string
  categoryName: string
  unit: Unit
  currency: string
  deals: number
  enough: boolean
  /** Minor units (cents) per unit, rounded; null unless enough. */
  median: number | null
  q1: number | null
  q3: number | null
  /** Months with deals from at least 3 sellers, oldest first; only when there is enough overall. */
  months: MonthPrice[]
}

/** Whether a set of deals may be shown as a price: the one rule for the form, the listing and the public page. */
export function enoughDeals(deals: number, sellers: number): boolean {
  return deals >= MIN_DEALS && sellers >= MIN_SELLERS
}

const since = (now: Date) => new Date(now.getTime() - 365 * 86_400_000)

/** Completed deals of the window, each as a price per unit of its lot, for one category or all. */
function pricedDeals(db: Kysely<DB>, now: Date, currency: string) {
  return db.selectFrom('deals')
    .innerJoin('listings', 'listings.id', 'deals.listing_id')
    .innerJoin('categories', 'categories.id', 'listings.category_id')
    .where('deals.status', '=', 'completed').where('deals.completed_at', '>', since(now)).where('deals.completed_at', '<=', now)
    .where('deals.currency', '=', currency).where('listings.quantity', '>', '0')
}

const perUnit = sql<number>`deals.amount::numeric / listings.quantity`

/** The guide for one category and unit. */
export async function priceGuide(db: Kysely<DB>, args: { categorySlug: string; unit: Unit; now: Date; currency?: string }): Promise<PriceGuide | null> {
  const currency = args.currency ?? 'EUR'
  const category = await db.selectFrom('categories').select(['slug', 'name']).where('slug', '=', args.categorySlug).executeTakeFirst()
  if (!category) return null
  const base = pricedDeals(db, args.now, currency).where('categories.slug', '=', args.categorySlug).where('listings.unit', '=', args.unit)
  const [summary, months] = await Promise.all([
    base.select([
      (eb) => eb.fn.countAll<string>().as('deals'),
      sql<string>`count(DISTINCT deals.seller_company_id)`.as('sellers'),
      sql<string[] | null>`percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY ${perUnit})`.as('quartiles'),
    ]).executeTakeFirstOrThrow(),
    base.select([
      sql<string>`to_char(date_trunc('month', deals.completed_at AT TIME ZONE 'UTC'), 'YYYY-MM')`.as('month'),
      (eb) => eb.fn.countAll<string>().as('deals'),
      sql<string>`count(DISTINCT deals.seller_company_id)`.as('sellers'),
      sql<string>`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${perUnit})`.as('median'),
    ]).groupBy(sql`1`).orderBy(sql`1`).execute(),
  ])
  const deals = Number(summary.deals)
  const enough = enoughDeals(deals, Number(summary.sellers))
  const [q1, median, q3] = enough && summary.quartiles ? summary.quartiles.map((q) => Math.round(Number(q))) : [null, null, null]
  return {
    categorySlug: category.slug, categoryName: category.name, unit: args.unit, currency, deals, enough,
    median: median ?? null, q1: q1 ?? null, q3: q3 ?? null,
    months: enough ? months.filter((m) => Number(m.sellers) >= MIN_SELLERS).map((m) => ({ month: m.month, median: Math.round(Number(m.median)), deals: Number(m.deals) })) : [],
  }
}

/** Every category and unit with enough deals to show, for the public Market prices page. */
export async function marketPrices(db: Kysely<DB>, now: Date, currency = 'EUR'): Promise<PriceGuide[]> {
  const pairs = await pricedDeals(db, now, currency)
    .select(['categories.slug', 'listings.unit', (eb) => eb.fn.countAll<string>().as('deals'), sql<string>`count(DISTINCT deals.seller_company_id)`.as('sellers')])
    .groupBy(['categories.slug', 'categories.name', 'listings.unit']).orderBy('categories.name').orderBy('listings.unit').execute()
  const shown = pairs.filter((p) => enoughDeals(Number(p.deals), Number(p.sellers)))
  const guides = await Promise.all(shown.map((p) => priceGuide(db, { categorySlug: p.slug, unit: p.unit, now, currency })))
  return guides.filter((g): g is PriceGuide => g !== null && g.enough)
}
