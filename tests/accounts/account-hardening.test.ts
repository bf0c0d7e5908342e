// Account rules that close holes: mail throttles, answers that do not tell who has an account,
// who may invite, what a new password revokes, how long a session lives, CSRF at login.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, unique } from '../support/factories.js'
import { validVatNumber } from '../support/vat-numbers.js'
import { MAX_MAILS_PER_ADDRESS, MAX_MAILS_PER_RECIPIENT } from '../../src/accounts/mail-limits.js'
import type { CompanyRole, CompanyStatus } from '../../src/db/types.js'
import { hashToken } from '../../src/lib/tokens.js'
import { lastEmailTo, linkIn } from './helpers.js'

const { app, db, clock } = await createTestApp({ config: { TRUST_PROXY: 'true' } })

let nextAddress = 0
const newAddress = () => `192.0.2.${++nextAddress}`
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } })
const mailsTo = async (to: string, template?: string) =>
  (await db.selectFrom('outbox').select(['template']).where('to_address', '=', to).execute()).filter((m) => !template || m.template === template).length

/** One way per kind of email to make NordicLoop send one to `to` from `address`. */
type MailTrigger = { kind: string; template: string; prepare(to: string): Promise<void>; send(to: string, address: string): Promise<Response> }

const inviter = await createTestCompany(db, { status: 'approved' })
const inviterBrowser = await logInAs(app, inviter.owner)

const triggers: MailTrigger[] = [
  {
    kind: 'password reset (existing account)',
    template: 'password-reset',
    prepare: async (to) => { await createTestCompany(db, { ownerEmail: to }) },
    send: (to, address) => new TestBrowser(app).post('/password-reset', { email: to }, from(address)),
  },
  {
    kind: 'password reset (no account)',
    template: 'password-reset-no-account',
    prepare: async () => {},
    send: (to, address) => new TestBrowser(app).post('/password-reset', { email: to }, from(address)),
  },
  {
    kind: 'verification link (login before confirming)',
    template: 'verify-email',
    prepare: async (to) => { await createTestCompany(db, { ownerEmail: to, ownerVerified: false }) },
    send: async (to, address) => {
      // A link sent in the last few minutes is not sent again anyway: step past that.
      if (await mailsTo(to, 'verify-email')) clock.advance(11 * 60 * 1000)
      return new TestBrowser(app).post('/login', { email: to, password: 'correct horse battery staple' }, from(address))
    },
  },
  {
    kind: 'invitation',
    template: 'company-invitation',
    prepare: async () => {},
    send: (to, address) => inviterBrowser.post('/account/invitations', { email: to }, from(address)),
  },
]

describe('emails a visitor can make us send are throttled', () => {
  describe.each(triggers)('$kind', (trigger) => {
    it(`per recipient: ${MAX_MAILS_PER_RECIPIENT} an hour, then a message and no email, from any address`, async () => {
      const to = `${unique('inbox')}@throttle.example`
      await trigger.prepare(to)
      for (let i = 0; i < MAX_MAILS_PER_RECIPIENT; i++) {
        const res = await trigger.send(to, newAddress())
        expect(res.status, await res.clone().text()).toBeLessThan(429)
      }
      for (let i = 0; i < 3; i++) {
        const res = await trigger.send(to, newAddress())
        expect(await res.text()).toContain('We have already sent several emails to this address')
      }
      expect(await mailsTo(to, trigger.template)).toBe(MAX_MAILS_PER_RECIPIENT)
      clock.advance(61 * 60 * 1000)
      await trigger.send(to, newAddress())
      expect(await mailsTo(to, trigger.template)).toBe(MAX_MAILS_PER_RECIPIENT + 1)
    })

    it(`per address: ${MAX_MAILS_PER_ADDRESS} recipients an hour, then refused; other addresses unaffected`, async () => {
      const address = newAddress()
      const recipients = Array.from({ length: MAX_MAILS_PER_ADDRESS + 3 }, () => `${unique('many')}@spray.example`)
      for (const to of recipients) await trigger.prepare(to)
      const answers = []
      for (const to of recipients) answers.push(await trigger.send(to, address))
      const refused = answers.slice(MAX_MAILS_PER_ADDRESS)
      for (const res of refused) {
        expect(await res.text()).toContain('Too many requests from your network address')
      }
      let sent = 0
      for (const to of recipients) sent += await mailsTo(to, trigger.template)
      expect(sent).toBe(MAX_MAILS_PER_ADDRESS)
      const last = recipients[recipients.length - 1]
      await trigger.send(last, newAddress())
      expect(await mailsTo(last, trigger.template)).toBe(1)
    })
  })
})

