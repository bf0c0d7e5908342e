import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)

const seller = await createTestCompany(db, { status: 'approved' })

async function buyer() {
  const company = await createTestCompany(db, { status: 'approved' })
  return { company, browser: await logInAs(app, company.owner) }
}

const watchRows = (userId: string) => db.selectFrom('watchlist').select('listing_id').where('user_id', '=', userId).execute()

describe('watching a listing', () => {
  it('adds and removes a listing without JavaScript, idempotently, and goes back where the user was', async () => {
    const { company, browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock(), title: 'Copper cable offcuts' })

    const page = await (await browser.get(`/listings/${id}`)).text()
    expect(page).toContain(`action="/listings/${id}/watch"`)
    expect(page).toContain('hx-target="this"')

    let res = await browser.post(`/listings/${id}/watch`, { back: `/listings/${id}` })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/listings/${id}`)
    res = await browser.post(`/listings/${id}/watch`, { back: '/listings?q=copper' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/listings?q=copper')
    expect(await watchRows(company.owner.userId)).toEqual([{ listing_id: id }])
    expect(await (await browser.get(`/listings/${id}`)).text()).toContain(`action="/listings/${id}/unwatch"`)

    res = await browser.post(`/listings/${id}/unwatch`, { back: `/listings/${id}` })
    expect(res.status).toBe(303)
    res = await browser.post(`/listings/${id}/unwatch`, { back: `/listings/${id}` })
    expect(res.status).toBe(303)
    expect(await watchRows(company.owner.userId)).toEqual([])
  })

  it('answers htmx with the button alone, in its new state', async () => {
    const { company, browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock() })
    let res = await browser.post(`/listings/${id}/watch`, { back: `/listings/${id}` }, { htmx: true })
    expect(res.status).toBe(200)
    let html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toMatch(/^<form[^>]*action="\/listings\/[0-9a-f-]+\/unwatch"/)
    expect(html).toContain('Watching')
    expect(html).toContain('name="_csrf"')
    expect(await watchRows(company.owner.userId)).toHaveLength(1)

    res = await browser.post(`/listings/${id}/unwatch`, { back: `/listings/${id}` }, { htmx: true })
    html = await res.text()
    expect(html).toMatch(/^<form[^>]*action="\/listings\/[0-9a-f-]+\/watch"/)
    expect(await watchRows(company.owner.userId)).toHaveLength(0)
  })

  it('never sends the user off-site through the back field', async () => {
    const { browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock() })
    for (const back of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '']) {
      const res = await browser.post(`/listings/${id}/watch`, { back })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe(`/listings/${id}`)
    }
  })

  it('sends a visitor to log in, then back to the listing', async () => {
    const id = await createTestListing(db, seller.companyId, { now: clock() })
    const visitor = new TestBrowser(app)
    const page = await (await visitor.get(`/listings/${id}`)).text()
    expect(page).toContain(`/login?next=${encodeURIComponent(`/listings/${id}`)}`)
    const res = await visitor.post(`/listings/${id}/watch`, { back: `/listings/${id}` })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/listings/${id}`)}`)
    const htmx = await visitor.post(`/listings/${id}/watch`, {}, { htmx: true })
    expect(htmx.headers.get('hx-redirect')).toBe(`/login?next=${encodeURIComponent(`/listings/${id}`)}`)
    expect(await db.selectFrom('watchlist').select('user_id').where('listing_id', '=', id).execute()).toEqual([])
  })

  it('refuses listings nobody else can see, and ids that are not listings, with 404', async () => {
    const { company, browser } = await buyer()
    for (const status of ['draft', 'pending_review', 'rejected', 'withdrawn'] as const) {
      const id = await createTestListing(db, seller.companyId, { now: clock(), status, published_at: null })
      expect((await browser.post(`/listings/${id}/watch`, {})).status, status).toBe(404)
    }
    expect((await browser.post('/listings/not-a-uuid/watch', {})).status).toBe(404)
    expect((await browser.post('/listings/00000000-0000-4000-8000-000000000000/watch', {})).status).toBe(404)
    expect((await browser.post('/listings/00000000-0000-4000-8000-000000000000/unwatch', {})).status).toBe(404)
    expect(await watchRows(company.owner.userId)).toEqual([])
    // An ended auction can still be watched (to see how it went).
    const ended = await createTestListing(db, seller.companyId, { now: clock(), status: 'ended', outcome: 'sold' })
    expect((await browser.post(`/listings/${ended}/watch`, {})).status).toBe(303)
  })

  it('lets a watched listing that was withdrawn since be taken off the list', async () => {
    const { company, browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock() })
    await browser.post(`/listings/${id}/watch`, {})
    await db.updateTable('listings').set({ status: 'withdrawn' }).where('id', '=', id).execute()
    expect((await browser.post(`/listings/${id}/unwatch`, { back: '/watching' })).headers.get('location')).toBe('/watching')
    expect(await watchRows(company.owner.userId)).toEqual([])
  })

  it('needs a company: an admin without one gets 403', async () => {
    const admin = await createTestAdmin(db)
    const browser = await logInAs(app, admin)
    const id = await createTestListing(db, seller.companyId, { now: clock() })
    expect((await browser.post(`/listings/${id}/watch`, {})).status).toBe(403)
    expect((await browser.get(`/listings/${id}`)).status).toBe(200)
  })

  it('shows no watch button to the seller on their own listing', async () => {
    const browser = await logInAs(app, seller.owner)
    const id = await createTestListing(db, seller.companyId, { now: clock() })
    expect(await (await browser.get(`/listings/${id}`)).text()).not.toContain(`/listings/${id}/watch`)
  })
})

describe('the Watching page', () => {
  it('lists the user’s watched listings with price, time left and status, live ones soonest first', async () => {
    const { browser } = await buyer()
    const now = clock()
    const later = await createTestListing(db, seller.companyId, { now, title: 'Steel drums, ends later', ends_at: new Date(now.getTime() + 5 * 86400_000) })
    const sooner = await createTestListing(db, seller.companyId, {
      now, title: 'Aluminium swarf, ends sooner', ends_at: new Date(now.getTime() + 2 * 3600_000 + 15 * 60_000), current_price: 123_400, bid_count: 3,
    })
    const ended = await createTestListing(db, seller.companyId, { now, title: 'Glass cullet, sold', status: 'ended', outcome: 'sold' })
    const fixed = await createTestListing(db, seller.companyId, { now, title: 'Wooden pallets, fixed', sale_type: 'fixed_price' })
    for (const id of [ended, later, fixed, sooner]) expect((await browser.post(`/listings/${id}/watch`, {})).status).toBe(303)

    const res = await browser.get('/watching')
    expect(res.status).toBe(200)
    const html = await res.text()
    const order = ['Aluminium swarf', 'Steel drums', 'Wooden pallets', 'Glass cullet'].map((t) => html.indexOf(t))
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).toContain('€1,234.00')
    expect(html).toContain('3 bids')
    expect(html).toContain('2 h 15 min')
    expect(html).toContain('€1,500.00')
    expect(html).toContain('Ended (sold)')
    expect(html).toContain(`action="/listings/${sooner}/unwatch"`)
    expect(html).toContain('value="/watching"')
  })

  it('is private: another person, even a colleague, sees only their own list', async () => {
    const { company, browser } = await buyer()
    const id = await createTestListing(db, seller.companyId, { now: clock(), title: 'Secretly watched textile bales' })
    await browser.post(`/listings/${id}/watch`, {})
    expect(await (await browser.get('/watching')).text()).toContain('Secretly watched textile bales')

    const colleague = await addTestMember(db, company.companyId)
    const other = await buyer()
    for (const b of [await logInAs(app, colleague), other.browser]) {
      const html = await (await b.get('/watching')).text()
      expect(html).not.toContain('Secretly watched textile bales')
      expect(html).toContain('You are not watching any listing')
    }
  })

  it('sends a visitor to log in and back to the page', async () => {
    const res = await new TestBrowser(app).get('/watching')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/watching')}`)
  })
})
