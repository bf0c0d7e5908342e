import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import type { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestUser } from '../support/factories.js'

const { app, db, clock } = await createTestApp()

let adminUser: TestUser
let admin: TestBrowser

beforeAll(async () => {
  adminUser = await createTestAdmin(db)
  admin = await logInAs(app, adminUser)
})

const company = (id: string) => db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const outboxFor = (address: string) => db.selectFrom('outbox').selectAll().where('to_address', '=', address).execute()
const auditFor = (id: string) =>
  db.selectFrom('audit_log').selectAll().where('subject_type', '=', 'company').where('subject_id', '=', id).orderBy('id').execute()

describe('the queue of companies awaiting approval', () => {
  it('lists pending companies oldest first with their registration details', async () => {
    const newer = await createTestCompany(db, { legalName: 'Newer Recycling Oy', country: 'FI', createdAt: new Date('2026-11-20T08:00:00Z') })
    const older = await createTestCompany(db, {
      legalName: 'Older Metals AB', orgNumber: '556677-8899', ownerEmail: 'olle@older.example', ownerName: 'Olle Older',
      ownerVerified: false, createdAt: new Date('2026-11-19T08:00:00Z'),
    })
    await createTestCompany(db, { legalName: 'Already Approved GmbH', status: 'approved' })

    const res = await admin.get('/admin/companies/pending')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html.indexOf('Older Metals AB')).toBeGreaterThan(-1)
    expect(html.indexOf('Older Metals AB')).toBeLessThan(html.indexOf('Newer Recycling Oy'))
    expect(html).not.toContain('Already Approved GmbH')
    for (const detail of ['556677-8899', 'Sweden', 'Hamngatan 1, 111 47 Stockholm', 'Olle Older', 'olle@older.example', 'email not confirmed', '2026-11-19 08:00 UTC']) {
      expect(html).toContain(detail)
    }
    expect(html).toContain('Finland')
    expect(html).toContain(`action="/admin/companies/${older.companyId}/approve"`)
    expect(html).toContain(`action="/admin/companies/${newer.companyId}/reject"`)
    expect(html).toContain('name="_csrf"')
  })
})