describe('answers that do not tell whether an address has an account', () => {
  it('password reset: the same status and body for 8 kinds of address, each with one email', async () => {
    const verified = await createTestCompany(db)
    const unverified = await createTestCompany(db, { ownerVerified: false })
    const member = await addTestMember(db, verified.companyId)
    const admin = (await db.insertInto('users').values({ email: `${unique('adm')}@nordicloop.test`, name: 'A', password_hash: 'x', is_admin: true }).returning('email').executeTakeFirstOrThrow()).email
    const addresses = [
      verified.owner.email, unverified.owner.email, member.email, admin,
      `${unique('ghost')}@nowhere.example`, `${unique('GHOST')}@NOWHERE.example`, verified.owner.email.toUpperCase(), ` ${unique('pad')}@x.example `,
    ]
    const browser = new TestBrowser(app)
    await browser.get('/password-reset')
    const answers: Array<{ status: number; body: string; location: string | null }> = []
    for (const email of addresses) {
      const res = await browser.post('/password-reset', { email }, from(newAddress()))
      answers.push({ status: res.status, body: await res.text(), location: res.headers.get('location') })
      expect(await mailsTo(email.trim().toLowerCase())).toBeGreaterThan(0)
    }
    for (const answer of answers) expect(answer).toEqual(answers[0])
    expect([answers[0].status, answers[0].location]).toEqual([303, '/password-reset?sent=1'])
  })

  it('registration: an address with an account gets the same redirect as a new one, and its owner an email', async () => {
    const existing = await createTestCompany(db)
    const fields = (email: string) => ({
      legal_name: `${unique('Firm ')} AB`, org_number: unique('SE'), country: 'SE', vat_number: validVatNumber('SE')!, address_line: 'Gatan 1', postcode: '111 11', city: 'Lund',
      contact_name: 'Eva', email, password: 'a long enough password', password_confirm: 'a long enough password',
    })
    const fresh = `${unique('new')}@firm.example`
    const a = await new TestBrowser(app).post('/register', fields(fresh), from(newAddress()))
    const b = await new TestBrowser(app).post('/register', fields(existing.owner.email), from(newAddress()))
    expect([a.status, b.status]).toEqual([303, 303])
    expect(b.headers.get('location')).toBe(a.headers.get('location')!.replace(encodeURIComponent(fresh), encodeURIComponent(existing.owner.email)))
    expect((await lastEmailTo(db, existing.owner.email))?.template).toBe('already-registered')
    expect(await db.selectFrom('users').select('id').where('email', '=', existing.owner.email).execute()).toHaveLength(1)
  })
})

