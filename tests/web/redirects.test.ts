// Every place a request names where to go next, fed a generated table of inputs that leave the
// site once normalised. Each must fall back to the sink's own default, never to another origin.
import { describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { safeReturnPath } from '../../src/web/redirect.js'

const { app, db, clock } = await createTestApp()

// How a slash, a dot and a backslash can be written so that some layer reads them as such.
const encodings: Record<string, { s: string; d: string; b: string }> = {
  raw: { s: '/', d: '.', b: '\\' },
  percent: { s: '%2f', d: '%2e', b: '%5c' },
  upper: { s: '%2F', d: '%2E', b: '%5C' },
  double: { s: '%252f', d: '%252e', b: '%255c' },
}
const hosts = ['evil.example', 'evil.example:8080', '203.0.113.9', 'localhost:3000@evil.example']
// Shapes of a path that leaves the origin; "/" at the start is the literal slash a browser sees.
const shapes: Array<(e: { s: string; d: string; b: string }, host: string) => string> = [
  (e, h) => `/${e.s}${h}`, // "//host"
  (e, h) => `/${e.b}${h}`, // "/\host"
  (e, h) => `${e.b}${e.b}${h}`,
  (e, h) => `/${e.d}/${e.s}${h}`, // "/.//host" resolves to "//host"
  (e, h) => `/a/${e.d}${e.d}/${e.s}${h}`, // "/a/..//host"
  (e, h) => `/${e.d}${e.d}/${e.d}${e.d}/${e.s}${h}/x`,
  (e, h) => `/a%3f/${e.d}${e.d}/${e.d}${e.d}/${e.s}${h}`, // dot-segments hidden behind an encoded "?"
  (e, h) => `/a%23/${e.d}/${e.s}${h}`, // ...or an encoded "#"
  (e, h) => `https:${e.s}${e.s}${h}`,
  (e, h) => `${e.s}${e.s}${h}`,
  (e, h) => `/\t/${h}`,
  (e, h) => `/\n${e.s}${h}`,
  (e, h) => ` //${h}`,
  (e, h) => `/%09${e.s}${h}`,
  (e, h) => `/%0d%0aLocation:%20https:${e.s}${e.s}${h}`,
]
const schemes = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'http:evil.example',
  'https://evil.example/phish', 'vbscript:msgbox', '\u2028//evil.example', '\u00a0//evil.example', '/\u3000/evil.example']

const inputs = [...new Set([
  ...Object.values(encodings).flatMap((e) => hosts.flatMap((h) => shapes.map((shape) => shape(e, h)))),
  ...schemes,
])]

/** A destination a browser would follow without leaving our origin, and equal to the fallback. */
function expectFallback(location: string | null, fallback: string, input: string) {
  expect(location, `input ${JSON.stringify(input)}`).toBe(fallback)
  expect(new URL(location!, TEST_BASE_URL).origin).toBe(TEST_BASE_URL)
}

/**
 * A form answer to a bad return path: either it goes to the fallback, or the field itself is
 * refused (control characters are, by the shared field rules) with a 422 and no redirect at all.
 */
function expectFallbackOrRefusal(res: Response, header: 'location' | 'hx-redirect', okStatus: number, fallback: string, input: string) {
  if (res.status === 422) {
    expect(res.headers.get(header)).toBeNull()
    return 'refused'
  }
  expect(res.status, JSON.stringify(input)).toBe(okStatus)
  expectFallback(res.headers.get(header), fallback, input)
  return 'redirected'
}

describe('safeReturnPath', () => {
  it(`refuses all ${inputs.length} generated off-site inputs`, () => {
    expect(inputs.length).toBeGreaterThanOrEqual(150)
    for (const input of inputs) expect(safeReturnPath(input), JSON.stringify(input)).toBe('/')
  })

  it.each([
    ['/account', '/account'],
    ['/listings?q=red+bricks&sort=ending', '/listings?q=red+bricks&sort=ending'],
    ['/listings?q=Malm%C3%B6', '/listings?q=Malm%C3%B6'],
    ['/listings/abc#live-auction', '/listings/abc#live-auction'],
    ['/login?next=%2Faccount', '/login?next=%2Faccount'],
  ])('keeps the same-site path %s', (input, out) => {
    expect(safeReturnPath(input)).toBe(out)
  })
})

describe('every redirect sink', async () => {
  const seller = await createTestCompany(db, { status: 'approved' })
  const buyer = await createTestCompany(db, { status: 'approved' })
  const listingId = await createTestListing(db, seller.companyId, { now: clock() })
  const loggedIn = await logInAs(app, buyer.owner)
  const visitor = new TestBrowser(app)

  it(`login page: ${inputs.length} inputs in ?next= are not echoed into the form and not followed`, async () => {
    for (const input of inputs) {
      const page = await visitor.get(`/login?next=${encodeURIComponent(input)}`)
      expect(page.status).toBe(200)
      expect(await page.text(), JSON.stringify(input)).toContain('name="next" value=""')
      const again = await loggedIn.get(`/login?next=${encodeURIComponent(input)}`)
      expectFallback(again.headers.get('location'), '/', input)
    }
  })

  it(`login form: ${inputs.length} inputs in next go to / as a 303 and as HX-Redirect`, async () => {
    let redirected = 0
    for (const input of inputs) {
      const plain = await new TestBrowser(app).post('/login', { email: buyer.owner.email, password: buyer.owner.password, next: input })
      if (expectFallbackOrRefusal(plain, 'location', 303, '/', input) === 'redirected') redirected++
      const htmx = await new TestBrowser(app).post('/login', { email: buyer.owner.email, password: buyer.owner.password, next: input }, { htmx: true })
      expectFallbackOrRefusal(htmx, 'hx-redirect', 200, '/', input)
    }
    // Most of the table is ordinary text that only the redirect check can stop.
    expect(redirected).toBeGreaterThan(inputs.length * 0.8)
  }, 180_000) // two real logins (argon2) per input

  it(`watch button: ${inputs.length} inputs in back return to the listing, and the re-rendered button carries no unsafe back`, { timeout: 120_000 }, async () => {
    for (const input of inputs) {
      const plain = await loggedIn.post(`/listings/${listingId}/watch`, { back: input })
      expectFallbackOrRefusal(plain, 'location', 303, `/listings/${listingId}`, input)
      const htmx = await loggedIn.post(`/listings/${listingId}/unwatch`, { back: input }, { htmx: true })
      if (htmx.status !== 422) {
        expect(htmx.status).toBe(200)
        expect(await htmx.text(), JSON.stringify(input)).toContain(`name="back" value="/listings/${listingId}"`)
      }
    }
  })
})
