// What the impact report reads: the company's deals completed in the period, on either side,
// with each lot's category, EWC chapter, quantity and the seller's actual weight. Only deals
// at their end state "completed" count: a deal still under way, cancelled, disputed or
// resolved after a dispute (possibly refunded) does not.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealLine, Side } from './impact-rules.js'

/** One query: the completed deals in [start, end) in which the company sold or bought. */
export async function completedDealsOf(db: Kysely<DB>, companyId: string, range: { start: Date; end: Date }): Promise<DealLine[]> {
  const rows = await db.selectFrom('deals as d')
    .innerJoin('listings as l', 'l.id', 'd.listing_id')
    .innerJoin('categories as c', 'c.id', 'l.category_id')
    .leftJoin('ewc_codes as e', 'e.code', 'l.ewc_code')
    .select([
      'd.id', 'd.number', 'd.seller_company_id', 'd.net_amount', 'd.amount', 'd.currency', 'd.completed_at',
      'l.title', 'l.quantity', 'l.unit', 'l.actual_weight_kg', 'l.ewc_code',
      'c.slug as category_slug', 'c.name as category_name', 'e.chapter', 'e.chapter_description',
    ])
    .where('d.status', '=', 'completed')
    .where((eb) => eb.or([eb('d.seller_company_id', '=', companyId), eb('d.buyer_company_id', '=', companyId)]))
    .where('d.completed_at', '>=', range.start)
    .where('d.completed_at', '<', range.end)
    .orderBy('d.completed_at').orderBy('d.number')
    .execute()
  return rows.map((r) => ({
    dealId: r.id,
    dealNumber: Number(r.number),
    title: r.title,
    side: (r.seller_company_id === companyId ? 'sold' : 'bought') satisfies Side,
    categorySlug: r.category_slug,
    categoryName: r.category_name,
    ewcCode: r.ewc_code,
    ewcChapter: r.chapter,
    ewcChapterDescription: r.chapter_description,
    quantity: String(r.quantity),
    unit: r.unit,
    actualWeightKg: r.actual_weight_kg === null ? null : String(r.actual_weight_kg),
    netAmount: Number(r.net_amount ?? r.amount),
    currency: r.currency,
    completedAt: new Date(r.completed_at!),
  }))
}