describe('registration and invitation answer the same for every kind of address', async () => {
  const company = await createTestCompany(db, { status: 'approved' })
  const unverified = await createTestCompany(db, { ownerVerified: false })
  const member = await addTestMember(db, company.companyId)
  const admin = await createTestAdmin(db)
  const kinds: Array<[string, () => string, string | null]> = [
    ['a new address', () => `${unique('fresh')}@new.example`, null],
    ['a new address in capitals', () => `${unique('FRESH')}@NEW.example`, null],
    ['an owner of another company', () => company.owner.email, 'owner'],
    ['the same, in capitals', () => company.owner.email.toUpperCase(), 'owner'],
    ['an unverified owner', () => unverified.owner.email, 'owner'],
    ['a member of another company', () => member.email, 'member'],
    ['an administrator', () => admin.email, 'admin'],
  ]
  const inviting = await createTestCompany(db, { status: 'approved' })
  const owner = await logInAs(app, inviting.owner)

  it.each(kinds)('registration with %s: 303 to the same "check your email" page', async (_kind, address, existing) => {
    const email = address()
    const res = await new TestBrowser(app).post('/register', {
      legal_name: `${unique('Firm ')} AB`, org_number: unique('SE'), country: 'SE', vat_number: validVatNumber('SE')!, address_line: 'Gatan 1', postcode: '111 11', city: 'Lund',
      contact_name: 'Eva', email, password: 'a long enough password', password_confirm: 'a long enough password',
    }, from(newAddress()))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/register/done?email=${encodeURIComponent(email.toLowerCase())}`)
    expect((await lastEmailTo(db, email.toLowerCase()))?.template).toBe(existing ? 'already-registered' : 'verify-email')
  })

  it.each(kinds)('invitation of %s: 303 to the same "invitation sent"', async (_kind, address, existing) => {
    const email = address()
    const res = await owner.post('/account/invitations', { email }, from(newAddress()))
    expect([res.status, res.headers.get('location')]).toEqual([303, '/account?notice=invitation-sent'])
    expect((await lastEmailTo(db, email.toLowerCase()))?.template).toBe(existing ? 'invitation-existing-account' : 'company-invitation')
  })
})

describe('who may invite colleagues', () => {
  const cases: Array<[CompanyStatus, CompanyRole, number]> = (['pending', 'approved', 'rejected', 'suspended'] as const)
    .flatMap((status) => (['owner', 'member'] as const).map((role): [CompanyStatus, CompanyRole, number] => [status, role, status === 'approved' && role === 'owner' ? 303 : 403]))

  it.each(cases)('%s company, %s: %i', async (status, role, expected) => {
    const company = await createTestCompany(db, { status })
    const person = role === 'owner' ? company.owner : await addTestMember(db, company.companyId)
    const browser = await logInAs(app, person)
    const to = `${unique('colleague')}@invite.example`
    const res = await browser.post('/account/invitations', { email: to }, from(newAddress()))
    expect(res.status).toBe(expected)
    expect(await mailsTo(to)).toBe(expected === 303 ? 1 : 0)
    const page = await (await browser.get('/account')).text()
    expect(page.includes('action="/account/invitations"')).toBe(expected === 303)
  })
})

describe('a new password revokes outstanding reset links', () => {
  it.each([1, 3])('%i reset link(s) stop working after a password change', async (links) => {
    const company = await createTestCompany(db)
    const urls: string[] = []
    for (let i = 0; i < links; i++) {
      await new TestBrowser(app).post('/password-reset', { email: company.owner.email }, from(newAddress()))
      urls.push(linkIn((await lastEmailTo(db, company.owner.email))!.text_body))
    }
    const browser = await logInAs(app, company.owner)
    const changed = await browser.post('/account/password', { current_password: company.owner.password, password: 'a changed password', password_confirm: 'a changed password' })
    expect(changed.status).toBe(303)
    for (const url of urls) {
      expect((await new TestBrowser(app).get(url)).status).toBe(400)
      const use = await new TestBrowser(app).post(url, { password: 'attacker password', password_confirm: 'attacker password' })
      expect(use.status).toBe(400)
    }
    expect((await new TestBrowser(app).post('/login', { email: company.owner.email, password: 'a changed password' })).status).toBe(303)
  })
})

describe('session lifetime', () => {
  it('a session used every 10 days still ends 90 days after login', async () => {
    const company = await createTestCompany(db)
    const browser = await logInAs(app, company.owner)
    const token = browser.cookies.get('session')!
    for (let day = 10; day < 90; day += 10) {
      clock.advance(10 * 24 * 3600 * 1000)
      expect((await browser.get('/account')).status, `day ${day}`).toBe(200)
    }
    // Day 80: the sliding expiry may not pass day 90, and the cookie says the same.
    const row = await db.selectFrom('sessions').select(['expires_at', 'absolute_expires_at']).where('id', '=', hashToken(token)).executeTakeFirstOrThrow()
    expect(row.expires_at.getTime()).toBeLessThanOrEqual(row.absolute_expires_at.getTime())
    clock.advance(9 * 24 * 3600 * 1000)
    const day89 = await browser.get('/account')
    expect(day89.status).toBe(200)
    const maxAge = Number(day89.headers.getSetCookie().find((c) => c.startsWith('session='))?.match(/Max-Age=(\d+)/)?.[1] ?? NaN)
    expect(maxAge).toBeLessThanOrEqual(24 * 3600)
    clock.advance(24 * 3600 * 1000)
    const day90 = await browser.get('/account')
    expect(day90.status).toBe(303)
    expect(day90.headers.get('location')).toBe('/login?next=%2Faccount')
  })
})

describe('sessions looked up together', () => {
  it('requests that arrive at once each get their own person, and a stale or unknown cookie none', async () => {
    const companies = await Promise.all(Array.from({ length: 12 }, () => createTestCompany(db, { status: 'approved' })))
    const browsers = await Promise.all(companies.map((company) => logInAs(app, company.owner)))
    const loggedOut = await logInAs(app, (await createTestCompany(db, { status: 'approved' })).owner)
    const staleCookie = loggedOut.cookies.get('session')!
    await loggedOut.post('/logout', {})
    const cookieOnly = (session: string) => ({ headers: { cookie: `session=${session}` } })
    // Sent in one go, so their session lookups meet in one query (sessions.ts).
    const [own, stale, unknown] = await Promise.all([
      Promise.all(browsers.map((browser) => browser.get('/account'))),
      app.request('/account', cookieOnly(staleCookie)),
      app.request('/account', cookieOnly('not-a-session-token')),
    ])
    for (const [i, res] of own.entries()) {
      expect(res.status).toBe(200)
      const page = await res.text()
      expect(page).toContain(companies[i]!.owner.email)
      for (const [j, other] of companies.entries()) if (j !== i) expect(page).not.toContain(other.owner.email)
    }
    for (const res of [stale, unknown]) {
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe('/login?next=%2Faccount')
    }
  })
})

describe('CSRF token at login', () => {
  it.each(['plain form', 'htmx'])('is renewed at login (%s); the token from before login no longer passes', async (how) => {
    const company = await createTestCompany(db)
    const browser = new TestBrowser(app)
    await browser.get('/login')
    const before = browser.csrf
    const res = await browser.post('/login', { email: company.owner.email, password: company.owner.password }, { htmx: how === 'htmx' })
    expect(res.status).toBe(how === 'htmx' ? 200 : 303)
    expect(browser.csrf).not.toBe(before)
    expect(browser.csrf.length).toBeGreaterThanOrEqual(32)
    const stale = await browser.post('/account/password', { current_password: 'x', password: 'yyyyyyyyyyyy', password_confirm: 'yyyyyyyyyyyy' }, { csrf: before })
    expect(stale.status).toBe(403)
    const page = await (await browser.get('/account/password')).text()
    expect(page).toContain(`value="${browser.csrf}"`)
  })
})
