// The seller's actual weight of a lot, an optional field of the listing form: typed as people
// type numbers, stored in kg, shown with the quantity, refused with a message when it is not a
// weight, and the one the impact report uses (tests/impact/impact-rules.test.ts).
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'

const { app, db } = await createTestApp()
await categoryIds(db)
const company = await createTestCompany(db, { status: 'approved' })
const browser = await logInAs(app, company.owner)

const fields = (actualWeight: string) => ({
  title: 'Birch bark from debarking, 30 m³', description: 'Fresh birch bark from our debarker, for fuel or garden products.',
  category: 'wood-pallets', ewc_code: '03 01 01', quantity: '30', unit: 'm3', actual_weight_kg: actualWeight,
  location_city: 'Lappeenranta', location_postcode: '53100', location_country: 'FI', logistics: 'pickup', logistics_note: '',
  recurrence: 'one_off', sale_type: 'fixed_price', fixed_price: '300', tz: 'Europe/Helsinki',
})

async function create(actualWeight: string) {
  const res = await browser.post('/listings', fields(actualWeight))
  const id = res.headers.get('location')?.match(/\/listings\/([0-9a-f-]{36})\/photos/)?.[1]
  return { res, row: id ? await db.selectFrom('listings').select(['id', 'actual_weight_kg']).where('id', '=', id).executeTakeFirstOrThrow() : null }
}

describe("the listing form's actual weight", () => {
  it('is optional, and stores what the seller typed in kg', async () => {
    expect((await create('')).row).toMatchObject({ actual_weight_kg: null })
    const { row } = await create('9 500,5')
    expect(Number(row!.actual_weight_kg)).toBe(9500.5)
    // The edit form gives it back, and the listing says it beside the quantity.
    expect(await (await browser.get(`/listings/${row!.id}/edit`)).text()).toMatch(/name="actual_weight_kg"[^>]*value="9500.5"|value="9500.5"[^>]*name="actual_weight_kg"/)
    expect(await (await browser.get(`/listings/${row!.id}`)).text()).toContain('30 m³, weighed at 9,500.5 kg')
  })

  it('refuses what is not a weight, beside the field, and saves nothing', async () => {
    for (const bad of ['-3', '0', 'heavy', '1.23456', '1e5']) {
      const { res, row } = await create(bad)
      expect([res.status, bad]).toEqual([422, bad])
      expect(row).toBeNull()
      expect(await res.text()).toContain('Give the weight in kg')
    }
  })
})
