// The first thing a new business does on NordicLoop, in a real browser against the real
// server: register, confirm the email from the dev mailbox, log in while pending, get
// approved by a platform admin, and trade. Run once with JavaScript (htmx) and once without,
// since every form must work as a plain HTML form too.
import { beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { chromiumAvailable, gone, visible } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createAdminWithCli } from './support/server.js'
import { validVatNumber } from '../support/vat-numbers.js'

const ADMIN = { email: 'admin@nordicloop.test', password: 'admin-password-e2e', name: 'Ada Admin' }
const PENDING_BANNER = /awaiting approval/i

type Company = { legalName: string; orgNumber: string; vatNumber: string; email: string; password: string; contact: string }

const company = (suffix: string): Company => ({
  legalName: `Kartong Återvinning ${suffix} AB`,
  orgNumber: `SE5566${Math.floor(Math.random() * 1e6).toString().padStart(6, '0')}01`,
  vatNumber: validVatNumber('SE')!,
  email: `anna.${suffix}@kartong.test`,
  password: 'correct horse battery',
  contact: 'Anna Lindqvist',
})

async function fillRegistration(page: Page, c: Company, confirm = c.password) {
  await page.getByLabel('Legal name').fill(c.legalName)
  await page.getByLabel('Organisation number').fill(c.orgNumber)
  await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Sweden' })
  await page.getByLabel('VAT number').fill(c.vatNumber)
  await page.getByLabel('Street address', { exact: true }).fill('Hamngatan 4')
  await page.getByLabel('Postcode', { exact: true }).fill('111 47')
  await page.getByLabel('City', { exact: true }).fill('Stockholm')
  await page.getByLabel('Contact person (your name)').fill(c.contact)
  await page.getByLabel('Work email').fill(c.email)
  await page.getByLabel('Password', { exact: true }).fill(c.password)
  await page.getByLabel('Repeat password').fill(confirm)
}

async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  // With htmx the click returns before the login answers; the header's Log out button
  // shows that the session exists.
  await visible(page.getByRole('button', { name: 'Log out' }))
}

/** Registers the company, then confirms the email address through the dev mailbox. */
async function registerAndConfirm(page: Page, c: Company) {
  await visible(page.getByRole('heading', { name: 'Register your company' }))
  await fillRegistration(page, c)
  await page.getByRole('button', { name: 'Register company' }).click()
  await visible(page.getByRole('heading', { name: 'Check your email' }))
  await visible(page.getByText(c.email))

  await openEmailLink(page, c.email, /Confirm your email address/, /\/verify-email\?token=/)
  await visible(page.getByRole('heading', { name: 'Log in' }))
  await visible(page.getByText('Your email address is confirmed'))
}

const hasBrowser = chromiumAvailable()