describe('approving a company', () => {
  it('approves, records who did it, and queues one email to the owner', async () => {
    const acme = await createTestCompany(db, { legalName: 'Acme Pallets AB' })
    const res = await admin.post(`/admin/companies/${acme.companyId}/approve`, { back: 'queue' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/companies/pending?done=approve')

    const row = await company(acme.companyId)
    expect(row.status).toBe('approved')
    expect(row.status_reason).toBeNull()
    expect(row.status_changed_at?.toISOString()).toBe(clock().toISOString())

    const audit = await auditFor(acme.companyId)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'company.approved', actor_user_id: adminUser.userId })
    expect(audit[0]!.detail).toMatchObject({ from: 'pending', to: 'approved' })

    const mail = await outboxFor(acme.owner.email)
    expect(mail).toHaveLength(1)
    expect(mail[0]).toMatchObject({ template: 'company-approved', subject: 'Acme Pallets AB is approved on NordicLoop' })
    expect(mail[0]!.text_body).toContain(TEST_BASE_URL)

    const page = await (await admin.get(res.headers.get('location')!)).text()
    expect(page).toContain('The company is approved')
    expect(page).not.toContain('Acme Pallets AB')
  })

  it('emails every member with a confirmed address, and nobody unconfirmed', async () => {
    const team = await createTestCompany(db)
    const member = await addTestMember(db, team.companyId)
    const unconfirmed = await addTestMember(db, team.companyId, { verified: false })
    expect((await admin.post(`/admin/companies/${team.companyId}/approve`, {})).status).toBe(303)
    expect(await outboxFor(team.owner.email)).toHaveLength(1)
    expect(await outboxFor(member.email)).toHaveLength(1)
    expect(await outboxFor(unconfirmed.email)).toHaveLength(0)
  })

  it('lets the newly approved owner trade: the pending banner is gone', async () => {
    const shop = await createTestCompany(db)
    const owner = await logInAs(app, shop.owner)
    expect(await (await owner.get('/account')).text()).toContain('awaiting approval by NordicLoop')
    await admin.post(`/admin/companies/${shop.companyId}/approve`, {})
    expect(await (await owner.get('/account')).text()).not.toContain('awaiting approval by NordicLoop')
  })

  it('answers htmx with the queue item replaced in place', async () => {
    const acme = await createTestCompany(db, { legalName: 'Htmx Paper AS', country: 'NO' })
    const res = await admin.post(`/admin/companies/${acme.companyId}/approve`, { back: 'queue' }, { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(new RegExp(`^<article id="pending-${acme.companyId}"`))
    expect(html).toContain(`Htmx Paper AS is approved. Email queued to ${acme.owner.email}.`)
    expect(html).not.toContain('<html')
  })

  it('refuses with 409 when the company is no longer pending, and changes nothing', async () => {
    const done = await createTestCompany(db, { status: 'approved', legalName: 'Done Textiles AB' })
    const before = await company(done.companyId)
    for (const [action, fields] of [['approve', {}], ['reject', { reason: 'Too late' }]] as const) {
      const res = await admin.post(`/admin/companies/${done.companyId}/${action}`, fields)
      expect(res.status, action).toBe(409)
      expect(await res.text(), action).toContain('Done Textiles AB is approved, so it cannot be')
    }
    expect(await company(done.companyId)).toEqual(before)
    expect(await auditFor(done.companyId)).toHaveLength(0)
    expect(await outboxFor(done.owner.email)).toHaveLength(0)

    const htmx = await admin.post(`/admin/companies/${done.companyId}/approve`, { back: 'queue' }, { htmx: true })
    expect(htmx.status).toBe(409)
    expect(await htmx.text()).toContain('Nothing was changed')
  })

  it('acts once when two admins approve at the same moment', async () => {
    const race = await createTestCompany(db)
    const second = await logInAs(app, await createTestAdmin(db))
    const results = await Promise.all([
      admin.post(`/admin/companies/${race.companyId}/approve`, {}),
      second.post(`/admin/companies/${race.companyId}/approve`, {}),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([303, 409])
    expect(await auditFor(race.companyId)).toHaveLength(1)
    expect(await outboxFor(race.owner.email)).toHaveLength(1)
  })

  it('changes nothing when the email cannot be queued: status and email share one transaction', async () => {
    const doomed = await createTestCompany(db, { ownerEmail: 'doomed@outbox-fails.example' })
    // Simulates the outbox insert failing half-way through the decision.
    await sql`create function refuse_doomed() returns trigger language plpgsql as $$
      begin if new.to_address = 'doomed@outbox-fails.example' then raise exception 'outbox unavailable'; end if; return new; end $$`.execute(db)
    await sql`create trigger refuse_doomed before insert on outbox for each row execute function refuse_doomed()`.execute(db)
    try {
      const res = await admin.post(`/admin/companies/${doomed.companyId}/approve`, {})
      expect(res.status).toBe(500)
    } finally {
      await sql`drop trigger refuse_doomed on outbox`.execute(db)
    }
    expect((await company(doomed.companyId)).status).toBe('pending')
    expect(await auditFor(doomed.companyId)).toHaveLength(0)
  })
})

describe('rejecting a company', () => {
  it('requires a reason: 422 with the message, and nothing changes', async () => {
    const vague = await createTestCompany(db, { legalName: 'Vague Scrap AB' })
    for (const reason of [undefined, '', '   ']) {
      const fields: Record<string, string> = reason === undefined ? { back: 'queue' } : { back: 'queue', reason }
      const res = await admin.post(`/admin/companies/${vague.companyId}/reject`, fields)
      expect(res.status).toBe(422)
      const html = await res.text()
      expect(html).toContain('Give a reason: the company reads it in the email.')
      expect(html).toContain('Vague Scrap AB')
    }
    const htmx = await admin.post(`/admin/companies/${vague.companyId}/reject`, { back: 'queue', reason: '' }, { htmx: true })
    expect(htmx.status).toBe(422)
    const fragment = await htmx.text()
    expect(fragment).toMatch(new RegExp(`^<article id="pending-${vague.companyId}"`))
    expect(fragment).toContain('<details class="reason-form" open')

    const tooLong = await admin.post(`/admin/companies/${vague.companyId}/reject`, { reason: 'x'.repeat(1001) })
    expect(tooLong.status).toBe(422)
    expect(await tooLong.text()).toContain('under 1,000 characters')

    const row = await company(vague.companyId)
    expect(row.status).toBe('pending')
    expect(row.status_reason).toBeNull()
    expect(await auditFor(vague.companyId)).toHaveLength(0)
    expect(await outboxFor(vague.owner.email)).toHaveLength(0)
  })

  it('rejects with the reason stored, audited and emailed', async () => {
    const shady = await createTestCompany(db, { legalName: 'Shady Waste Ltd', country: 'IE' })
    const reason = 'The VAT number does not match the company name <b>.'
    const res = await admin.post(`/admin/companies/${shady.companyId}/reject`, { back: 'detail', reason: `  ${reason}  ` })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/admin/companies/${shady.companyId}?done=reject`)

    const row = await company(shady.companyId)
    expect(row.status).toBe('rejected')
    expect(row.status_reason).toBe(reason)
    const audit = await auditFor(shady.companyId)
    expect(audit.map((a) => a.action)).toEqual(['company.rejected'])
    expect(audit[0]!.detail).toMatchObject({ reason })

    const mail = await outboxFor(shady.owner.email)
    expect(mail).toHaveLength(1)
    expect(mail[0]!.template).toBe('company-rejected')
    expect(mail[0]!.text_body).toContain(reason)
    expect(mail[0]!.html_body).toContain('&lt;b&gt;')

    const owner = await logInAs(app, shady.owner)
    expect(await (await owner.get('/account')).text()).toContain('The VAT number does not match the company name &lt;b&gt;.')
  })
})
