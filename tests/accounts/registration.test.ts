import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { lastEmailTo, linkIn, registrationFields } from './helpers.js'

const { app, db, clock } = await createTestApp()

describe('company registration', () => {
  it('shows the registration form', async () => {
    const res = await new TestBrowser(app).get('/register')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<!doctype html>')
    for (const name of ['legal_name', 'org_number', 'country', 'address_line', 'postcode', 'city', 'contact_name', 'email', 'password', '_csrf']) {
      expect(html).toContain(`name="${name}"`)
    }
  })

  it('creates a pending company with its owner and queues a verification email in the same step', async () => {
    const browser = new TestBrowser(app)
    const fields = registrationFields()
    const res = await browser.post('/register', fields)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/register\/done/)

    const company = await db.selectFrom('companies').selectAll().where('org_number', '=', fields.org_number).executeTakeFirstOrThrow()
    expect(company).toMatchObject({ status: 'pending', legal_name: fields.legal_name, country: 'SE', city: 'Malmö' })
    const user = await db.selectFrom('users').selectAll().where('email', '=', fields.email).executeTakeFirstOrThrow()
    expect(user).toMatchObject({ company_id: company.id, company_role: 'owner', is_admin: false, email_verified_at: null })
    expect(user.password_hash).toMatch(/^\$argon2id\$/)
    expect(user.password_hash).not.toContain(fields.password)

    const mail = await lastEmailTo(db, fields.email)
    expect(mail?.template).toBe('verify-email')
    expect(mail?.status).toBe('pending')
    expect(mail?.text_body).toMatch(/http:\/\/localhost:3000\/verify-email\?token=[a-z2-7]{32}/)
  })

  it('stores the email lower-cased; a second registration with it creates nothing and mails the owner instead', async () => {
    const browser = new TestBrowser(app)
    const fields = registrationFields()
    await browser.post('/register', { ...fields, email: fields.email.toUpperCase() })
    const companies = async () => Number((await db.selectFrom('companies').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await companies()
    const again = await browser.post('/register', registrationFields({ email: fields.email }))
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe(`/register/done?email=${encodeURIComponent(fields.email)}`)
    expect(await companies()).toBe(before)
    expect((await lastEmailTo(db, fields.email))?.template).toBe('already-registered')
  })

  it('refuses an organisation number already registered in the same country, whatever its case', async () => {
    const browser = new TestBrowser(app)
    const fields = registrationFields({ org_number: 'SE556600XYZ' })
    expect((await browser.post('/register', fields)).status).toBe(303)
    const before = await db.selectFrom('companies').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const res = await browser.post('/register', registrationFields({ org_number: 'se556600xyz' }))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('already registered in this country')
    const after = await db.selectFrom('companies').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('re-renders the form with a message per bad field, keeps the values, and creates nothing', async () => {
    const browser = new TestBrowser(app)
    const before = await db.selectFrom('users').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const res = await browser.post('/register', registrationFields({
      legal_name: '   ', email: 'not-an-email', country: 'XX', password: 'short', password_confirm: 'other', city: 'Lund',
    }))
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain("Enter your company&#39;s legal name.")
    expect(html).toContain('Enter a valid email address')
    expect(html).toContain('Choose a country from the list.')
    expect(html).toContain('Use at least 10 characters.')
    expect(html).toContain('value="Lund"')
    expect(html).not.toContain('value="short"')
    const after = await db.selectFrom('users').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('says when the two passwords differ', async () => {
    const res = await new TestBrowser(app).post('/register', registrationFields({ password_confirm: 'something else entirely' }))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('The two passwords do not match.')
  })

  it('answers an htmx submission with the form fragment alone', async () => {
    const res = await new TestBrowser(app).post('/register', registrationFields({ email: '' }), { htmx: true })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toMatch(/^<form/)
    expect(html).toContain('Enter a valid email address')
  })

  it('answers a successful htmx submission with HX-Redirect', async () => {
    const res = await new TestBrowser(app).post('/register', registrationFields(), { htmx: true })
    expect(res.status).toBe(200)
    expect(res.headers.get('hx-redirect')).toMatch(/^\/register\/done/)
  })

  it('survives fields of the wrong shape or missing entirely', async () => {
    const browser = new TestBrowser(app)
    const res = await browser.post('/register', { legal_name: 'x'.repeat(5000) })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Use at most 200 characters.')
  })
})

describe('email verification', () => {
  it('confirms the address once; the link cannot be used again', async () => {
    const browser = new TestBrowser(app)
    const fields = registrationFields()
    await browser.post('/register', fields)
    const link = linkIn((await lastEmailTo(db, fields.email))!.text_body)

    const first = await browser.get(link)
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/login?notice=verified')
    const user = await db.selectFrom('users').select('email_verified_at').where('email', '=', fields.email).executeTakeFirstOrThrow()
    expect(user.email_verified_at).not.toBeNull()
    expect(await (await browser.get('/login?notice=verified')).text()).toContain('Your email address is confirmed')

    const again = await browser.get(link)
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('already been used')
  })

  it('refuses an unknown or missing token', async () => {
    const browser = new TestBrowser(app)
    expect((await browser.get('/verify-email?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(400)
    expect((await browser.get('/verify-email')).status).toBe(400)
  })

  it('refuses an expired link (after 48 hours)', async () => {
    const browser = new TestBrowser(app)
    const fields = registrationFields()
    await browser.post('/register', fields)
    const link = linkIn((await lastEmailTo(db, fields.email))!.text_body)
    clock.advance(48 * 60 * 60 * 1000 + 1000)
    const res = await browser.get(link)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('expired')
  })

  it('refuses to log in before the email is confirmed, and resends the link at most every 10 minutes', async () => {
    const browser = new TestBrowser(app)
    const fields = registrationFields()
    await browser.post('/register', fields)
    const count = async () => Number((await db.selectFrom('outbox').select(db.fn.countAll<number>().as('n'))
      .where('to_address', '=', fields.email).executeTakeFirstOrThrow()).n)
    expect(await count()).toBe(1)

    const res = await browser.post('/login', { email: fields.email, password: fields.password })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Please confirm your email address first')
    expect(browser.cookies.has('session')).toBe(false)
    expect(await count()).toBe(1) // the registration email is still fresh

    clock.advance(11 * 60 * 1000)
    await browser.post('/login', { email: fields.email, password: fields.password })
    expect(await count()).toBe(2)
    const link = linkIn((await lastEmailTo(db, fields.email))!.text_body)
    expect((await browser.get(link)).status).toBe(303)
    expect((await browser.post('/login', { email: fields.email, password: fields.password })).status).toBe(303)
  })
})
