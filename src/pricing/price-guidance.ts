// What a material sells for: the median and middle half (interquartile range) of the price per
// unit in completed deals of the last 12 months, for one category and unit, and its trend by
// month. Sellers see it on the listing form and beside their price; everyone sees it on the
// Market prices page. One rule decides when there is enough to show (`enoughDeals`): at least
// 5 deals, from at least 3 different sellers, so no figure is one company's price.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Unit } from '../db/types.js'

export type { Unit }

export const MIN_DEALS = 5
export const MIN_SELLERS = 3

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
const sellers = sql<string>`count(DISTINCT deals.seller_company_id)`

type Group = { slug: string; name: string; unit: Unit }
type Summary = Group & { deals: string; sellers: string; quartiles: string[] | null }
type Month = Group & { month: string; deals: string; sellers: string; median: string }

/**
 * The summary and the months of every category and unit with deals in the window (or of one),
 * two queries however many there are.
 */
async function summarise(db: Kysely<DB>, now: Date, currency: string, one?: { categorySlug: string; unit: Unit }) {
  let base = pricedDeals(db, now, currency)
  if (one) base = base.where('categories.slug', '=', one.categorySlug).where('listings.unit', '=', one.unit)
  const group = ['categories.slug', 'categories.name', 'listings.unit'] as const
  const [summaries, months] = await Promise.all([
    base.select([...group, (eb) => eb.fn.countAll<string>().as('deals'), sellers.as('sellers'),
      sql<string[] | null>`percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY ${perUnit})`.as('quartiles'),
    ]).groupBy([...group]).orderBy('categories.name').orderBy('listings.unit').execute(),
    base.select([...group, sql<string>`to_char(date_trunc('month', deals.completed_at AT TIME ZONE 'UTC'), 'YYYY-MM')`.as('month'),
      (eb) => eb.fn.countAll<string>().as('deals'), sellers.as('sellers'),
      sql<string>`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${perUnit})`.as('median'),
    ]).groupBy([...group, sql`4`]).orderBy(sql`4`).execute(),
  ])
  return { summaries: summaries as Summary[], months: months as Month[] }
}

function guideOf(group: { slug: string; name: string; unit: Unit }, currency: string, summary: Summary | undefined, months: Month[]): PriceGuide {
  const deals = Number(summary?.deals ?? 0)
  const enough = enoughDeals(deals, Number(summary?.sellers ?? 0))
  const [q1, median, q3] = enough && summary?.quartiles ? summary.quartiles.map((q) => Math.round(Number(q))) : [null, null, null]
  return {
    categorySlug: group.slug, categoryName: group.name, unit: group.unit, currency, deals, enough,
    median: median ?? null, q1: q1 ?? null, q3: q3 ?? null,
    months: enough ? months.filter((m) => Number(m.sellers) >= MIN_SELLERS).map((m) => ({ month: m.month, median: Math.round(Number(m.median)), deals: Number(m.deals) })) : [],
  }
}

/** The guide for one category and unit. */
export async function priceGuide(db: Kysely<DB>, args: { categorySlug: string; unit: Unit; now: Date; currency?: string }): Promise<PriceGuide | null> {
  const currency = args.currency ?? 'EUR'
  const [category, { summaries, months }] = await Promise.all([
    db.selectFrom('categories').select(['slug', 'name']).where('slug', '=', args.categorySlug).executeTakeFirst(),
    summarise(db, args.now, currency, args),
  ])
  if (!category) return null
  return guideOf({ ...category, unit: args.unit }, currency, summaries[0], months)
}

/** Every category and unit with enough deals to show, for the public Market prices page. */
export async function marketPrices(db: Kysely<DB>, now: Date, currency = 'EUR'): Promise<PriceGuide[]> {
  const { summaries, months } = await summarise(db, now, currency)
  return summaries
    .map((s) => guideOf(s, currency, s, months.filter((m) => m.slug === s.slug && m.unit === s.unit)))
    .filter((g) => g.enough)
}
