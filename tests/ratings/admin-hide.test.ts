// Hiding an abusive rating: admins only, with a reason, once, audited; a hidden rating leaves
// the profile and its average, and both sides read NordicLoop's reason on the deal page.
import { beforeAll, describe, expect, it } from 'vitest'
import { allRatings, ratingWorld } from './rating-world.js'
import { TestBrowser } from '../support/browser.js'

const w = await ratingWorld()
const { db, browsers } = w
let ratingIds: string[] = []
let dealIds: string[] = []

beforeAll(async () => {
  for (const score of [5, 5, 5, 1]) {
    const deal = await w.completedDeal()
    expect((await browsers.buyer.post(`/deals/${deal.id}/ratings`, { score: String(score), comment: score === 1 ? 'Crooks and liars, call 555-0100' : 'Fine.' })).status).toBe(303)
    dealIds.push(deal.id)
  }
  ratingIds = (await db.selectFrom('ratings').select('id').where('deal_id', 'in', dealIds).orderBy('created_at').orderBy('score', 'desc').execute()).map((r) => r.id)
  const abusive = await db.selectFrom('ratings').select(['id', 'deal_id']).where('score', '=', 1).executeTakeFirstOrThrow()
  ratingIds = [abusive.id]
  dealIds = [abusive.deal_id]
})

const hide = (b: TestBrowser, id: string, fields: Record<string, string>) => b.post(`/admin/ratings/${id}/hide`, fields)

describe('who may hide', () => {
  it('refuses every company person and a visitor, on the list and the form, and changes nothing', async () => {
    const before = await allRatings(db)
    const audits = await db.selectFrom('audit_log').select('id').where('action', '=', 'rating.hide').execute()
    const visitor = new TestBrowser(w.app)
    for (const b of [browsers.seller, browsers.buyer, browsers.buyerMember, browsers.third, visitor]) {
      const res = await hide(b, ratingIds[0], { reason: 'I do not like it.' })
      expect([302, 303, 401, 403]).toContain(res.status)
      expect((await b.get('/admin/ratings')).status).not.toBe(200)
    }
    expect(await allRatings(db)).toEqual(before)
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'rating.hide').execute()).toEqual(audits)
  })
})

describe('an admin', () => {
  it('sees the latest ratings with a hide form', async () => {
    const html = await (await browsers.admin.get('/admin/ratings')).text()
    expect(html).toContain('Crooks and liars')
    expect(html).toContain(`action="/admin/ratings/${ratingIds[0]}/hide"`)
  })

  it.each([
    ['no reason', {}], ['an empty reason', { reason: '' }], ['a blank reason', { reason: '  \n ' }],
    ['a reason over 500 characters', { reason: 'r'.repeat(501) }], ['a reason with a NUL', { reason: 'Abuse\u0000' }], ['a reason with an escape code', { reason: '\u001b[2J' }],
  ])('refuses %s with 422 and a message, changing nothing', async (_name, fields) => {
    const before = await allRatings(db)
    const res = await hide(browsers.admin, ratingIds[0], fields as Record<string, string>)
    expect(res.status).toBe(422)
    expect(await res.text()).toMatch(/Enter the reason for hiding this rating\.|Use at most 500 characters\.|Remove the invisible control characters/)
    expect(await allRatings(db)).toEqual(before)
  })

  it('gets a 404 for a rating that does not exist', async () => {
    expect((await hide(browsers.admin, crypto.randomUUID(), { reason: 'Abuse' })).status).toBe(404)
  })

  it('hides it with a reason, audited; it leaves the profile and the average, and both sides read the reason', async () => {
    const before = await (await browsers.admin.get(`/companies/${w.seller.companyId}`)).text()
    expect(before).toContain('★ 4.0</strong> from 4 ratings')
    const res = await hide(browsers.admin, ratingIds[0], { reason: 'Accusations and a phone number.', back: `/companies/${w.seller.companyId}` })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/companies/${w.seller.companyId}`)
    const row = await db.selectFrom('ratings').selectAll().where('id', '=', ratingIds[0]).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ hidden_reason: 'Accusations and a phone number.', hidden_by: w.admin.userId, hidden_at: w.clock() })
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'rating.hide').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_user_id: w.admin.userId, subject_type: 'rating', subject_id: ratingIds[0] })
    expect(audit[0].detail).toMatchObject({ reason: 'Accusations and a phone number.', companyId: w.seller.companyId })

    const after = await (await new TestBrowser(w.app).get(`/companies/${w.seller.companyId}`)).text()
    expect(after).toContain('★ 5.0</strong> from 3 ratings')
    expect(after).not.toContain('Crooks and liars')
    for (const b of [browsers.seller, browsers.buyer]) {
      const deal = await (await b.get(`/deals/${dealIds[0]}`)).text()
      expect(deal).toContain('Hidden by NordicLoop: Accusations and a phone number.')
      expect(deal).not.toContain('Crooks and liars')
    }
    const cards = await (await new TestBrowser(w.app).get(`/listings/${(await db.selectFrom('deals').select('listing_id').where('id', '=', dealIds[0]).executeTakeFirstOrThrow()).listing_id}`)).text()
    expect(cards).toContain('★ 5.0 (3)')
  })

  it('cannot hide it twice, and the seller can no longer answer it', async () => {
    const res = await hide(browsers.admin, ratingIds[0], { reason: 'Again.' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('already hidden')
    const answer = await browsers.seller.post(`/deals/${dealIds[0]}/ratings/reply`, { reply: 'We object.' })
    expect(answer.status).toBe(409)
    expect((await db.selectFrom('ratings').select('reply').where('id', '=', ratingIds[0]).executeTakeFirstOrThrow()).reply).toBeNull()
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'rating.hide').execute()).toHaveLength(1)
  })

  it('goes back to the list, never to another site', async () => {
    const deal = await w.completedDeal()
    expect((await browsers.seller.post(`/deals/${deal.id}/ratings`, { score: '2' })).status).toBe(303)
    const row = await db.selectFrom('ratings').select('id').where('deal_id', '=', deal.id).executeTakeFirstOrThrow()
    const res = await hide(browsers.admin, row.id, { reason: 'Test of the way back.', back: '//evil.example/phish' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/ratings?done=hidden')
  })
})
