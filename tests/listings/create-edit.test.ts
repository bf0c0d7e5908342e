import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)

// Times as a Stockholm seller types them; the test clock stands at 2026-11-22 10:00 UTC.
const auctionFields = (overrides: Record<string, string> = {}) => ({
  title: 'Baled corrugated cardboard, 12 t',
  description: 'Clean and dry OCC bales from our packaging line, about 400 kg each, stored indoors.',
  category: 'paper-cardboard',
  ewc_code: '15 01 01',
  quantity: '12,5',
  unit: 't',
  location_city: 'Malmö',
  location_postcode: '211 20',
  location_country: 'SE',
  logistics: 'pickup',
  logistics_note: 'Loading dock open 7–15 on weekdays.',
  recurrence: 'one_off',
  sale_type: 'auction',
  start_price: '1 000',
  bid_increment: '50',
  reserve_price: '1500',
  buy_now_price: '3000',
  starts_at: '2026-11-22T12:00',
  ends_at: '2026-11-29T12:00',
  tz: 'Europe/Stockholm',
  ...overrides,
})

async function seller(status: 'approved' | 'pending' = 'approved') {
  const company = await createTestCompany(db, { status })
  return { company, browser: await logInAs(app, company.owner) }
}

describe('creating a listing', () => {
  it('creates an auction draft from the form, with times read in the seller’s zone, and sends it for review from the summary', async () => {
    const { company, browser } = await seller()
    expect((await browser.get('/listings/new')).status).toBe(200)
    const res = await browser.post('/listings', auctionFields())
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/listings\/[0-9a-f-]{36}\/photos\?saved=1$/)
    const id = res.headers.get('location')!.match(/\/listings\/([0-9a-f-]{36})\/photos/)![1]
    const row = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      company_id: company.companyId, status: 'draft', submitted_at: null, sale_type: 'auction', ewc_code: '150101', unit: 't',
      start_price: 100_000, bid_increment: 5_000, reserve_price: 150_000, buy_now_price: 300_000, currency: 'EUR', fixed_price: null,
    })
    expect(Number(row.quantity)).toBe(12.5)
    expect(row.starts_at?.toISOString()).toBe('2026-11-22T11:00:00.000Z')
    expect(row.ends_at?.toISOString()).toBe('2026-11-29T11:00:00.000Z')
    expect(row.search_extra).toContain('Paper & cardboard')
    expect(row.search_extra).toContain('15 01 01')

    const sent = await browser.post(`/listings/${id}/submit`, {})
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe(`/listings/${id}/review?sent=1`)
    expect(await db.selectFrom('listings').select(['status', 'submitted_at']).where('id', '=', id).executeTakeFirstOrThrow())
      .toEqual({ status: 'pending_review', submitted_at: clock() })
  })

  it('saves a fixed-price draft, ignoring auction fields', async () => {
    const { browser } = await seller()
    const res = await browser.post('/listings', auctionFields({ sale_type: 'fixed_price', fixed_price: '2 400,50' }))
    expect(res.status).toBe(303)
    const id = res.headers.get('location')!.split('/')[2]
    const row = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'draft', fixed_price: 240_050, start_price: null, starts_at: null, reserve_price: null })
  })

  it.each([
    [{ ewc_code: '99 99 99' }, 'ewc_code', 'is not on the European List of Waste'],
    [{ ewc_code: 'cardboard' }, 'ewc_code', 'An EWC code has six digits'],
    [{ ends_at: '2026-11-22T11:00' }, 'ends_at', 'The end must be after the start.'],
    [{ ends_at: '2026-11-22T12:30' }, 'ends_at', 'An auction runs for at least 1 hour.'],
    [{ ends_at: '2027-01-22T12:00' }, 'ends_at', 'An auction runs for at most 30 days.'],
    [{ buy_now_price: '900' }, 'buy_now_price', 'The buy-now price must be above the start price.'],
    [{ reserve_price: '500' }, 'reserve_price', 'The reserve cannot be below the start price.'],
    [{ start_price: 'lots' }, 'start_price', 'Enter the start price as an amount'],
    [{ start_price: '' }, 'start_price', 'Enter the start price.'],
    [{ quantity: '0' }, 'quantity', 'Enter a quantity above zero'],
    [{ unit: 'barrels' }, 'unit', 'Choose a unit.'],
    [{ category: 'unobtainium' }, 'category', 'Choose a category from the list.'],
    [{ title: 'abc' }, 'title', 'Use at least 5 characters for the title.'],
    [{ starts_at: 'soon' }, 'starts_at', 'Enter the start date and time.'],
    [{ sale_type: 'fixed_price', fixed_price: '' }, 'fixed_price', 'Enter the price.'],
  ])('refuses %o with a message on %s and saves nothing', async (overrides, _field, message) => {
    const { company, browser } = await seller()
    const res = await browser.post('/listings', auctionFields(overrides))
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(message.replace(/'/g, '&#39;'))
    expect(html).toContain('value="Malmö"') // what was typed comes back
    const rows = await db.selectFrom('listings').select('id').where('company_id', '=', company.companyId).execute()
    expect(rows).toHaveLength(0)
  })

  it('refuses a company that is not approved, with the reason', async () => {
    const { browser } = await seller('pending')
    const page = await browser.get('/listings/new')
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('awaiting approval')
    const res = await browser.post('/listings', auctionFields())
    expect(res.status).toBe(403)
    expect(await db.selectFrom('listings').select('id').execute()).not.toHaveLength(-1)
  })

  it('sends a visitor to log in first', async () => {
    const { TestBrowser } = await import('../support/browser.js')
    const res = await new TestBrowser(app).get('/listings/new')
    expect(res.headers.get('location')).toBe('/login?next=%2Flistings%2Fnew')
  })
})

