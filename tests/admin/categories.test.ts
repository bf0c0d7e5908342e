import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany, type TestUser } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { searchExtraFor } from '../../src/listings/search-extra.js'

const { app, db, clock } = await createTestApp()
const ids = await categoryIds(db)

let adminUser: TestUser
let admin: TestBrowser
let seller: TestCompany
let sellerBrowser: TestBrowser

beforeAll(async () => {
  adminUser = await createTestAdmin(db)
  admin = await logInAs(app, adminUser)
  seller = await createTestCompany(db, { status: 'approved' })
  sellerBrowser = await logInAs(app, seller.owner)
})

const category = (slug: string) => db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst()
const auditFor = (id: number) =>
  db.selectFrom('audit_log').selectAll().where('subject_type', '=', 'category').where('subject_id', '=', String(id)).orderBy('id').execute()
const newListingForm = async () => (await sellerBrowser.get('/listings/new')).text()

/** Listing ids whose search document matches a raw tsquery. */
async function matching(query: string) {
  const rows = await sql<{ id: string }>`select id from listings where search_document @@ to_tsquery('nordicloop_search', ${query})`.execute(db)
  return rows.rows.map((r) => r.id)
}

describe('the categories page', () => {
  it('lists every category with its slug, description, state and number of listings', async () => {
    const now = clock()
    await createTestListing(db, seller.companyId, { now, category: 'glass' })
    await createTestListing(db, seller.companyId, { now, category: 'glass', status: 'draft' })
    const res = await admin.get('/admin/categories')
    expect(res.status).toBe(200)
    const html = await res.text()
    const row = html.slice(html.indexOf(`<tr id="category-${ids.glass}"`), html.indexOf('</tr>', html.indexOf(`<tr id="category-${ids.glass}"`)))
    for (const text of ['Glass', 'glass', 'Flat glass, container glass and cullet', '2 <small>(1 live)</small>', 'offered']) expect(row, text).toContain(text)
    expect(html).toContain('Paper &amp; cardboard')
    expect(html).toContain(`action="/admin/categories/${ids.glass}/retire"`)
    expect(html).toContain('action="/admin/categories"')
  })
})

