// Feature flags an admin turns on and off (card payments, used by the deal page), each change
// audited; and the audit log: searchable, paged, and append-only in the database itself.
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs, TEST_PASSWORD } from '../support/factories.js'
import { startStripeStandIn } from '../stand-ins/stripe.js'
import { createTestDeal } from '../payments/helpers.js'
import { recordAudit } from '../../src/admin/audit.js'
import { AUDIT_PAGE_SIZE } from '../../src/admin/queries.js'

const stripe = await startStripeStandIn()
const { app, db, clock } = await createTestApp({ config: stripe.env() })
afterAll(() => stripe.close())
const adminUser = await createTestAdmin(db)
const admin = await logInAs(app, adminUser)

const flagAudits = () => db.selectFrom('audit_log').selectAll().where('action', '=', 'feature_flag.changed').orderBy('id').execute()
async function buyerOf(dealId: string) {
  const deal = await db.selectFrom('deals').innerJoin('users', 'users.id', 'deals.buyer_user_id').select('users.email').where('deals.id', '=', dealId).executeTakeFirstOrThrow()
  return logInAs(app, { email: deal.email, password: TEST_PASSWORD })
}

describe('feature flags: card payments', () => {
  it('off: the deal page offers bank transfer only and a card button sent anyway is refused; on again: offered again; each change audited once', async () => {
    const dealId = await createTestDeal(db, { now: clock() })
    const buyer = await buyerOf(dealId)
    expect(await (await buyer.get(`/deals/${dealId}`)).text()).toContain('Pay by card')

    const off = await admin.post('/admin/flags/card_payments', { enabled: 'off' })
    expect(off.status).toBe(303)
    expect(off.headers.get('location')).toBe('/admin/flags?done=changed')
    const page = await (await admin.get('/admin/flags?done=changed')).text()
    expect(page).toContain('The flag is changed')
    expect(page).toContain(adminUser.email)
    expect(await (await buyer.get(`/deals/${dealId}`)).text()).not.toContain('Pay by card')
    const refused = await buyer.post(`/deals/${dealId}/pay/card`, {})
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('That way of paying is not offered')
    expect(stripe.sessions.size).toBe(0)

    // The same click again changes nothing and records nothing.
    expect((await admin.post('/admin/flags/card_payments', { enabled: 'off' })).headers.get('location')).toBe('/admin/flags?done=unchanged')
    expect(await admin.post('/admin/flags/card_payments', { enabled: 'on' }).then((r) => r.headers.get('location'))).toBe('/admin/flags?done=changed')
    expect(await (await buyer.get(`/deals/${dealId}`)).text()).toContain('Pay by card')
    const audits = await flagAudits()
    expect(audits.map((a) => [a.actor_user_id, a.subject_id, a.detail])).toEqual([
      [adminUser.userId, 'card_payments', { from: 'on', to: 'off' }],
      [adminUser.userId, 'card_payments', { from: 'off', to: 'on' }],
    ])
  })

  it.each([
    ['', 'enabled'], ['yes', 'enabled'], ['ON', 'enabled'], ['true', 'enabled'], ['1', 'enabled'], ['of', 'enabled'], ['x'.repeat(5000), 'enabled'], ['on', 'enable'],
  ])('refuses %j in field %s with a 422 and a message, changing nothing', async (value, field) => {
    const before = (await flagAudits()).length
    const res = await admin.post('/admin/flags/card_payments', { [field]: value })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Choose on or off.')
    expect(await flagAudits()).toHaveLength(before)
  })

  it.each(['nope', 'card_payment', 'card_payments_x', 'CARD_PAYMENTS', 'card-payments', '0'.repeat(61)])('an unknown flag %s is a 404, changing nothing', async (key) => {
    const res = await admin.post(`/admin/flags/${key}`, { enabled: 'off' })
    expect(res.status).toBe(404)
    expect(await db.selectFrom('feature_flags').selectAll().where('key', '!=', 'card_payments').execute()).toEqual([])
  })

  it('a member or a visitor can neither see nor change flags', async () => {
    const member = await logInAs(app, (await createTestCompany(db, { status: 'approved' })).owner)
    expect((await member.get('/admin/flags')).status).toBe(403)
    expect((await member.post('/admin/flags/card_payments', { enabled: 'off' })).status).toBe(403)
    expect((await app.request('/admin/flags')).status).toBe(303)
    expect((await db.selectFrom('feature_flags').select('enabled').where('key', '=', 'card_payments').executeTakeFirst())?.enabled).toBe(true)
  })
})

