import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { hashToken } from '../../src/lib/tokens.js'
import { MAX_FAILURES_PER_ADDRESS } from '../../src/accounts/login-limits.js'
import { registerVerifiedUser, registrationFields } from './helpers.js'

const { app, db, clock } = await createTestApp({ config: { TRUST_PROXY: 'true' } })
const ip = (n: number) => ({ headers: { 'x-forwarded-for': `203.0.113.${n}` } })

describe('login and sessions', () => {
  it('logs in with a fresh HttpOnly, SameSite=Lax session cookie whose hash alone is stored', async () => {
    const browser = new TestBrowser(app)
    const { fields, user } = await registerVerifiedUser(browser, db)
    await browser.post('/logout', {})
    const res = await browser.post('/login', { email: fields.email, password: fields.password }, ip(1))
    expect(res.status).toBe(303)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toMatch(/Secure/)
    const token = browser.cookies.get('session')!
    expect(token.length).toBeGreaterThanOrEqual(32) // 20 random bytes in base32
    const rows = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
    expect(rows.map((r) => r.id)).toContain(hashToken(token))
    expect(rows.map((r) => r.id)).not.toContain(token)
    const account = await browser.get('/account')
    expect(account.status).toBe(200)
    expect(await account.text()).toContain(fields.legal_name)
  })

  it('issues a new token on every login and deletes the session on the server at logout', async () => {
    const browser = new TestBrowser(app)
    const { fields } = await registerVerifiedUser(browser, db)
    const first = browser.cookies.get('session')!
    await browser.post('/login', { email: fields.email, password: fields.password })
    const second = browser.cookies.get('session')!
    expect(second).not.toBe(first)
    expect(await db.selectFrom('sessions').select('id').where('id', '=', hashToken(first)).executeTakeFirst()).toBeUndefined()

    const logout = await browser.post('/logout', {})
    expect(logout.status).toBe(303)
    expect(await db.selectFrom('sessions').select('id').where('id', '=', hashToken(second)).executeTakeFirst()).toBeUndefined()
    // Replaying the old cookie gets nowhere.
    const replay = new TestBrowser(app)
    replay.cookies.set('session', second)
    const res = await replay.get('/account')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Faccount')
  })

  it('gives the same message for a wrong password and an unknown account', async () => {
    const browser = new TestBrowser(app)
    const { fields } = await registerVerifiedUser(browser, db)
    const wrong = await new TestBrowser(app).post('/login', { email: fields.email, password: 'not the password' }, ip(2))
    const unknown = await new TestBrowser(app).post('/login', { email: 'nobody@nowhere.example', password: 'whatever123' }, ip(2))
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const message = 'The email or password is not right.'
    expect(await wrong.text()).toContain(message)
    expect(await unknown.text()).toContain(message)
  })

  it('re-renders the login form for malformed input with 422', async () => {
    const res = await new TestBrowser(app).post('/login', { email: 'nope', password: '' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Enter a valid email address')
    expect(html).toContain('Enter your password.')
  })

  it('slides the 30-day expiry forward when used, and ends sessions unused for 30 days', async () => {
    const browser = new TestBrowser(app)
    const { user } = await registerVerifiedUser(browser, db)
    const token = browser.cookies.get('session')!
    const expiry = async () => (await db.selectFrom('sessions').select('expires_at').where('id', '=', hashToken(token)).executeTakeFirstOrThrow()).expires_at
    const initial = await expiry()
    clock.advance(20 * 24 * 3600 * 1000)
    expect((await browser.get('/account')).status).toBe(200)
    const extended = await expiry()
    expect(extended.getTime() - initial.getTime()).toBe(20 * 24 * 3600 * 1000)
    clock.advance(31 * 24 * 3600 * 1000)
    const res = await browser.get('/account')
    expect(res.status).toBe(303)
    expect(await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0)
  })
})

describe('login rate limits', () => {
  it('locks an account for one address after 5 failures for 15 minutes, even for the right password', async () => {
    const browser = new TestBrowser(app)
    const { fields } = await registerVerifiedUser(browser, db)
    const attacker = new TestBrowser(app)
    for (let i = 0; i < 5; i++) {
      expect((await attacker.post('/login', { email: fields.email, password: `guess-${i}-xxxx` }, ip(10))).status).toBe(401)
    }
    const locked = await attacker.post('/login', { email: fields.email, password: fields.password }, ip(10))
    expect(locked.status).toBe(429)
    expect(await locked.text()).toMatch(/Too many failed login attempts for this account from your network address\. Try again in 15 minutes, or reset your password/)
    clock.advance(15 * 60 * 1000 + 1000)
    expect((await attacker.post('/login', { email: fields.email, password: fields.password }, ip(10))).status).toBe(303)
  })

  it('limits one address guessing across many accounts', async () => {
    const attacker = new TestBrowser(app)
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      await attacker.post('/login', { email: `victim${i}@spray.example`, password: 'Password123!' }, ip(99))
    }
    const { fields } = await registerVerifiedUser(new TestBrowser(app), db, registrationFields())
    const res = await attacker.post('/login', { email: fields.email, password: fields.password }, ip(99))
    expect(res.status).toBe(429)
    expect(await res.text()).toContain('your network address')
    // Someone else, from another address, is unaffected.
    expect((await new TestBrowser(app).post('/login', { email: fields.email, password: fields.password }, ip(100))).status).toBe(303)
  })
})

describe('return after login', () => {
  it('sends a visitor to log in and back to the page they asked for', async () => {
    const browser = new TestBrowser(app)
    const { fields } = await registerVerifiedUser(browser, db)
    await browser.post('/logout', {})
    const gate = await browser.get('/account/password')
    expect(gate.headers.get('location')).toBe('/login?next=%2Faccount%2Fpassword')
    const page = await (await browser.get(gate.headers.get('location')!)).text()
    expect(page).toContain('name="next" value="/account/password"')
    const res = await browser.post('/login', { email: fields.email, password: fields.password, next: '/account/password' })
    expect(res.headers.get('location')).toBe('/account/password')
  })

  it.each([
    'https://evil.example/phish',
    '//evil.example/phish',
    '/\\evil.example',
    'javascript:alert(1)',
    '/%0d%0aLocation:%20https://evil.example',
    'http:evil.example',
  ])('never redirects off-site: %s', async (next) => {
    const browser = new TestBrowser(app)
    const { fields } = await registerVerifiedUser(browser, db)
    const res = await browser.post('/login', { email: fields.email, password: fields.password, next })
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location.startsWith('/')).toBe(true)
    expect(location.startsWith('//')).toBe(false)
    expect(new URL(location, 'http://localhost:3000').origin).toBe('http://localhost:3000')
  })
})

