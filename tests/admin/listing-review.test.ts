import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestCompany, type TestUser } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)

const HOUR = 3600_000
let adminUser: TestUser
let admin: TestBrowser
let seller: TestCompany

beforeAll(async () => {
  adminUser = await createTestAdmin(db)
  admin = await logInAs(app, adminUser)
  seller = await createTestCompany(db, { status: 'approved', legalName: 'Kartong Återvinning AB', country: 'SE' })
})

/** A listing awaiting review, submitted `submittedAgo` ms before the test clock. */
function pendingListing(overrides: Parameters<typeof createTestListing>[2] = {}, companyId = seller.companyId) {
  const now = clock()
  return createTestListing(db, companyId, {
    now, status: 'pending_review', published_at: null, submitted_at: new Date(now.getTime() - HOUR), ...overrides,
  })
}

const listing = (id: string) => db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const mailAbout = (template: string, to: string) =>
  db.selectFrom('outbox').selectAll().where('template', '=', template).where('to_address', '=', to).orderBy('id').execute()
const auditFor = (id: string) =>
  db.selectFrom('audit_log').selectAll().where('subject_type', '=', 'listing').where('subject_id', '=', id).orderBy('id').execute()

describe('the queue of listings awaiting review', () => {
  it('lists them oldest submitted first, with photos, every detail and the seller', async () => {
    const now = clock()
    const newer = await pendingListing({ title: 'Newer pallets lot', submitted_at: new Date(now.getTime() - HOUR), category: 'wood-pallets' })
    const older = await pendingListing({
      title: 'Older contaminated drums',
      description: 'Forty empty steel drums that held solvent.',
      category: 'chemicals-hazardous',
      ewc_code: '150110',
      quantity: '40',
      unit: 'pcs',
      location_city: 'Göteborg',
      location_postcode: '411 04',
      logistics: 'pickup_or_delivery',
      logistics_note: 'Forklift on site.',
      start_price: 123_450,
      bid_increment: 2_500,
      reserve_price: 200_000,
      buy_now_price: 500_000,
      starts_at: new Date('2026-11-23T08:00:00Z'),
      ends_at: new Date('2026-11-30T08:00:00Z'),
      submitted_at: new Date(now.getTime() - 5 * HOUR),
    })
    const fixed = await pendingListing({
      title: 'Fixed price glass cullet', sale_type: 'fixed_price', fixed_price: 99_900, category: 'glass', submitted_at: new Date(now.getTime() - 60_000),
    })
    const live = await createTestListing(db, seller.companyId, { now, title: 'Already live cardboard' })
    const photo = await db.insertInto('listing_photos')
      .values({ listing_id: older, position: 0, width: 1280, height: 960, variants: [320, 640, 1280] })
      .returning('id').executeTakeFirstOrThrow()

    const res = await admin.get('/admin/listings/pending')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html.indexOf('Older contaminated drums')).toBeGreaterThan(-1)
    expect(html.indexOf('Older contaminated drums')).toBeLessThan(html.indexOf('Newer pallets lot'))
    expect(html.indexOf('Newer pallets lot')).toBeLessThan(html.indexOf('Fixed price glass cullet'))
    expect(html).not.toContain('Already live cardboard')
    expect(html).not.toContain(`/admin/listings/${live}/approve`)

    for (const detail of [
      'Forty empty steel drums that held solvent.', 'Chemicals &amp; hazardous', '15 01 10*',
      'Packaging containing residues of or contaminated by hazardous substances', 'Hazardous waste', '40 pieces',
      '411 04 Göteborg, Sweden', 'Collection or delivery — Forklift on site.', 'Auction', '€1,234.50', '€25.00', '€2,000.00',
      '€5,000.00', '2026-11-23 08:00 UTC', '2026-11-30 08:00 UTC', 'Kartong Återvinning AB', 'Approved', '€999.00',
    ]) expect(html, detail).toContain(detail)
    expect(html).toContain(`href="/admin/companies/${seller.companyId}"`)
    expect(html).toMatch(new RegExp(`<img[^>]*src="/media/photos/${photo.id}/640.webp"[^>]*loading="lazy"`))
    expect(html).toContain(`/media/photos/${photo.id}/320.webp 320w`)
    expect(html).toContain('sizes="10rem"')
    expect(html).toContain(`action="/admin/listings/${older}/approve"`)
    expect(html).toContain(`action="/admin/listings/${newer}/reject"`)
    expect(html).toContain(`hx-post="/admin/listings/${fixed}/approve"`)

    // Clean the queue for the tests below, which count what they see.
    await db.updateTable('listings').set({ status: 'draft' }).where('id', 'in', [older, newer, fixed]).execute()
  })

  it('shows the number awaiting review on the dashboard, with a link to the queue', async () => {
    const id = await pendingListing()
    const html = await (await admin.get('/admin')).text()
    expect(html).toMatch(/<a href="\/admin\/listings\/pending"><strong>1<\/strong> listing awaiting review<\/a>/)
    expect(html).toContain('href="/admin/categories"')
    await db.updateTable('listings').set({ status: 'draft' }).where('id', '=', id).execute()
  })
})

