// Chromium for the browser tests: always Debian's package, never a downloaded build.
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * Whether the browser tests can run. Without Chromium they are skipped on a developer's
 * machine, but in CI (CI=true) a missing browser is an error: a green run that tested no
 * browser would be a lie.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true
  const message = `Browser tests need Chromium at ${CHROMIUM_PATH} (Debian: apt-get install -y chromium).`
  if (process.env.CI === 'true') throw new Error(`${message} CI=true, so this fails the run.`)
  console.warn(`${message} Skipping the browser tests.`)
  return false
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  })
}

/**
 * Collects what a page reports as errors: console errors (Chromium logs every Content
 * Security Policy violation there) and uncaught exceptions.
 */
export function watchErrors(page: Page) {
  const errors: string[] = []
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`))
  return {
    errors,
    /** CSP violations among them. */
    cspViolations: () => errors.filter((e) => /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(e)),
    /**
     * Everything except the network line Chromium prints for an expected 4xx answer (a form
     * the server refused with 422 is a success for the test that sent it).
     */
    unexpected: () => errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e)),
  }
}

/**
 * Waits until the locator shows a visible element. (Vitest's expect has no web-first
 * assertions; this is the one the flows need most, failing with the locator in the message.)
 */
export async function visible(locator: Locator, timeout = 10_000) {
  await locator.first().waitFor({ state: 'visible', timeout })
}

/** Waits until nothing matches the locator any more. */
export async function gone(locator: Locator, timeout = 10_000) {
  const deadline = Date.now() + timeout
  while ((await locator.count()) > 0) {
    if (Date.now() > deadline) throw new Error(`Still on the page after ${timeout} ms: ${locator}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * A fresh browser context and page on the test server, remembered in `contexts` so the file
 * closes them all at the end. Steps fail in 15 s rather than Playwright's 30: every page here
 * answers in well under one.
 */
export async function openPage(
  browser: Browser, contexts: BrowserContext[], baseURL: string,
  opts: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
) {
  const context = await browser.newContext({
    baseURL, javaScriptEnabled: opts.javaScriptEnabled ?? true, ...(opts.viewport ? { viewport: opts.viewport, hasTouch: true } : {}),
  })
  contexts.push(context)
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  return { context, page, watch: watchErrors(page) }
}

/**
 * Logs in through the login form. With htmx the click returns before the login answers, so
 * the page it leads to, with the header's Log out form that only a session has, is what says
 * it worked. (On a phone that form sits in the closed menu: present, not visible.)
 */
export async function logIn(page: Page, user: { email: string; password: string }) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  // The login sends the browser on (a redirect): wait until that page has loaded, so the
  // caller's next navigation does not race it.
  await page.waitForURL((url) => url.pathname !== '/login', { waitUntil: 'load' })
  await page.locator('form[action="/logout"]').first().waitFor({ state: 'attached' })
}
