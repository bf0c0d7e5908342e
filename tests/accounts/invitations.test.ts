import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { lastEmailTo, linkIn, registerVerifiedUser } from './helpers.js'

const { app, db, clock } = await createTestApp()

/** A registered owner whose company NordicLoop has approved (only those invite colleagues). */
async function approvedOwner() {
  const browser = new TestBrowser(app)
  const registered = await registerVerifiedUser(browser, db)
  await db.updateTable('companies').set({ status: 'approved' }).where('id', '=', registered.user.company_id!).execute()
  return { browser, ...registered }
}

describe('inviting colleagues', () => {
  it('lets an owner invite by email; the link creates a verified member of that company', async () => {
    const { browser: owner, fields, user } = await approvedOwner()
    const res = await owner.post('/account/invitations', { email: 'Colleague.One@Kartong.example' })
    expect([res.status, res.headers.get('location')]).toEqual([303, '/account?notice=invitation-sent'])
    const notice = await (await owner.get('/account?notice=invitation-sent')).text()
    expect(notice).toContain('Invitation sent by email.')
    expect(notice).toContain('colleague.one@kartong.example')
    const mail = await lastEmailTo(db, 'colleague.one@kartong.example')
    expect(mail?.template).toBe('company-invitation')
    expect(mail?.subject).toContain(fields.legal_name)

    const link = linkIn(mail!.text_body)
    const colleague = new TestBrowser(app)
    const page = await colleague.get(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(`Join ${fields.legal_name}`)

    const bad = await colleague.post(link, { name: '', password: 'short', password_confirm: 'short' })
    expect(bad.status).toBe(422)

    const joined = await colleague.post(link, { name: 'Olle Berg', password: 'a good long password', password_confirm: 'a good long password' })
    expect(joined.status).toBe(303)
    expect(joined.headers.get('location')).toBe('/account')
    const member = await db.selectFrom('users').selectAll().where('email', '=', 'colleague.one@kartong.example').executeTakeFirstOrThrow()
    expect(member).toMatchObject({ company_id: user.company_id, company_role: 'member', name: 'Olle Berg' })
    expect(member.email_verified_at).not.toBeNull()
    const account = await (await colleague.get('/account')).text()
    expect(account).toContain('Olle Berg')
    expect(account).not.toContain('Invite a colleague') // members cannot invite

    const again = await new TestBrowser(app).post(link, { name: 'Someone', password: 'a good long password', password_confirm: 'a good long password' })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('already been accepted')
  })

  it('refuses invitations from members, to existing accounts, and expired links', async () => {
    const { browser: owner, fields } = await approvedOwner()
    await owner.post('/account/invitations', { email: 'member.two@kartong.example' })
    const memberBrowser = new TestBrowser(app)
    await memberBrowser.post(linkIn((await lastEmailTo(db, 'member.two@kartong.example'))!.text_body),
      { name: 'Member Two', password: 'a good long password', password_confirm: 'a good long password' })
    expect((await memberBrowser.post('/account/invitations', { email: 'x@kartong.example' })).status).toBe(403)

    const existing = await owner.post('/account/invitations', { email: fields.email })
    expect(existing.status).toBe(409)
    expect(await existing.text()).toContain('already a member')

    // An account elsewhere: the page answers as for anyone; its owner is told by email.
    const other = await registerVerifiedUser(new TestBrowser(app), db)
    // (Through htmx the form is swapped for its confirmation, with the address.)
    const elsewhere = await owner.post('/account/invitations', { email: other.fields.email }, { htmx: true })
    expect(elsewhere.status).toBe(200)
    expect(await elsewhere.text()).toContain(`Invitation sent to ${other.fields.email}`)
    const notice = await lastEmailTo(db, other.fields.email)
    expect(notice?.template).toBe('invitation-existing-account')
    expect(notice?.text_body).toContain('one company only')
    expect(await db.selectFrom('company_invitations').select('id').where('email', '=', other.fields.email).executeTakeFirst()).toBeUndefined()

    const invalid = await owner.post('/account/invitations', { email: 'not an email' })
    expect(invalid.status).toBe(422)

    await owner.post('/account/invitations', { email: 'late@kartong.example' })
    const link = linkIn((await lastEmailTo(db, 'late@kartong.example'))!.text_body)
    clock.advance(7 * 24 * 3600 * 1000 + 1)
    const late = await new TestBrowser(app).get(link)
    expect(late.status).toBe(400)
    expect(await late.text()).toContain('expired')
  })
})

describe('company status gate', () => {
  it('shows a pending company a clear banner on every page', async () => {
    const owner = new TestBrowser(app)
    await registerVerifiedUser(owner, db)
    const html = await (await owner.get('/')).text()
    expect(html).toContain('Your company is awaiting approval by NordicLoop')
  })

  it('explains a rejection and a suspension with their reasons', async () => {
    const owner = new TestBrowser(app)
    const { user } = await registerVerifiedUser(owner, db)
    await db.updateTable('companies').set({ status: 'rejected', status_reason: 'Org number does not match the registry' }).where('id', '=', user.company_id!).execute()
    expect(await (await owner.get('/')).text()).toContain('rejected: Org number does not match the registry')
    await db.updateTable('companies').set({ status: 'suspended', status_reason: 'Unpaid invoices' }).where('id', '=', user.company_id!).execute()
    expect(await (await owner.get('/')).text()).toContain('suspended: Unpaid invoices')
    await db.updateTable('companies').set({ status: 'approved', status_reason: null }).where('id', '=', user.company_id!).execute()
    const html = await (await owner.get('/')).text()
    expect(html).not.toContain('class="banner warn"')
  })
})
