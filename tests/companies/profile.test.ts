// Company profiles through the real app: only approved companies have one; it shows the
// badges, the reputation (New below three visible ratings), what the company traded (t and kg
// added exactly, other units apart), its live listings and its latest ratings with answers.
// Cards and the listing page link the seller's profile with its rating.
import { beforeAll, describe, expect, it } from 'vitest'
import { ratingWorld } from '../ratings/rating-world.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'

const w = await ratingWorld()
const { db, browsers } = w
const visitor = new TestBrowser(w.app)
const profile = async (id: string, b: TestBrowser = visitor) => {
  const res = await b.get(`/companies/${id}`)
  return { status: res.status, html: await res.text() }
}
const rate = (b: TestBrowser, dealId: string, score: number, comment = '') => b.post(`/deals/${dealId}/ratings`, { score: String(score), comment })

beforeAll(async () => {
  // The seller sells 12 t, 2 t, 750.5 kg and 0.25 kg (14.75075 t, shown to the kilogram), and 30 m³ and 4 pallets.
  const deals = [
    await w.completedDeal(), await w.completedDeal({ quantity: '2', unit: 't' }), await w.completedDeal({ quantity: '750.5', unit: 'kg' }),
    await w.completedDeal({ quantity: '0.25', unit: 'kg' }), await w.completedDeal({ quantity: '30', unit: 'm3' }), await w.completedDeal({ quantity: '4', unit: 'pallets' }),
  ]
  // A deal not completed does not count.
  await w.pay(await w.openDeal(150_000, { quantity: '99', unit: 't' }))
  // The buyer rates the seller on four deals (5, 4, 5, 1); the seller rates the buyer on two.
  for (const [i, score] of [5, 4, 5, 1].entries()) expect((await rate(browsers.buyer, deals[i].id, score, `Deal ${i + 1} went fine.`)).status).toBe(303)
  for (const i of [0, 1]) expect((await rate(browsers.seller, deals[i].id, 5, 'Paid on time.')).status).toBe(303)
  expect((await browsers.seller.post(`/deals/${deals[0].id}/ratings/reply`, { reply: 'Thank you for the quick pick-up.' })).status).toBe(303)
})

describe('who has a profile', () => {
  it('is a 404 for pending, rejected and suspended companies and unknown or malformed ids, with nothing of the company', async () => {
    const others = await Promise.all((['pending', 'rejected', 'suspended'] as const).map((status) => createTestCompany(db, { status, legalName: `Hidden ${status} AB` })))
    for (const c of others) {
      const page = await profile(c.companyId)
      expect(page.status, c.legalName).toBe(404)
      expect(page.html).not.toContain(c.legalName)
    }
    expect((await profile(crypto.randomUUID())).status).toBe(404)
    for (const bad of ['x', '1', `${w.seller.companyId}x`, '%00', 'null']) expect((await profile(bad)).status, bad).toBe(404)
  })
})

describe('an approved company', () => {
  it('shows who it is, the verified badge, and its reputation from the three or more visible ratings', async () => {
    const { status, html } = await profile(w.seller.companyId)
    expect(status).toBe(200)
    expect(html).toContain('<h1>Säljare Papper AB</h1>')
    expect(html).toContain('Stockholm, Sweden')
    expect(html).toMatch(/on NordicLoop since [A-Z][a-z]+ \d{4}/)
    expect(html).toContain('Verified company')
    expect(html).not.toContain('Waste permit verified')
    expect(html).toContain('★ 3.8</strong> from 4 ratings')
    expect(html).toContain('Deal 2 went fine.')
    expect(html).toContain('Answer from Säljare Papper AB')
    expect(html).toContain('Thank you for the quick pick-up.')
    expect(html).toContain(`href="/companies/${w.buyer.companyId}"`)
  })

  it('adds t and kg exactly and lists other units apart; counts completed deals only', async () => {
    const { html } = await profile(w.seller.companyId)
    expect(html).toContain('<strong>6</strong> completed deals')
    expect(html).toContain('<strong>14.751 t</strong> sold')
    expect(html).toContain('also 30 m³, 4 pallets')
    expect(html).toContain('<strong>0 t</strong> bought')
    const buyer = await profile(w.buyer.companyId)
    expect(buyer.html).toContain('<strong>14.751 t</strong> bought')
  })

  it('says New on NordicLoop below three ratings', async () => {
    const { html } = await profile(w.buyer.companyId)
    expect(html).toContain('<strong>New</strong> on NordicLoop (2 ratings so far)')
    expect(html).not.toContain('★ 5.0')
    expect(html).toContain('Paid on time.')
  })

  it('shows its live listings as cards, and not ended or draft ones', async () => {
    const now = w.clock()
    await createTestListing(db, w.seller.companyId, { now, title: 'Copper cable offcuts', sale_type: 'fixed_price', fixed_price: 90_000 })
    await createTestListing(db, w.seller.companyId, { now, title: 'Draft aluminium lot', status: 'draft', published_at: null })
    const { html } = await profile(w.seller.companyId)
    expect(html).toContain('Copper cable offcuts')
    expect(html).not.toContain('Draft aluminium lot')
    expect(html).toContain('class="card result-card"')
  })

  it('shows the permit badge while a verified permit runs, not a submitted or expired one', async () => {
    const permit = (status: 'submitted' | 'verified', expires: string) => db.insertInto('waste_permits').values({
      company_id: w.buyer.companyId, permit_number: `P-${crypto.randomUUID().slice(0, 8)}`, issuing_authority: 'Länsstyrelsen Skåne',
      expires_on: new Date(expires), document_key: `permits/${crypto.randomUUID()}`, document_content_type: 'application/pdf', status,
      verified_at: status === 'verified' ? w.clock() : null,
    }).execute()
    await permit('submitted', '2030-01-01')
    await permit('verified', '2026-11-01')
    expect((await profile(w.buyer.companyId)).html).not.toContain('Waste permit verified')
    await permit('verified', '2027-06-30')
    const { html } = await profile(w.buyer.companyId)
    expect(html).toContain('Waste permit verified')
    expect(html).toContain('Waste permit from Länsstyrelsen Skåne, verified by NordicLoop, valid until 2027-06-30.')
  })
})

describe('the seller on cards and the listing page', () => {
  it('links the seller profile with its rating on search cards, home shelves and the listing page, and New for a new seller', async () => {
    const newSeller = await createTestCompany(db, { status: 'approved', legalName: 'Nyföretag AB' })
    const fresh = await createTestListing(db, newSeller.companyId, { now: w.clock(), title: 'Wooden pallets EUR' })
    const search = await (await visitor.get('/listings?q=copper')).text()
    expect(search).toContain(`<a href="/companies/${w.seller.companyId}">Säljare Papper AB</a>`)
    expect(search).toContain('★ 3.8 (4)')
    const pallets = await (await visitor.get('/listings?q=pallets')).text()
    expect(pallets).toContain(`<a href="/companies/${newSeller.companyId}">Nyföretag AB</a>`)
    expect(pallets).toContain('New on NordicLoop')
    const home = await (await visitor.get('/')).text()
    expect(home).toContain(`href="/companies/${w.seller.companyId}"`)
    const page = await (await visitor.get(`/listings/${fresh}`)).text()
    expect(page).toContain(`<a href="/companies/${newSeller.companyId}">Nyföretag AB</a>`)
  })
})
