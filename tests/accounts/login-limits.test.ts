// The login limits as classes: many guesses at once, floods from one or many addresses.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestCompany, unique } from '../support/factories.js'
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS } from '../../src/accounts/login-limits.js'
import { lastEmailTo, linkIn } from './helpers.js'

const { app, db, clock } = await createTestApp({ config: { TRUST_PROXY: 'true' } })

let nextAddress = 0
/** A network address of its own for each caller (TRUST_PROXY: X-Forwarded-For is believed). */
const newAddress = () => {
  nextAddress += 1
  return `198.51.${Math.floor(nextAddress / 250)}.${nextAddress % 250}`
}
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } })

/** Password checks actually made for a user: each wrong one leaves an audit row. */
const passwordChecks = async (userId: string) =>
  (await db.selectFrom('audit_log').select('id').where('actor_user_id', '=', userId).where('action', '=', 'login.failed').execute()).length

const attemptsCounted = async (keyPrefix: string) =>
  (await db.selectFrom('rate_limits').select('attempts').where('key', 'like', `${keyPrefix}%`).execute()).reduce((n, r) => n + r.attempts, 0)

describe('the login limit under concurrency', () => {
  it.each([6, 12, 30, 60])('%i simultaneous wrong passwords for one account from one address: at most the limit are checked', async (n) => {
    const company = await createTestCompany(db, { status: 'approved' })
    const address = newAddress()
    const answers = await Promise.all(Array.from({ length: n }, (_, i) =>
      new TestBrowser(app).post('/login', { email: company.owner.email, password: `wrong guess ${i}` }, from(address))))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
    expect(statuses.filter((s) => s === 429)).toHaveLength(n - MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
    expect(await passwordChecks(company.owner.userId)).toBe(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
    expect(await attemptsCounted(`login:pair:${company.owner.email}|`)).toBe(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
  })

  it.each([110, 150])('%i simultaneous guesses over as many accounts from one address: at most the address limit are evaluated', async (n) => {
    const address = newAddress()
    const emails = Array.from({ length: n }, () => `${unique('nobody')}@spray.example`)
    const answers = await Promise.all(emails.map((email) =>
      new TestBrowser(app).post('/login', { email, password: 'Password123!' }, from(address))))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_ADDRESS)
    expect(statuses.filter((s) => s === 429)).toHaveLength(n - MAX_FAILURES_PER_ADDRESS)
    expect(await attemptsCounted(`login:ip:${address}`)).toBe(MAX_FAILURES_PER_ADDRESS)
  })

  it('40 simultaneous guesses from 40 addresses at one account: at most the account ceiling, never more', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    // Fill the account to 10 below its ceiling first, five per address.
    for (let a = 0; a < (MAX_FAILURES_PER_ACCOUNT - 10) / 5; a++) {
      const address = newAddress()
      for (let i = 0; i < 5; i++) await new TestBrowser(app).post('/login', { email: company.owner.email, password: `slow guess ${i}` }, from(address))
    }
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      new TestBrowser(app).post('/login', { email: company.owner.email, password: `wrong ${i}` }, from(newAddress()))))
    expect(answers.filter((r) => r.status === 401)).toHaveLength(10)
    expect(await passwordChecks(company.owner.userId)).toBe(MAX_FAILURES_PER_ACCOUNT)
  })
})

describe('a flood of wrong passwords does not lock the owner out', () => {
  it.each([1, 3, 9])('%i attacking addresses, 15 guesses each: the owner logs in from their own address', async (attackers) => {
    const company = await createTestCompany(db, { status: 'approved' })
    for (let a = 0; a < attackers; a++) {
      const address = newAddress()
      const answers = []
      for (let i = 0; i < 15; i++) answers.push((await new TestBrowser(app).post('/login', { email: company.owner.email, password: `flood ${i}` }, from(address))).status)
      expect(answers.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
      const refused = await new TestBrowser(app).post('/login', { email: company.owner.email, password: 'flood again' }, from(address))
      expect(await refused.text()).toContain('or reset your password to log in straight away')
    }
    const owner = await new TestBrowser(app).post('/login', { email: company.owner.email, password: company.owner.password }, from(newAddress()))
    expect(owner.status).toBe(303)
  })

  it('guesses from many addresses reach the account ceiling; the message says what to do, and a reset lets the owner in at once', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    for (let a = 0; a < MAX_FAILURES_PER_ACCOUNT / MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; a++) {
      const address = newAddress()
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
        expect((await new TestBrowser(app).post('/login', { email: company.owner.email, password: `spread ${i}` }, from(address))).status).toBe(401)
      }
    }
    const ownerAddress = newAddress()
    const locked = await new TestBrowser(app).post('/login', { email: company.owner.email, password: company.owner.password }, from(ownerAddress))
    expect(locked.status).toBe(429)
    expect(await locked.text()).toMatch(/Too many failed login attempts for this account\. Try again in 15 minutes, or reset your password/)

    const owner = new TestBrowser(app)
    expect((await owner.post('/password-reset', { email: company.owner.email }, from(ownerAddress))).status).toBe(303)
    const link = linkIn((await lastEmailTo(db, company.owner.email))!.text_body)
    expect((await owner.post(link, { password: 'a brand new password', password_confirm: 'a brand new password' }, from(ownerAddress))).status).toBe(303)
    const after = await owner.post('/login', { email: company.owner.email, password: 'a brand new password' }, from(ownerAddress))
    expect(after.status).toBe(303)
  })

  it(`${MAX_FAILURES_PER_ADDRESS} people of one office log in at the same moment from one address`, async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const people = await Promise.all(Array.from({ length: MAX_FAILURES_PER_ADDRESS - 1 }, () => addTestMember(db, company.companyId)))
    const office = newAddress()
    const answers = await Promise.all([company.owner, ...people].map((p) =>
      new TestBrowser(app).post('/login', { email: p.email, password: p.password }, from(office))))
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303))
  })

  it('a right password gives its attempt back: an office behind one address logs in all day', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const office = newAddress()
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS * 2; i++) {
      expect((await new TestBrowser(app).post('/login', { email: company.owner.email, password: company.owner.password }, from(office))).status).toBe(303)
    }
    expect(await attemptsCounted(`login:ip:${office}`)).toBe(0)
  })

  it('the window ends 15 minutes after the first counted attempt', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const address = newAddress()
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) await new TestBrowser(app).post('/login', { email: company.owner.email, password: `x ${i}` }, from(address))
    clock.advance(14 * 60 * 1000)
    const still = await new TestBrowser(app).post('/login', { email: company.owner.email, password: company.owner.password }, from(address))
    expect(still.status).toBe(429)
    expect(await still.text()).toContain('Try again in 1 minute,')
    clock.advance(60 * 1000)
    expect((await new TestBrowser(app).post('/login', { email: company.owner.email, password: company.owner.password }, from(address))).status).toBe(303)
  })
})
