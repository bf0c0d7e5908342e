// Owners manage members and company details; people edit their name and email address. All
// through plain forms (no JavaScript): POST, then a 303 back to the account page.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, unique } from '../support/factories.js'
import { lastEmailTo, linkIn } from './helpers.js'

const { app, db } = await createTestApp()

const userRow = (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const sessionCount = async (userId: string) => (await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length
const auditActions = async (subjectId: string) =>
  (await db.selectFrom('audit_log').select('action').where('subject_id', '=', subjectId).execute()).map((r) => r.action)
const ownersOf = async (companyId: string) =>
  (await db.selectFrom('users').select('id').where('company_id', '=', companyId).where('company_role', '=', 'owner').execute()).length

describe('an owner removes a member', () => {
  it.each([1, 3])('the member (logged in on %i browsers) is out of the company and every session of theirs ends', async (browsers) => {
    const company = await createTestCompany(db, { status: 'approved' })
    const member = await addTestMember(db, company.companyId)
    const sessions = []
    for (let i = 0; i < browsers; i++) sessions.push(await logInAs(app, member))
    const owner = await logInAs(app, company.owner)
    const page = await (await owner.get('/account')).text()
    expect(page).toContain(`<form method="post" action="/account/members/${member.userId}/remove">`)

    const res = await owner.post(`/account/members/${member.userId}/remove`, {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account?notice=member-removed')
    expect(await (await owner.get('/account?notice=member-removed')).text()).toContain('was removed from the company')
    expect(await userRow(member.userId)).toMatchObject({ company_id: null, company_role: null })
    expect(await sessionCount(member.userId)).toBe(0)
    for (const browser of sessions) expect((await browser.get('/account')).status).toBe(303)
    expect(await auditActions(member.userId)).toContain('company.member_removed')
    expect((await lastEmailTo(db, member.email))?.template).toBe('company-member-removed')
  })

  it('is refused, changing nothing, to members, other companies, admins, visitors, oneself and malformed ids', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const member = await addTestMember(db, company.companyId)
    const colleague = await addTestMember(db, company.companyId)
    const other = await createTestCompany(db, { status: 'approved' })
    const admin = await createTestAdmin(db)
    const attempts: Array<[string, TestBrowser, string, number]> = [
      ['a member', await logInAs(app, colleague), member.userId, 403],
      ['another company\'s owner', await logInAs(app, other.owner), member.userId, 404],
      ['an admin without a company', await logInAs(app, admin), member.userId, 403],
      ['a visitor', new TestBrowser(app), member.userId, 401],
      ['the owner, about themselves', await logInAs(app, company.owner), company.owner.userId, 409],
      ['the owner, a malformed id', await logInAs(app, company.owner), 'not-a-uuid', 404],
      ['the owner, an unknown id', await logInAs(app, company.owner), '00000000-0000-4000-8000-000000000000', 404],
    ]
    for (const [who, browser, target, status] of attempts) {
      expect((await browser.post(`/account/members/${target}/remove`, {})).status, who).toBe(status)
      expect((await browser.post(`/account/members/${target}/role`, { role: 'owner' })).status, who).toBe(status === 409 ? 303 : status) // making an owner an owner changes nothing
    }
    expect((await userRow(member.userId)).company_id).toBe(company.companyId)
    expect((await userRow(member.userId)).company_role).toBe('member')
    expect(await ownersOf(company.companyId)).toBe(1)
  })
})

describe('an owner changes roles; a company never loses its last owner', () => {
  it('makes a member an owner and back, with an audit row each', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const member = await addTestMember(db, company.companyId)
    const owner = await logInAs(app, company.owner)
    expect((await owner.post(`/account/members/${member.userId}/role`, { role: 'owner' })).headers.get('location')).toBe('/account?notice=role-changed')
    expect((await userRow(member.userId)).company_role).toBe('owner')
    expect((await owner.post(`/account/members/${member.userId}/role`, { role: 'member' })).status).toBe(303)
    expect((await userRow(member.userId)).company_role).toBe('member')
    expect((await auditActions(member.userId)).filter((a) => a === 'company.member_role_changed')).toHaveLength(2)
    for (const role of ['', 'admin', 'OWNER', 'owner\u0000']) {
      expect((await owner.post(`/account/members/${member.userId}/role`, { role })).status, role).toBe(422)
    }
    expect((await userRow(member.userId)).company_role).toBe('member')
  })

  it('refuses to demote the only owner, with what to do instead', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const owner = await logInAs(app, company.owner)
    const res = await owner.post(`/account/members/${company.owner.userId}/role`, { role: 'member' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('A company needs at least one owner. Make someone else an owner first.')
    expect(await ownersOf(company.companyId)).toBe(1)
  })

  it.each([2, 3, 5, 8])('%i owners all demoting each other at once: an owner remains, and nobody acts after being demoted', async (owners) => {
    const company = await createTestCompany(db, { status: 'approved' })
    const people = [company.owner]
    for (let i = 1; i < owners; i++) people.push(await addTestMember(db, company.companyId, { role: 'owner' }))
    const browsers = await Promise.all(people.map((p) => logInAs(app, p)))
    // Each owner demotes the next one round the circle, all at the same moment.
    const answers = await Promise.all(browsers.map((b, i) => b.post(`/account/members/${people[(i + 1) % owners].userId}/role`, { role: 'member' })))
    const done = answers.filter((r) => r.status === 303).length
    expect(answers.every((r) => [303, 403, 409].includes(r.status))).toBe(true)
    expect(done).toBeGreaterThanOrEqual(1)
    expect(await ownersOf(company.companyId)).toBe(owners - done)
    expect(owners - done).toBeGreaterThanOrEqual(1)
    // In the order they happened, every demotion was made by someone still an owner.
    const changes = await db.selectFrom('audit_log').select(['actor_user_id', 'subject_id']).where('action', '=', 'company.member_role_changed')
      .where('subject_id', 'in', people.map((p) => p.userId)).orderBy('id').execute()
    const demoted = new Set<string>()
    for (const change of changes) {
      expect(demoted.has(change.actor_user_id!)).toBe(false)
      demoted.add(change.subject_id!)
    }
  })

  it.each([2, 4])('%i owners removing each other at once: at least one owner remains', async (owners) => {
    const company = await createTestCompany(db, { status: 'approved' })
    const people = [company.owner]
    for (let i = 1; i < owners; i++) people.push(await addTestMember(db, company.companyId, { role: 'owner' }))
    const browsers = await Promise.all(people.map((p) => logInAs(app, p)))
    await Promise.all(browsers.map((b, i) => b.post(`/account/members/${people[(i + 1) % owners].userId}/remove`, {})))
    expect(await ownersOf(company.companyId)).toBeGreaterThanOrEqual(1)
  })
})

describe('a person changes their email address', () => {
  it('changes only when the link sent to the new address is opened; the old address gets a notice', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const browser = await logInAs(app, company.owner)
    const newEmail = `${unique('moved')}@new.example`
    expect((await browser.post('/account/email', { email: newEmail, current_password: 'wrong password' })).status).toBe(422)
    const res = await browser.post('/account/email', { email: newEmail.toUpperCase(), current_password: company.owner.password })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account?notice=email-sent')
    expect((await userRow(company.owner.userId)).email).toBe(company.owner.email) // not yet
    expect((await lastEmailTo(db, company.owner.email))?.template).toBe('email-change-notice')
    const confirm = await lastEmailTo(db, newEmail)
    expect(confirm?.template).toBe('email-change-confirm')

    const opened = await browser.get(linkIn(confirm!.text_body))
    expect(opened.status).toBe(303)
    expect(opened.headers.get('location')).toBe('/account?notice=email-changed')
    const row = await userRow(company.owner.userId)
    expect(row.email).toBe(newEmail)
    expect(row.email_verified_at).not.toBeNull()
    expect(await auditActions(company.owner.userId)).toEqual(expect.arrayContaining(['user.email_change_requested', 'user.email_changed']))
    expect((await new TestBrowser(app).post('/login', { email: company.owner.email, password: company.owner.password })).status).toBe(401)
    expect((await new TestBrowser(app).post('/login', { email: newEmail, password: company.owner.password })).status).toBe(303)
    expect((await new TestBrowser(app).get(linkIn(confirm!.text_body))).status).toBe(400) // used once
  })

  it('an address that has an account: the same answer, no link, its owner told; a new password cancels a pending change', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const other = await createTestCompany(db)
    const browser = await logInAs(app, company.owner)
    const res = await browser.post('/account/email', { email: other.owner.email, current_password: company.owner.password })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account?notice=email-sent')
    expect((await lastEmailTo(db, other.owner.email))?.template).toBe('email-change-taken')
    expect((await userRow(company.owner.userId)).email).toBe(company.owner.email)

    const newEmail = `${unique('pending')}@new.example`
    await browser.post('/account/email', { email: newEmail, current_password: company.owner.password })
    const link = linkIn((await lastEmailTo(db, newEmail))!.text_body)
    await browser.post('/account/password', { current_password: company.owner.password, password: 'another good password', password_confirm: 'another good password' })
    expect((await new TestBrowser(app).get(link)).status).toBe(400)
    expect((await userRow(company.owner.userId)).email).toBe(company.owner.email)
  })

  it.each(['', 'not an email', 'a@b', `x${'y'.repeat(260)}@example.com`, 'evil\u0000@example.com'])('refuses %j with 422 and changes nothing', async (email) => {
    const company = await createTestCompany(db)
    const browser = await logInAs(app, company.owner)
    expect((await browser.post('/account/email', { email, current_password: company.owner.password })).status).toBe(422)
    expect((await db.selectFrom('email_tokens').select('id').where('user_id', '=', company.owner.userId).where('purpose', '=', 'change_email').execute())).toHaveLength(0)
  })
})

describe('a person edits their name', () => {
  it('saves it with an audit row, and refuses bad names', async () => {
    const company = await createTestCompany(db)
    const browser = await logInAs(app, company.owner)
    const res = await browser.post('/account/profile', { name: '  Åsa Öberg ' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account?notice=profile-saved')
    expect((await userRow(company.owner.userId)).name).toBe('Åsa Öberg')
    expect(await auditActions(company.owner.userId)).toContain('user.name_changed')
    for (const name of ['', '   ', 'x'.repeat(121), 'a\u0000b', 'a\u001bb', 'line\nbreak']) {
      const bad = await browser.post('/account/profile', { name })
      expect(bad.status, JSON.stringify(name)).toBe(422)
    }
    expect((await userRow(company.owner.userId)).name).toBe('Åsa Öberg')
    expect((await new TestBrowser(app).post('/account/profile', { name: 'Visitor' })).status).toBe(401)
  })
})

describe("an owner edits the company's address and contact details", () => {
  const good = { address_line: 'Nya gatan 2', postcode: '411 01', city: 'Göteborg', contact_name: 'Per Persson', contact_email: 'Sales@Firm.example', contact_phone: '+46 31 123 45' }

  it('saves them, shows them, and logs before and after', async () => {
    const company = await createTestCompany(db, { status: 'pending' })
    const owner = await logInAs(app, company.owner)
    expect((await owner.get('/account/company')).status).toBe(200)
    const res = await owner.post('/account/company', good)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account?notice=company-saved')
    const row = await db.selectFrom('companies').selectAll().where('id', '=', company.companyId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ address_line: 'Nya gatan 2', postcode: '411 01', city: 'Göteborg', contact_name: 'Per Persson', contact_email: 'sales@firm.example', contact_phone: '+46 31 123 45' })
    const page = await (await owner.get('/account')).text()
    expect(page).toContain('Nya gatan 2, 411 01 Göteborg')
    expect(page).toContain('sales@firm.example')
    const audit = await db.selectFrom('audit_log').select('detail').where('subject_id', '=', company.companyId).where('action', '=', 'company.details_changed').executeTakeFirstOrThrow()
    expect(JSON.stringify(audit.detail)).toContain('Hamngatan 1')
    // Contact email and phone may be left empty.
    expect((await owner.post('/account/company', { ...good, contact_email: '', contact_phone: '' })).status).toBe(303)
  })

  const bad: Array<[string, string]> = [
    ['address_line', ''], ['postcode', ''], ['city', ''], ['contact_name', ''], ['address_line', 'x'.repeat(201)], ['postcode', 'x'.repeat(21)],
    ['contact_email', 'not an email'], ['contact_phone', 'call me'], ['contact_phone', '1'.repeat(41)], ['city', 'Lund\u0000'], ['contact_name', 'a\u0007b'],
  ]
  it(`refuses ${bad.length} bad fields with 422 and changes nothing; members cannot edit`, async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const owner = await logInAs(app, company.owner)
    const before = await db.selectFrom('companies').selectAll().where('id', '=', company.companyId).executeTakeFirstOrThrow()
    for (const [field, value] of bad) {
      const res = await owner.post('/account/company', { ...good, [field]: value })
      expect(res.status, `${field}=${JSON.stringify(value)}`).toBe(422)
    }
    const member = await logInAs(app, await addTestMember(db, company.companyId))
    expect((await member.post('/account/company', good)).status).toBe(403)
    expect((await member.get('/account/company')).status).toBe(403)
    expect(await db.selectFrom('companies').selectAll().where('id', '=', company.companyId).executeTakeFirstOrThrow()).toEqual(before)
  })
})
