// A deal made the way buyers make them: the seller's fixed-price lot, bought through the app by
// a logged-in buyer. Returns the deal row the purchase opened. The lot is scrap metal unless
// told otherwise: between two VAT-registered Swedish companies that is reverse charged, so the
// buyer pays the price itself and the tests' arithmetic is about the deal (tests/vat and
// tests/invoices cover the deals that carry VAT).
import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import type { DB } from '../../src/db/schema.js'
import type { TestBrowser } from './browser.js'
import { createTestListing } from './listing-factory.js'

export async function buyFixedPriceLot(db: Kysely<DB>, buyer: TestBrowser, lot: { sellerCompanyId: string; title: string; price: number; now: Date; category?: string }) {
  const id = await createTestListing(db, lot.sellerCompanyId, { now: lot.now, title: lot.title, sale_type: 'fixed_price', fixed_price: lot.price, category: lot.category ?? 'ferrous-metals' })
  const res = await buyer.post(`/listings/${id}/buy`, {})
  expect(res.status, `buying "${lot.title}"`).toBeLessThan(400)
  return db.selectFrom('deals').selectAll().where('listing_id', '=', id).executeTakeFirstOrThrow()
}