describe.skipIf(!hasBrowser)('company onboarding in a browser', () => {
  const world = browserWorld()

  beforeAll(async () => {
    await createAdminWithCli(world.server, ADMIN)
  })

  const newPage = (javaScriptEnabled: boolean) => world.openPage({ javaScriptEnabled })

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'

    test(`a business registers, confirms its email, waits for approval and is approved (${mode})`, async () => {
      const c = company(javaScriptEnabled ? 'js' : 'nojs')
      const { page, watch } = await newPage(javaScriptEnabled)

      // A visitor finds the registration from the home page.
      await page.goto('/')
      await page.getByRole('banner').getByRole('link', { name: 'Register your company' }).click()
      await registerAndConfirm(page, c)
      await logIn(page, c.email, c.password)
      await visible(page.getByRole('status').filter({ hasText: PENDING_BANNER }))

      // A platform admin, in a browser of their own, approves the company.
      const admin = await newPage(javaScriptEnabled)
      await admin.page.goto('/login')
      await logIn(admin.page, ADMIN.email, ADMIN.password)
      await admin.page.goto('/admin/companies/pending')
      const queued = admin.page.getByRole('article').filter({ has: admin.page.getByRole('heading', { name: c.legalName }) })
      await visible(queued)
      await visible(queued.getByText(c.orgNumber))
      await queued.getByRole('button', { name: 'Approve', exact: true }).click()
      // With htmx the decided item is replaced in place; without, the queue reloads with a notice.
      await visible(javaScriptEnabled
        ? admin.page.getByRole('status').filter({ hasText: `${c.legalName} is approved` })
        : admin.page.getByText('The company is approved.'))
      await admin.page.goto('/admin/companies/pending')
      await gone(admin.page.getByRole('heading', { name: c.legalName }))

      // Back in the business's browser: the banner is gone after a reload.
      await page.reload()
      await visible(page.getByRole('link', { name: c.legalName }))
      await gone(page.getByText(PENDING_BANNER))
      // And the owner was told by email.
      await page.goto('/dev/mail')
      await visible(page.getByRole('row').filter({ hasText: c.email }).filter({ hasText: `${c.legalName} is approved on NordicLoop` }))

      expect(watch.cspViolations()).toEqual([])
      expect(admin.watch.cspViolations()).toEqual([])
      expect(watch.unexpected()).toEqual([])
      expect(admin.watch.unexpected()).toEqual([])
    })
  }

  test('a mistake in the registration form is shown in place, without a page load, keeping what was typed', async () => {
    const c = company('typo')
    const { page, watch } = await newPage(true)
    await page.goto('/register')
    // Survives an htmx swap, not a page load.
    await page.evaluate(() => { (window as unknown as { noReload: boolean }).noReload = true })
    await fillRegistration(page, c, 'correct horse batteyr')

    const answer = page.waitForResponse((res) => res.url().endsWith('/register') && res.request().method() === 'POST')
    await page.getByRole('button', { name: 'Register company' }).click()
    expect((await answer).status()).toBe(422)

    await visible(page.getByText('The two passwords do not match.'))
    expect(await page.getByLabel('Repeat password').getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true)
    // Everything but the passwords is still filled in.
    expect(await page.getByLabel('Legal name').inputValue()).toBe(c.legalName)
    expect(await page.getByLabel('Organisation number').inputValue()).toBe(c.orgNumber)
    expect(await page.getByLabel('Country', { exact: true }).inputValue()).toBe('SE')
    expect(await page.getByLabel('VAT number').inputValue()).toBe(c.vatNumber)
    expect(await page.getByLabel('Postcode', { exact: true }).inputValue()).toBe('111 47')
    expect(await page.getByLabel('Work email').inputValue()).toBe(c.email)
    expect(await page.getByLabel('Repeat password').inputValue()).toBe('')

    expect(watch.cspViolations()).toEqual([])
    expect(watch.unexpected()).toEqual([])
  })
  test('an admin rejects a registration with a reason, which the business then sees', async () => {
    const c = company('rejected')
    const { page, watch } = await newPage(true)
    await page.goto('/register')
    await registerAndConfirm(page, c)

    const admin = await newPage(true)
    await admin.page.goto('/login')
    await logIn(admin.page, ADMIN.email, ADMIN.password)
    await admin.page.goto('/admin/companies/pending')
    const queued = admin.page.getByRole('article').filter({ has: admin.page.getByRole('heading', { name: c.legalName }) })
    await queued.getByText('Reject…').click()
    // No reason: refused in place, the company stays pending.
    await queued.getByRole('button', { name: 'Reject', exact: true }).click()
    await visible(queued.getByText(/reason/i).and(queued.locator('.error')))
    await queued.getByLabel('Reason, sent to the company').fill('The organisation number does not match the company register.')
    await queued.getByRole('button', { name: 'Reject', exact: true }).click()
    await visible(admin.page.getByRole('status').filter({ hasText: `${c.legalName} is rejected` }))

    await logIn(page, c.email, c.password)
    await visible(page.getByRole('status').filter({ hasText: 'The organisation number does not match the company register.' }))
    await gone(page.getByText(PENDING_BANNER))

    expect(watch.cspViolations()).toEqual([])
    expect(admin.watch.cspViolations()).toEqual([])
    expect(admin.watch.unexpected()).toEqual([])
  })
})

/** Opens the newest email to `to` with this subject in the dev mailbox, and follows the link in its text. */
async function openEmailLink(page: Page, to: string, subject: RegExp, link: RegExp) {
  await page.goto('/dev/mail')
  const row = page.getByRole('row').filter({ hasText: to }).filter({ hasText: subject }).first()
  await row.getByRole('link', { name: subject }).click()
  await visible(page.getByRole('heading', { name: subject }))
  await page.getByRole('link', { name: link }).first().click()
}