describe('approving a listing', () => {
  it('makes it live now, emails each confirmed member once with an absolute link, and records the admin', async () => {
    const member = await addTestMember(db, seller.companyId)
    const unconfirmed = await addTestMember(db, seller.companyId, { verified: false })
    const id = await pendingListing({ title: 'Approve me cardboard' })
    const res = await admin.post(`/admin/listings/${id}/approve`, {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/listings/pending?done=approve')

    const row = await listing(id)
    expect(row.status).toBe('live')
    expect(row.published_at?.toISOString()).toBe(clock().toISOString())

    for (const person of [seller.owner, member]) {
      const mail = await mailAbout('listing-approved', person.email)
      expect(mail, person.email).toHaveLength(1)
      expect(mail[0]!.subject).toContain('Approve me cardboard')
      expect(mail[0]!.text_body).toContain(`${TEST_BASE_URL}/listings/${id}`)
      expect(mail[0]!.html_body).toContain(`href="${TEST_BASE_URL}/listings/${id}"`)
    }
    expect(await mailAbout('listing-approved', unconfirmed.email)).toHaveLength(0)

    const audit = await auditFor(id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'listing.approved', actor_user_id: adminUser.userId })
    expect(audit[0]!.detail).toMatchObject({ from: 'pending_review', to: 'live' })

    const page = await (await admin.get(res.headers.get('location')!)).text()
    expect(page).toContain('The listing is live.')
    expect(page).not.toContain('Approve me cardboard')
    // Visitors find it now.
    expect((await new TestBrowser(app).get(`/listings/${id}`)).status).toBe(200)
  })

  it('answers htmx with the queue item replaced in place', async () => {
    const id = await pendingListing({ title: 'Htmx approved lot' })
    const res = await admin.post(`/admin/listings/${id}/approve`, {}, { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(new RegExp(`^<article id="review-${id}"`))
    expect(html).toContain('“Htmx approved lot” is live. Email queued to')
    expect(html).not.toContain('<html')
  })

  it('puts an auction whose start time has passed live at once', async () => {
    const now = clock()
    const id = await pendingListing({ starts_at: new Date(now.getTime() - 2 * HOUR), ends_at: new Date(now.getTime() + 2 * 86400_000) })
    expect((await admin.post(`/admin/listings/${id}/approve`, {})).status).toBe(303)
    expect((await listing(id)).status).toBe('live')
  })

  it.each([
    ['already past its end', -HOUR, 'already ended at 2026-11-22 09:00 UTC'],
    ['ending within the hour', 30 * 60_000, 'less than an hour from now'],
  ])('refuses an auction %s, telling the admin to reject it instead', async (_label, endsIn, phrase) => {
    const now = clock()
    const id = await pendingListing({ starts_at: new Date(now.getTime() - 3 * HOUR), ends_at: new Date(now.getTime() + endsIn) })
    const before = await listing(id)
    const res = await admin.post(`/admin/listings/${id}/approve`, {})
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain(phrase)
    expect(html).toContain('Reject it instead')
    // The listing stays in the queue with its reject form right there.
    expect(html).toContain(`action="/admin/listings/${id}/reject"`)
    expect(await listing(id)).toEqual(before)
    expect(await auditFor(id)).toHaveLength(0)

    const htmx = await admin.post(`/admin/listings/${id}/approve`, {}, { htmx: true })
    expect(htmx.status).toBe(409)
    const fragment = await htmx.text()
    expect(fragment).toMatch(new RegExp(`^<article id="review-${id}"`))
    expect(fragment).toContain('Reject it instead')
    expect(fragment).toContain(`hx-post="/admin/listings/${id}/reject"`)
  })

  it('refuses a listing whose seller is suspended', async () => {
    const suspended = await createTestCompany(db, { status: 'suspended', legalName: 'Suspended Scrap AB' })
    const id = await pendingListing({}, suspended.companyId)
    const res = await admin.post(`/admin/listings/${id}/approve`, {})
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('its seller Suspended Scrap AB is suspended')
    expect((await listing(id)).status).toBe('pending_review')
  })

  it('acts once when two admins approve at the same moment', async () => {
    const id = await pendingListing()
    const second = await logInAs(app, await createTestAdmin(db))
    const results = await Promise.all([admin.post(`/admin/listings/${id}/approve`, {}), second.post(`/admin/listings/${id}/approve`, {})])
    expect(results.map((r) => r.status).sort()).toEqual([303, 409])
    expect(await auditFor(id)).toHaveLength(1)
    expect(await mailAbout('listing-approved', seller.owner.email).then((m) => m.filter((e) => e.text_body.includes(id)))).toHaveLength(1)
  })

  it('refuses with 409 a listing another admin already decided, and changes nothing', async () => {
    const id = await pendingListing({ title: 'Decided elsewhere' })
    expect((await admin.post(`/admin/listings/${id}/reject`, { reason: 'Photos missing' })).status).toBe(303)
    const before = await listing(id)
    for (const [action, fields] of [['approve', {}], ['reject', { reason: 'Again' }]] as const) {
      const res = await admin.post(`/admin/listings/${id}/${action}`, fields)
      expect(res.status, action).toBe(409)
      expect(await res.text(), action).toContain('“Decided elsewhere” is rejected, so it cannot be')
    }
    expect(await listing(id)).toEqual(before)
    expect(await auditFor(id)).toHaveLength(1)

    const htmx = await admin.post(`/admin/listings/${id}/approve`, {}, { htmx: true })
    expect(htmx.status).toBe(409)
    expect(await htmx.text()).toContain('Nothing was changed')
  })

  it('answers 404 for an unknown or malformed listing id', async () => {
    expect((await admin.post('/admin/listings/not-a-uuid/approve', {})).status).toBe(404)
    expect((await admin.post('/admin/listings/00000000-0000-4000-8000-000000000000/approve', {})).status).toBe(404)
    expect((await admin.post('/admin/listings/00000000-0000-4000-8000-000000000000/reject', { reason: 'x' })).status).toBe(404)
  })
})

describe('rejecting a listing', () => {
  it('requires a reason: 422 with the message, and nothing changes', async () => {
    const id = await pendingListing({ title: 'No reason given lot' })
    const before = await listing(id)
    for (const reason of [undefined, '   ']) {
      const res = await admin.post(`/admin/listings/${id}/reject`, reason === undefined ? {} : { reason })
      expect(res.status).toBe(422)
      const html = await res.text()
      expect(html).toContain('Give a reason: the seller reads it in the email.')
      expect(html).toContain('No reason given lot')
    }
    const htmx = await admin.post(`/admin/listings/${id}/reject`, { reason: '' }, { htmx: true })
    expect(htmx.status).toBe(422)
    const fragment = await htmx.text()
    expect(fragment).toMatch(new RegExp(`^<article id="review-${id}"`))
    expect(fragment).toContain('<details class="reason-form" open')
    expect(await listing(id)).toEqual(before)
    expect(await auditFor(id)).toHaveLength(0)
    expect((await mailAbout('listing-rejected', seller.owner.email)).filter((m) => m.text_body.includes(id))).toHaveLength(0)
  })

  it('rejects with the reason, emails it with a link to edit, and records it', async () => {
    const id = await pendingListing({ title: 'Blurry photos lot' })
    const res = await admin.post(`/admin/listings/${id}/reject`, { reason: 'The photos do not show the material.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/listings/pending?done=reject')
    expect(await listing(id)).toMatchObject({ status: 'rejected', status_reason: 'The photos do not show the material.', published_at: null })

    const mail = (await mailAbout('listing-rejected', seller.owner.email)).filter((m) => m.text_body.includes(id))
    expect(mail).toHaveLength(1)
    expect(mail[0]!.subject).toContain('Blurry photos lot')
    expect(mail[0]!.text_body).toContain('The photos do not show the material.')
    expect(mail[0]!.text_body).toContain(`${TEST_BASE_URL}/listings/${id}/edit`)

    const audit = await auditFor(id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'listing.rejected', actor_user_id: adminUser.userId })
    expect(audit[0]!.detail).toMatchObject({ reason: 'The photos do not show the material.', to: 'rejected' })

    // The seller can edit it again.
    const owner = await logInAs(app, seller.owner)
    expect((await owner.get(`/listings/${id}/edit`)).status).toBe(200)
  })
})

describe('live listings', () => {
  it('lists live listings with a search by title', async () => {
    const now = clock()
    await createTestListing(db, seller.companyId, { now, title: 'Copper cable offcuts 100%' })
    await createTestListing(db, seller.companyId, { now, title: 'Aluminium profiles' })
    await pendingListing({ title: 'Copper pending review' })
    const all = await (await admin.get('/admin/listings')).text()
    expect(all).toContain('Copper cable offcuts 100%')
    expect(all).toContain('Aluminium profiles')
    expect(all).not.toContain('Copper pending review')
    const found = await (await admin.get('/admin/listings?q=copper')).text()
    expect(found).toContain('Copper cable offcuts 100%')
    expect(found).not.toContain('Aluminium profiles')
    const literal = await (await admin.get(`/admin/listings?q=${encodeURIComponent('0%')}`)).text()
    expect(literal).toContain('Copper cable offcuts 100%')
    expect(literal).not.toContain('Aluminium profiles')
    expect((await admin.get('/admin/listings?before=nope')).status).toBe(400)
  })

  it('withdraws a live listing with a reason, emails the seller and records it', async () => {
    const id = await createTestListing(db, seller.companyId, { now: clock(), title: 'Mislabelled batteries', bid_count: 2, current_price: 110_000 })
    const empty = await admin.post(`/admin/listings/${id}/withdraw`, { reason: '' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('Give a reason: the seller reads it in the email.')
    expect((await listing(id)).status).toBe('live')

    const res = await admin.post(`/admin/listings/${id}/withdraw`, { reason: 'Batteries need a hazardous waste code.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/listings?done=withdraw')
    const row = await listing(id)
    expect(row).toMatchObject({ status: 'withdrawn', status_reason: 'Batteries need a hazardous waste code.' })
    expect(row.ended_at?.toISOString()).toBe(clock().toISOString())

    const mail = (await mailAbout('listing-withdrawn', seller.owner.email)).filter((m) => m.text_body.includes(id))
    expect(mail).toHaveLength(1)
    expect(mail[0]!.text_body).toContain('Batteries need a hazardous waste code.')
    const audit = await auditFor(id)
    expect(audit.map((a) => a.action)).toEqual(['listing.withdrawn'])
    expect(await (await admin.get('/admin/listings')).text()).not.toContain('Mislabelled batteries')

    const again = await admin.post(`/admin/listings/${id}/withdraw`, { reason: 'Twice' }, { htmx: true })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('is withdrawn, so it cannot be withdrawn')
  })

  it('withdraws only live listings', async () => {
    const id = await pendingListing({ title: 'Still in review' })
    const res = await admin.post(`/admin/listings/${id}/withdraw`, { reason: 'Not allowed' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('only a listing that is live can')
    expect((await listing(id)).status).toBe('pending_review')
  })

  it('answers htmx with the withdrawn listing replaced in place', async () => {
    const id = await createTestListing(db, seller.companyId, { now: clock(), title: 'Htmx withdrawn lot' })
    const res = await admin.post(`/admin/listings/${id}/withdraw`, { reason: 'Duplicate listing' }, { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(new RegExp(`^<article id="live-${id}"`))
    expect(html).toContain('“Htmx withdrawn lot” is withdrawn.')
  })
})

describe('who may review listings', () => {
  it('refuses a business user every listing admin page and action with 403, and changes nothing', async () => {
    const business = await logInAs(app, seller.owner)
    const pending = await pendingListing()
    const live = await createTestListing(db, seller.companyId, { now: clock() })
    for (const url of ['/admin/listings/pending', '/admin/listings', '/admin/listings?q=x']) {
      const res = await business.get(url)
      expect(res.status, url).toBe(403)
    }
    const posts = [
      [`/admin/listings/${pending}/approve`, {}],
      [`/admin/listings/${pending}/reject`, { reason: 'Mine' }],
      [`/admin/listings/${live}/withdraw`, { reason: 'Mine' }],
    ] as const
    for (const [url, fields] of posts) {
      const res = await business.post(url, fields)
      expect(res.status, url).toBe(403)
    }
    const visitor = new TestBrowser(app)
    for (const [url, fields] of posts) expect((await visitor.post(url, fields)).status, url).toBe(401)
    expect((await listing(pending)).status).toBe('pending_review')
    expect((await listing(live)).status).toBe('live')
    expect(await auditFor(pending)).toHaveLength(0)
    expect(await auditFor(live)).toHaveLength(0)
  })
})
