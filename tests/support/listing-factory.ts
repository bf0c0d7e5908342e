// Listings straight into the database, for tests that need them to exist in a given state.
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import type { NewListing } from '../../src/db/types.js'
import { seedCategories } from '../../src/seed/categories.js'

let n = 0

/** Makes sure the seeded categories exist and returns their ids by slug. */
export async function categoryIds(db: Kysely<DB>): Promise<Record<string, number>> {
  await seedCategories(db)
  const rows = await db.selectFrom('categories').select(['id', 'slug']).execute()
  return Object.fromEntries(rows.map((r) => [r.slug, r.id]))
}

/**
 * A listing of a company. Defaults: a live auction of cardboard in Malmö that started an hour
 * before `now` and ends in 3 days. Pass `status`, `sale_type`, times, prices to change it.
 */
export async function createTestListing(
  db: Kysely<DB>,
  companyId: string,
  overrides: Partial<NewListing> & { category?: string; now?: Date } = {},
) {
  n += 1
  const ids = await categoryIds(db)
  const { category = 'paper-cardboard', now = new Date(), ...rest } = overrides
  const saleType = rest.sale_type ?? 'auction'
  const auction = saleType === 'auction'
  const row = await db.insertInto('listings').values({
    company_id: companyId,
    title: `Baled cardboard lot ${n}`,
    description: 'Clean, dry corrugated cardboard in bales of about 400 kg, stored indoors.',
    category_id: ids[category],
    quantity: '12',
    unit: 't',
    location_city: 'Malmö',
    location_postcode: '211 20',
    location_country: 'SE',
    logistics: 'pickup',
    recurrence: 'one_off',
    sale_type: saleType,
    fixed_price: auction ? null : 150_000,
    start_price: auction ? 100_000 : null,
    bid_increment: auction ? 5_000 : null,
    starts_at: auction ? new Date(now.getTime() - 3600_000) : null,
    ends_at: auction ? new Date(now.getTime() + 3 * 86400_000) : null,
    status: 'live',
    published_at: now,
    submitted_at: now,
    created_at: now,
    updated_at: now,
    search_extra: '',
    ...rest,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}