describe('adding a category', () => {
  it('adds it, records it, and offers it to sellers at once', async () => {
    const res = await admin.post('/admin/categories', { slug: 'batteries', name: 'Batteries', description: 'Lead-acid and lithium batteries, sorted by type.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/categories?done=added')
    const row = await category('batteries')
    expect(row).toMatchObject({ name: 'Batteries', description: 'Lead-acid and lithium batteries, sorted by type.', retired_at: null })
    const audit = await auditFor(row!.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'category.added', actor_user_id: adminUser.userId })
    expect(await newListingForm()).toContain('value="batteries"')
    expect(await (await admin.get(res.headers.get('location')!)).text()).toContain('The category is added.')
  })

  it('refuses a slug already in use with 422, keeping what was typed', async () => {
    const before = await db.selectFrom('categories').selectAll().orderBy('id').execute()
    const res = await admin.post('/admin/categories', { slug: 'glass', name: 'Glass again', description: 'Duplicate.' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('The slug “glass” is already used by another category.')
    expect(html).toContain('value="Glass again"')
    expect(await db.selectFrom('categories').selectAll().orderBy('id').execute()).toEqual(before)
  })

  it('refuses a name another category has, whatever its case', async () => {
    const res = await admin.post('/admin/categories', { slug: 'glass-2', name: 'GLASS', description: 'Duplicate name.' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('A category called “Glass” already exists.')
    expect(await category('glass-2')).toBeUndefined()
  })

  it.each([
    ['Paper', 'Use lowercase letters a–z, digits and single hyphens'],
    ['wood pallets', 'Use lowercase letters a–z, digits and single hyphens'],
    ['-lead', 'Use lowercase letters a–z, digits and single hyphens'],
    ['tr--ee', 'Use lowercase letters a–z, digits and single hyphens'],
    ['järn', 'Use lowercase letters a–z, digits and single hyphens'],
    ['', 'Give the category a slug.'],
    ['x'.repeat(61), 'Keep the slug under 60 characters.'],
  ])('refuses the slug %j with 422', async (slug, message) => {
    const res = await admin.post('/admin/categories', { slug, name: `Name for ${slug}`, description: 'Something.' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
    expect(await db.selectFrom('categories').select('id').where('name', '=', `Name for ${slug}`).execute()).toHaveLength(0)
  })

  it('requires a name and a description', async () => {
    const res = await admin.post('/admin/categories', { slug: 'empty-one', name: ' ', description: '' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Give the category a name.')
    expect(html).toContain('Describe what belongs in the category, in a sentence.')
    expect(await category('empty-one')).toBeUndefined()
  })

  it('answers htmx with the panel, showing the errors or the new category', async () => {
    const bad = await admin.post('/admin/categories', { slug: 'Bad Slug', name: 'X', description: 'Y' }, { htmx: true })
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toMatch(/^<div id="category-admin">/)
    expect(badHtml).toContain('Use lowercase letters')
    const good = await admin.post('/admin/categories', { slug: 'rubber-tyres', name: 'Rubber & tyres', description: 'End-of-life tyres and rubber offcuts.' }, { htmx: true })
    expect(good.status).toBe(200)
    const goodHtml = await good.text()
    expect(goodHtml).toContain('“Rubber &amp; tyres” is added.')
    expect(goodHtml).toContain('rubber-tyres')
  })
})

describe('renaming a category', () => {
  it('renames it, keeps the slug, and refreshes the search text of its listings in the same step', async () => {
    // Created through the real form, so the listing's search text comes from save-listing.
    const res = await sellerBrowser.post('/listings', {
      title: 'Baled boxes from our warehouse', description: 'Clean, dry, stored indoors.', category: 'paper-cardboard', ewc_code: '15 01 01',
      quantity: '3', unit: 't', location_city: 'Malmö', location_postcode: '211 20', location_country: 'SE', logistics: 'pickup',
      recurrence: 'one_off', sale_type: 'fixed_price', fixed_price: '900', tz: 'Europe/Stockholm', intent: 'submit',
    })
    expect(res.status).toBe(303)
    const withCode = res.headers.get('location')!.split('/')[2]!
    const withoutCode = await createTestListing(db, seller.companyId, { now: clock(), category: 'paper-cardboard', search_extra: 'Paper & cardboard' })
    const elsewhere = await createTestListing(db, seller.companyId, { now: clock(), category: 'plastics', search_extra: 'Plastics' })
    expect(await matching('returpapp')).toEqual([])

    const id = ids['paper-cardboard']!
    const rename = await admin.post(`/admin/categories/${id}`, { name: 'Returpapp & kartóng', description: 'Wellpapp, kartong och returpapper.' })
    expect(rename.status).toBe(303)
    expect(rename.headers.get('location')).toBe('/admin/categories?done=renamed')
    expect(await category('paper-cardboard')).toMatchObject({ name: 'Returpapp & kartóng', description: 'Wellpapp, kartong och returpapper.' })

    const row = (listingId: string) => db.selectFrom('listings').select('search_extra').where('id', '=', listingId).executeTakeFirstOrThrow()
    expect((await row(withCode)).search_extra).toBe('Returpapp & kartóng 15 01 01 Paper and cardboard packaging')
    expect((await row(withCode)).search_extra).toBe(searchExtraFor('Returpapp & kartóng', { display_code: '15 01 01', description: 'Paper and cardboard packaging' }))
    expect((await row(withoutCode)).search_extra).toBe('Returpapp & kartóng')
    expect((await row(elsewhere)).search_extra).toBe('Plastics')

    // The generated search document follows, accents folded: "kartong" finds "kartóng".
    expect((await matching('returpapp')).sort()).toEqual([withCode, withoutCode].sort())
    expect(await matching('returpapp & kartong')).toContain(withCode)
    expect(await matching('returpapp')).not.toContain(elsewhere)

    const audit = await auditFor(id)
    expect(audit.at(-1)).toMatchObject({ action: 'category.renamed', actor_user_id: adminUser.userId })
    expect(audit.at(-1)!.detail).toMatchObject({ slug: 'paper-cardboard', from: 'Paper & cardboard', to: 'Returpapp & kartóng', listingsRefreshed: 2 })
  })

  it('ignores a slug sent with the rename: the slug is a stable key', async () => {
    const id = ids.textiles!
    const res = await admin.post(`/admin/categories/${id}`, { slug: 'fabrics', name: 'Textiles & fabrics', description: 'Fabric offcuts and workwear.' })
    expect(res.status).toBe(303)
    expect(await category('textiles')).toMatchObject({ name: 'Textiles & fabrics' })
    expect(await category('fabrics')).toBeUndefined()
  })

  it('requires a name, refuses a name already taken, and answers 404 for an unknown category', async () => {
    const id = ids.glass!
    const empty = await admin.post(`/admin/categories/${id}`, { name: '', description: 'Still here.' })
    expect(empty.status).toBe(422)
    const html = await empty.text()
    expect(html).toContain('Give the category a name.')
    expect(html).toContain(`id="name-${id}"`)
    const taken = await admin.post(`/admin/categories/${id}`, { name: 'plastics', description: 'Taken name.' })
    expect(taken.status).toBe(422)
    expect(await taken.text()).toContain('A category called “Plastics” already exists.')
    expect(await category('glass')).toMatchObject({ name: 'Glass' })
    expect((await admin.post('/admin/categories/999999', { name: 'Nothing', description: 'None.' })).status).toBe(404)
    expect((await admin.post('/admin/categories/abc', { name: 'Nothing', description: 'None.' })).status).toBe(404)
    expect((await admin.post('/admin/categories/999999/retire', {})).status).toBe(404)
  })
})

describe('retiring and reinstating a category', () => {
  it('retires it: no longer offered for new listings, while its listings stay and are still shown', async () => {
    const id = ids['wood-pallets']!
    const listingId = await createTestListing(db, seller.companyId, { now: clock(), category: 'wood-pallets', title: 'Euro pallets, 200 pieces' })
    expect(await newListingForm()).toContain('value="wood-pallets"')

    const res = await admin.post(`/admin/categories/${id}/retire`, {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/categories?done=retired')
    expect((await category('wood-pallets'))!.retired_at?.toISOString()).toBe(clock().toISOString())

    expect(await newListingForm()).not.toContain('value="wood-pallets"')
    const refused = await sellerBrowser.post('/listings', {
      title: 'More pallets', description: 'Two hundred used euro pallets, grade B.', category: 'wood-pallets', quantity: '1', unit: 'pallets', location_city: 'Malmö',
      location_postcode: '211 20', location_country: 'SE', logistics: 'pickup', recurrence: 'one_off', sale_type: 'fixed_price',
      fixed_price: '10', tz: 'Europe/Stockholm', intent: 'draft',
    })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('Choose a category from the list.')

    const page = await new TestBrowser(app).get(`/listings/${listingId}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Euro pallets, 200 pieces')
    expect(html).toContain('Wood &amp; pallets')
    expect((await db.selectFrom('listings').select('category_id').where('id', '=', listingId).executeTakeFirstOrThrow()).category_id).toBe(id)

    const admins = await (await admin.get('/admin/categories')).text()
    expect(admins).toContain(`action="/admin/categories/${id}/reinstate"`)

    const again = await admin.post(`/admin/categories/${id}/retire`, {})
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('“Wood &amp; pallets” is already retired.')
    expect((await auditFor(id)).map((a) => a.action)).toEqual(['category.retired'])
  })

  it('reinstates it: offered for new listings again', async () => {
    const id = ids.glass!
    expect((await admin.post(`/admin/categories/${id}/retire`, {})).status).toBe(303)
    expect(await newListingForm()).not.toContain('value="glass"')
    const res = await admin.post(`/admin/categories/${id}/reinstate`, {}, { htmx: true })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('“Glass” is offered for new listings again.')
    expect((await category('glass'))!.retired_at).toBeNull()
    expect(await newListingForm()).toContain('value="glass"')
    expect((await auditFor(id)).map((a) => a.action)).toEqual(['category.retired', 'category.reinstated'])
    expect((await admin.post(`/admin/categories/${id}/reinstate`, {})).status).toBe(409)
  })
})

describe('who may manage categories', () => {
  it('refuses a business user every category page and action with 403, and changes nothing', async () => {
    const before = await db.selectFrom('categories').selectAll().orderBy('id').execute()
    expect((await sellerBrowser.get('/admin/categories')).status).toBe(403)
    const posts = [
      ['/admin/categories', { slug: 'sneaky', name: 'Sneaky', description: 'No.' }],
      [`/admin/categories/${ids.plastics}`, { name: 'Hacked', description: 'No.' }],
      [`/admin/categories/${ids.plastics}/retire`, {}],
      [`/admin/categories/${ids.plastics}/reinstate`, {}],
    ] as const
    for (const [url, fields] of posts) expect((await sellerBrowser.post(url, fields)).status, url).toBe(403)
    const visitor = new TestBrowser(app)
    expect((await visitor.get('/admin/categories')).status).toBe(303)
    for (const [url, fields] of posts) expect((await visitor.post(url, fields)).status, url).toBe(401)
    expect(await db.selectFrom('categories').selectAll().orderBy('id').execute()).toEqual(before)
  })
})