describe('CSRF protection', () => {
  it('refuses a form without the token, with a wrong token, or from another origin, and changes nothing', async () => {
    const browser = new TestBrowser(app)
    await browser.get('/login')
    const fields = registrationFields()
    const noToken = await browser.post('/register', fields, { csrf: null })
    expect(noToken.status).toBe(403)
    expect(await noToken.text()).toContain('This form has expired or did not come from NordicLoop')
    expect((await browser.post('/register', fields, { csrf: 'forged-token-value-aaaaaaaaaaaa' })).status).toBe(403)
    expect((await browser.post('/register', fields, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await browser.post('/register', fields, { origin: null })).status).toBe(403)
    expect(await db.selectFrom('users').select('id').where('email', '=', fields.email).executeTakeFirst()).toBeUndefined()
  })

  it('accepts the token in the X-CSRF-Token header (htmx)', async () => {
    const browser = new TestBrowser(app)
    await browser.get('/login')
    const res = await browser.post('/register', registrationFields(), { csrf: null, htmx: true, headers: { 'x-csrf-token': browser.csrf } })
    expect(res.status).toBe(200)
    expect(res.headers.get('hx-redirect')).toMatch(/^\/register\/done/)
  })
})

describe('over https', () => {
  it('marks cookies Secure and uses the __Host- prefix', async () => {
    const secure = await createTestApp({ config: { BASE_URL: 'https://nordicloop.example' } })
    const res = await secure.app.request('https://nordicloop.example/login')
    const cookies = res.headers.getSetCookie()
    const csrf = cookies.find((c) => c.startsWith('__Host-csrf='))
    expect(csrf).toMatch(/Secure/)
    expect(csrf).toMatch(/Path=\//)
  })
})