describe('editing', () => {
  it('lets the seller edit a rejected listing, which stays rejected until sent for review again', async () => {
    const { company, browser } = await seller()
    const id = await createTestListing(db, company.companyId, { status: 'rejected', status_reason: 'Photos missing', now: clock() })
    const form = await browser.get(`/listings/${id}/edit`)
    expect(form.status).toBe(200)
    const res = await browser.post(`/listings/${id}`, auctionFields({ title: 'Cardboard bales, now with photos' }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/listings/${id}/photos?saved=1`)
    expect(await (await browser.get(res.headers.get('location')!)).text()).toContain('The listing stays rejected until you send it for review again')
    const saved = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(saved).toMatchObject({ title: 'Cardboard bales, now with photos', status: 'rejected', status_reason: 'Photos missing' })
    expect((await browser.post(`/listings/${id}/submit`, {})).status).toBe(303)
    const row = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'pending_review', status_reason: null })
  })

  it('answers 404 to another company editing, viewing a draft, or withdrawing', async () => {
    const owner = await seller()
    const intruder = await seller()
    const id = await createTestListing(db, owner.company.companyId, { status: 'draft', now: clock() })
    expect((await intruder.browser.get(`/listings/${id}/edit`)).status).toBe(404)
    expect((await intruder.browser.get(`/listings/${id}`)).status).toBe(404)
    expect((await intruder.browser.post(`/listings/${id}`, auctionFields({ title: 'Hijacked listing' }))).status).toBe(404)
    expect((await intruder.browser.post(`/listings/${id}/withdraw`, {})).status).toBe(404)
    expect((await intruder.browser.get('/listings/not-a-uuid/edit')).status).toBe(404)
    const row = await db.selectFrom('listings').select(['title', 'status']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.status).toBe('draft')
    expect(row.title).not.toBe('Hijacked listing')
  })

  it('after the first bid, refuses a higher reserve, a new buy-now, a higher start price or a shorter auction; allows a lower or no reserve', async () => {
    const { company, browser } = await seller()
    const now = clock()
    const endsAt = new Date(now.getTime() + 3 * 86400_000)
    const id = await createTestListing(db, company.companyId, {
      now, reserve_price: 150_000, bid_count: 1, current_price: 100_000, ends_at: endsAt,
    })
    const listing = await db.selectFrom('listings').select(['starts_at']).where('id', '=', id).executeTakeFirstOrThrow()
    const iso = (d: Date) => d.toISOString().slice(0, 16)
    const terms = (o: Record<string, string>) => ({
      start_price: '1000', bid_increment: '50', reserve_price: '1500', buy_now_price: '',
      starts_at: iso(listing.starts_at!), ends_at: iso(endsAt), tz: 'UTC', ...o,
    })
    const higher = await browser.post(`/listings/${id}/terms`, terms({ reserve_price: '1800' }))
    expect(higher.status).toBe(422)
    expect(await higher.text()).toContain('the reserve cannot go above €1,500.00')
    const buyNow = await browser.post(`/listings/${id}/terms`, terms({ buy_now_price: '5000' }))
    expect(await buyNow.text()).toContain('a buy-now price can no longer be added')
    const start = await browser.post(`/listings/${id}/terms`, terms({ start_price: '1100' }))
    expect(await start.text()).toContain('the start price cannot go above €1,000.00')
    const shorter = await browser.post(`/listings/${id}/terms`, terms({ ends_at: iso(new Date(endsAt.getTime() - 3600_000)) }))
    expect(await shorter.text()).toContain('the auction cannot be shortened')
    expect((await db.selectFrom('listings').select('reserve_price').where('id', '=', id).executeTakeFirstOrThrow()).reserve_price).toBe(150_000)

    const lower = await browser.post(`/listings/${id}/terms`, terms({ ends_at: iso(new Date(endsAt.getTime() + 3600_000)), reserve_price: '1200' }))
    expect(lower.status).toBe(303)
    const row = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.reserve_price).toBe(120_000)
    expect(row.ends_at!.getTime()).toBe(endsAt.getTime() + 3600_000)
    const removed = await browser.post(`/listings/${id}/terms`, terms({ ends_at: iso(new Date(endsAt.getTime() + 3600_000)), reserve_price: '' }))
    expect(removed.status).toBe(303)
    expect((await db.selectFrom('listings').select('reserve_price').where('id', '=', id).executeTakeFirstOrThrow()).reserve_price).toBeNull()
    // A listing with bids cannot be withdrawn by its seller either.
    expect((await browser.post(`/listings/${id}/withdraw`, {})).status).toBe(409)
  })
})

describe('listing page', () => {
  it('shows the details, the waste code with a hazardous label, and says why a visitor cannot bid', async () => {
    const { company } = await seller()
    const id = await createTestListing(db, company.companyId, { now: clock(), ewc_code: '130205', title: 'Used engine oil, 2 000 l', reserve_price: 200_000 })
    const { TestBrowser } = await import('../support/browser.js')
    const res = await new TestBrowser(app).get(`/listings/${id}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Used engine oil, 2 000 l')
    expect(html).toContain('13 02 05*')
    expect(html).toContain('Hazardous waste')
    expect(html).toContain('reserve not met')
    expect(html).not.toContain('2,000.00') // the reserve amount is never shown
    expect(html).toContain('Log in to bid.')
    expect(html).toContain(`/login?next=%2Flistings%2F${id}`)
  })

  it('tells the seller it is their own listing, and a pending company why it cannot trade', async () => {
    const { company, browser } = await seller()
    const id = await createTestListing(db, company.companyId, { now: clock() })
    expect(await (await browser.get(`/listings/${id}`)).text()).toContain('This is your own listing.')
    const pending = await seller('pending')
    expect(await (await pending.browser.get(`/listings/${id}`)).text()).toContain('must be approved by NordicLoop before it can trade')
  })
})

describe('EWC suggestions', () => {
  it('suggests codes by digits or by words, accents ignored', async () => {
    const { TestBrowser } = await import('../support/browser.js')
    const b = new TestBrowser(app)
    const byDigits = await (await b.get('/ewc/suggest?ewc_code=15%2001')).text()
    expect(byDigits).toContain('value="15 01 01"')
    const byWords = await (await b.get('/ewc/suggest?ewc_code=cardboard')).text()
    expect(byWords).toContain('paper and cardboard')
    const page = await b.get('/ewc?q=oil')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Hazardous waste')
  })
})