describe('the audit log', () => {
  it('refuses every update, delete and truncate in the database; only its foreign key may forget a deleted actor', async () => {
    const actor = await createTestAdmin(db)
    await recordAudit(db, { actorUserId: actor.userId, action: 'test.kept', subjectType: 'company', subjectId: 'c-1', detail: { reason: 'kept' } })
    const row = await db.selectFrom('audit_log').selectAll().where('action', '=', 'test.kept').executeTakeFirstOrThrow()
    const attempts = [
      () => db.updateTable('audit_log').set({ action: 'test.changed' }).where('id', '=', row.id).execute(),
      () => db.updateTable('audit_log').set({ detail: JSON.stringify({ reason: 'rewritten' }) }).where('id', '=', row.id).execute(),
      () => db.updateTable('audit_log').set({ actor_user_id: null, ip: '203.0.113.1' }).where('id', '=', row.id).execute(),
      () => db.updateTable('audit_log').set({ created_at: new Date(0) }).execute(),
      () => db.deleteFrom('audit_log').where('id', '=', row.id).execute(),
      () => db.deleteFrom('audit_log').execute(),
      () => sql`TRUNCATE audit_log`.execute(db),
    ]
    for (const attempt of attempts) await expect(attempt()).rejects.toThrow(/append-only/)
    expect(await db.selectFrom('audit_log').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual(row)
    // A user row deleted: the entry stays, its actor forgotten.
    await db.deleteFrom('sessions').where('user_id', '=', actor.userId).execute()
    await db.deleteFrom('users').where('id', '=', actor.userId).execute()
    expect(await db.selectFrom('audit_log').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({ ...row, actor_user_id: null })
  })

  it('is searched by actor, action (exact or prefix), target and days, and paged newest first', async () => {
    const searcher = await createTestAdmin(db, { email: 'audit.searcher@nordicloop.test' })
    const other = await createTestAdmin(db)
    const n = AUDIT_PAGE_SIZE + 7
    for (let i = 0; i < n; i++) await recordAudit(db, { actorUserId: searcher.userId, action: i % 2 ? 'search.odd' : 'search.even', subjectType: 'listing', subjectId: `target-${i % 3}` })
    await recordAudit(db, { actorUserId: other.userId, action: 'search.odd', subjectType: 'listing', subjectId: 'target-0' })
    await db.insertInto('audit_log').values({ actor_user_id: searcher.userId, action: 'search.old', created_at: new Date('2026-01-15T12:00:00Z') }).execute()

    const rows = async (query: string) => {
      const res = await admin.get(`/admin/audit?${query}`)
      expect(res.status, query).toBe(200)
      const html = await res.text()
      return { html, count: [...html.matchAll(/<tr>\s*<td><time/g)].length, next: /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&') }
    }
    const mine = await rows('actor=audit.searcher')
    expect(mine.count).toBe(AUDIT_PAGE_SIZE)
    expect(mine.next).toBeDefined()
    const second = await rows(mine.next!.split('?')[1]!)
    expect(second.count).toBe(n + 1 - AUDIT_PAGE_SIZE)
    expect(second.next).toBeUndefined()
    expect((await rows('actor=AUDIT.SEARCHER&action=search.odd')).count).toBe(Math.floor(n / 2))
    expect((await rows('action=search.')).count).toBe(AUDIT_PAGE_SIZE)
    expect((await rows('action=search.od')).count).toBe(0) // exact unless it ends in a dot
    expect((await rows('action=search.odd&target=target-0')).count).toBe([...Array(n).keys()].filter((i) => i % 2 && i % 3 === 0).length + 1)
    expect((await rows('actor=audit.searcher&from=2026-01-15&to=2026-01-15')).count).toBe(1)
    expect((await rows('actor=audit.searcher&from=2026-01-16')).count).toBe(AUDIT_PAGE_SIZE)
    expect((await rows('actor=%25')).count).toBe(0) // a % is a character, not a wildcard
  })

  it.each([
    'from=2026-13-01', 'from=yesterday', 'to=2026-02-30', 'from=2026-03-02&to=2026-03-01', 'before=0', 'before=-5', 'before=abc', 'before=1e400',
    `actor=${'a'.repeat(201)}`, `action=${'a'.repeat(101)}`, `target=${'a'.repeat(101)}`, 'actor=%00', 'action=a%0Ab',
  ])('a bad search (%s) is a 400 with a message', async (query) => {
    const res = await admin.get(`/admin/audit?${query}`)
    expect(res.status).toBe(400)
    expect((await res.text()).length).toBeGreaterThan(0)
  })

  it('is for admins only', async () => {
    const member = await logInAs(app, (await createTestCompany(db, { status: 'approved' })).owner)
    expect((await member.get('/admin/audit')).status).toBe(403)
  })
})
