import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import { MAX_SAVED_SEARCHES } from '../../src/listings/saved-searches.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)

async function member() {
  const company = await createTestCompany(db, { status: 'approved' })
  return { user: company.owner, browser: await logInAs(app, company.owner) }
}

const savedOf = (userId: string) =>
  db.selectFrom('saved_searches').select(['id', 'name', 'query', 'last_digest_at']).where('user_id', '=', userId).orderBy('created_at').execute()

describe('saving a search', () => {
  it('stores the canonical query with a readable name and lists it with a link to run it', async () => {
    const { user, browser } = await member()
    const res = await browser.post('/saved-searches', { query: '?sale=auction&country=se&q=cardboard&after=&sort=' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/saved-searches?notice=saved')
    const [saved] = await savedOf(user.userId)
    expect(saved).toMatchObject({ name: 'cardboard in Sweden, auctions', query: 'q=cardboard&country=SE&sale=auction' })
    // The digest counts from the moment of saving.
    expect(saved.last_digest_at.toISOString()).toBe(clock().toISOString())

    const page = await (await browser.get('/saved-searches?notice=saved')).text()
    expect(page).toContain('Search saved')
    expect(page).toContain('href="/listings?q=cardboard&amp;country=SE&amp;sale=auction"')
    expect(page).toContain('cardboard in Sweden, auctions')
    expect(page).toContain(`action="/saved-searches/${saved.id}/delete"`)
  })

  it('names searches by category, place, price and ending, and keeps a name the user gave', async () => {
    const { user, browser } = await member()
    await browser.post('/saved-searches', { query: 'category=plastics&city=Malmö&country=SE&min=100&max=500&ending=24h' })
    await browser.post('/saved-searches', { query: '' })
    await browser.post('/saved-searches', { query: 'q=pallets&sale=fixed_price', name: '  Pallets for the Gothenburg site ' })
    expect((await savedOf(user.userId)).map((s) => s.name)).toEqual([
      'Plastics in Malmö, Sweden, €100–€500, ending within 24 h',
      'All listings',
      'Pallets for the Gothenburg site',
    ])
  })

  it('keeps one saved search for the same query saved twice', async () => {
    const { user, browser } = await member()
    await browser.post('/saved-searches', { query: 'q=glass' })
    const res = await browser.post('/saved-searches', { query: 'q=glass&after=eyJub3QiOiJhIGN1cnNvciJ9' })
    expect(res.headers.get('location')).toBe('/saved-searches?notice=existing')
    expect(await savedOf(user.userId)).toHaveLength(1)
  })

  it('answers htmx in place with a confirmation fragment', async () => {
    const { user, browser } = await member()
    const res = await browser.post('/saved-searches', { query: 'q=textiles' }, { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toContain('Search saved as “textiles”')
    expect(html).toContain('href="/saved-searches"')
    expect(await savedOf(user.userId)).toHaveLength(1)
  })

  it('with htmx, saves what the search form shows now, over the query the page was rendered with', async () => {
    const { user, browser } = await member()
    // The page was /listings?category=plastics&q=bottles; since then the person typed "crates"
    // and chose Finland. A category page's form has no category field: the category stays.
    // "Ending within 24 h" was ticked, then unticked: an unticked box sends nothing.
    const res = await browser.post('/saved-searches', { query: 'category=plastics&q=bottles&ending=24h&after=', q: 'crates', country: 'FI', city: '', sale: '' }, { htmx: true })
    expect(res.status).toBe(200)
    expect(await savedOf(user.userId)).toMatchObject([{ query: 'q=crates&category=plastics&country=FI', name: 'crates in Plastics in Finland' }])
  })

  it('refuses a malformed query with 422 and a clear message, saving nothing', async () => {
    const { user, browser } = await member()
    const bad = ['sale=barter', 'min=cheap', 'min=500&max=100', 'country=XX', 'ending=7d', 'sort=random', 'category=Not A Slug', 'category=no-such-category', `q=${'x'.repeat(201)}`]
    for (const query of bad) {
      const res = await browser.post('/saved-searches', { query })
      expect(res.status, query).toBe(422)
      expect(await res.text(), query).toContain('This search cannot be saved')
    }
    const htmx = await browser.post('/saved-searches', { query: 'sale=barter' }, { htmx: true })
    expect(htmx.status).toBe(422)
    expect(await htmx.text()).toContain('Sale type is either auction or fixed price.')
    const long = await browser.post('/saved-searches', { query: 'q=glass', name: 'n'.repeat(101) })
    expect(long.status).toBe(422)
    expect(await long.text()).toContain('at most 100 characters')
    expect(await savedOf(user.userId)).toEqual([])
  })

  it(`allows at most ${MAX_SAVED_SEARCHES} per person, with a clear message`, async () => {
    const { user, browser } = await member()
    for (let i = 0; i < MAX_SAVED_SEARCHES; i++) expect((await browser.post('/saved-searches', { query: `q=lot${i}` })).status).toBe(303)
    const res = await browser.post('/saved-searches', { query: 'q=one-too-many' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(`You can keep at most ${MAX_SAVED_SEARCHES} saved searches`)
    const htmx = await browser.post('/saved-searches', { query: 'q=one-too-many' }, { htmx: true })
    expect(htmx.status).toBe(422)
    expect(await htmx.text()).toContain('Delete one you no longer need')
    // Saving one already saved is still fine at the limit.
    expect((await browser.post('/saved-searches', { query: 'q=lot3' })).status).toBe(303)
    expect(await savedOf(user.userId)).toHaveLength(MAX_SAVED_SEARCHES)
  })

  it('sends a visitor to log in and back to the same results', async () => {
    const visitor = new TestBrowser(app)
    const res = await visitor.post('/saved-searches', { query: 'q=copper&country=FI' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/listings?q=copper&country=FI')}`)
    expect((await visitor.get('/saved-searches')).headers.get('location')).toBe(`/login?next=${encodeURIComponent('/saved-searches')}`)
  })

  it('needs a company: an admin without one gets 403', async () => {
    const browser = await logInAs(app, await createTestAdmin(db))
    expect((await browser.post('/saved-searches', { query: 'q=copper' })).status).toBe(403)
  })
})

describe('deleting and privacy', () => {
  it('deletes the owner’s saved search and answers 404 to anybody else', async () => {
    const a = await member()
    const b = await member()
    await a.browser.post('/saved-searches', { query: 'q=aluminium' })
    const [saved] = await savedOf(a.user.userId)

    expect(await (await b.browser.get('/saved-searches')).text()).not.toContain('aluminium')
    expect((await b.browser.post(`/saved-searches/${saved.id}/delete`, {})).status).toBe(404)
    expect((await b.browser.post('/saved-searches/not-a-uuid/delete', {})).status).toBe(404)
    expect(await savedOf(a.user.userId)).toHaveLength(1)

    const res = await a.browser.post(`/saved-searches/${saved.id}/delete`, {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/saved-searches?notice=deleted')
    expect(await savedOf(a.user.userId)).toEqual([])
    expect((await a.browser.post(`/saved-searches/${saved.id}/delete`, {})).status).toBe(404)
  })
})

describe('the save form on the search page', () => {
  it('is offered to company members with the current search, and to visitors as a login link', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const browser = await logInAs(app, company.owner)
    const html = await (await browser.get('/listings?q=kartong&country=SE')).text()
    expect(html).toContain('action="/saved-searches"')
    expect(html).toMatch(/name="query" value="q=kartong&amp;country=SE"/)
    const visitor = await (await new TestBrowser(app).get('/listings?q=kartong')).text()
    expect(visitor).not.toContain('action="/saved-searches"')
    expect(visitor).toContain('/login?next=')
  })
})
