import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { lastEmailTo, linkIn, registerVerifiedUser } from './helpers.js'

const { app, db, clock } = await createTestApp()
const countSessions = async (userId: string) =>
  (await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length

describe('password reset', () => {
  it('answers the same whether or not the account exists; the mailbox learns which', async () => {
    const unknown = await new TestBrowser(app).post('/password-reset', { email: 'ghost@nowhere.example' })
    expect([unknown.status, unknown.headers.get('location')]).toEqual([303, '/password-reset?sent=1'])
    expect(await (await new TestBrowser(app).get('/password-reset?sent=1')).text()).toContain('If an account exists for that address')
    expect((await lastEmailTo(db, 'ghost@nowhere.example'))?.template).toBe('password-reset-no-account')

    const { fields } = await registerVerifiedUser(new TestBrowser(app), db)
    const known = await new TestBrowser(app).post('/password-reset', { email: fields.email }, { htmx: true })
    expect(await known.text()).toContain('If an account exists for that address')
    const mail = await lastEmailTo(db, fields.email)
    expect(mail?.template).toBe('password-reset')
    expect(mail?.text_body).toMatch(/\/password-reset\/[a-z2-7]{32}/)
  })

  it('sets the new password once, ends every session, and refuses the link a second time', async () => {
    const owner = new TestBrowser(app)
    const { fields, user } = await registerVerifiedUser(owner, db)
    await new TestBrowser(app).post('/password-reset', { email: fields.email })
    const link = linkIn((await lastEmailTo(db, fields.email))!.text_body)
    const visitor = new TestBrowser(app)

    const form = await visitor.get(link)
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('Choose a new password')

    const mismatch = await visitor.post(link, { password: 'brand new secret 1', password_confirm: 'nope' })
    expect(mismatch.status).toBe(422)

    const done = await visitor.post(link, { password: 'brand new secret 1', password_confirm: 'brand new secret 1' })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/login?notice=password-reset')
    expect(await countSessions(user.id)).toBe(0)
    expect((await owner.get('/account')).status).toBe(303) // the old session is gone

    expect((await new TestBrowser(app).post('/login', { email: fields.email, password: fields.password })).status).toBe(401)
    expect((await new TestBrowser(app).post('/login', { email: fields.email, password: 'brand new secret 1' })).status).toBe(303)

    const reuse = await visitor.post(link, { password: 'another secret 22', password_confirm: 'another secret 22' })
    expect(reuse.status).toBe(400)
    expect(await reuse.text()).toContain('already been used')
    const reuseGet = await visitor.get(link)
    expect(reuseGet.status).toBe(400)
  })

  it('refuses a link older than one hour', async () => {
    const { fields } = await registerVerifiedUser(new TestBrowser(app), db)
    await new TestBrowser(app).post('/password-reset', { email: fields.email })
    const link = linkIn((await lastEmailTo(db, fields.email))!.text_body)
    clock.advance(60 * 60 * 1000 + 1)
    const visitor = new TestBrowser(app)
    expect((await visitor.get(link)).status).toBe(400)
    const res = await visitor.post(link, { password: 'brand new secret 1', password_confirm: 'brand new secret 1' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('expired')
    expect((await new TestBrowser(app).post('/login', { email: fields.email, password: fields.password })).status).toBe(303)
  })

  it('refuses a made-up link', async () => {
    const res = await new TestBrowser(app).get('/password-reset/thisisnotarealtoken')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('not valid')
  })
})

describe('change password', () => {
  it('needs the current password', async () => {
    const browser = new TestBrowser(app)
    await registerVerifiedUser(browser, db)
    const res = await browser.post('/account/password', { current_password: 'wrong one', password: 'brand new secret 1', password_confirm: 'brand new secret 1' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Your current password is not right.')
  })

  it('drops every other session and keeps this browser logged in', async () => {
    const laptop = new TestBrowser(app)
    const { fields, user } = await registerVerifiedUser(laptop, db)
    const phone = new TestBrowser(app)
    await phone.post('/login', { email: fields.email, password: fields.password })
    expect(await countSessions(user.id)).toBe(2)

    const res = await laptop.post('/account/password', { current_password: fields.password, password: 'brand new secret 1', password_confirm: 'brand new secret 1' })
    expect([res.status, res.headers.get('location')]).toEqual([303, '/account?notice=password-changed'])
    expect(await (await laptop.get('/account?notice=password-changed')).text()).toContain('every other session has been logged out')
    expect(await countSessions(user.id)).toBe(1)
    expect((await laptop.get('/account')).status).toBe(200)
    expect((await phone.get('/account')).status).toBe(303)
    const audit = await db.selectFrom('audit_log').select('action').where('actor_user_id', '=', user.id).where('action', '=', 'password.changed').execute()
    expect(audit).toHaveLength(1)
  })

  it('is for logged-in users only', async () => {
    const res = await new TestBrowser(app).post('/account/password', { current_password: 'x', password: 'brand new secret 1', password_confirm: 'brand new secret 1' })
    expect(res.status).toBe(401)
  })
})
