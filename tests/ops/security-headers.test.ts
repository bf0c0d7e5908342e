// Headers every page carries, and how static assets and pages travel over the wire.
import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { logInAs, tradingCompanies } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { generateToken } from '../../src/lib/tokens.js'

const { app, db, clock } = await createTestApp()
const pages = ['/', '/login', '/register']

async function assetPaths() {
  const html = await (await app.request('/')).text()
  const paths = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
  expect(paths.length).toBeGreaterThanOrEqual(2) // the stylesheet and htmx
  return [...new Set(paths)]
}

describe('security headers on pages', () => {
  it.each(pages)('%s has a strict Content-Security-Policy and nosniff', async (path) => {
    const res = await app.request(path)
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/style-src 'self'(;|$)/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
  })

  it.each(pages)('%s needs nothing the policy forbids: no inline script, style or handler', async (path) => {
    const html = await (await app.request(path)).text()
    // Every <script> loads a file; an inline one would be blocked by the browser.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\/assets\//)
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/)
    expect(html).not.toMatch(/<style\b/)
    expect(html).not.toMatch(/\sstyle="/)
    expect(html).not.toMatch(/\son[a-z]+="/)
  })
})

describe('static assets', () => {
  it('are fingerprinted and cached for a year, immutable', async () => {
    for (const path of await assetPaths()) {
      expect(path).toMatch(/^\/assets\/[a-z0-9]+-[0-9a-f]{12}\.(css|js|svg|png)$/i)
      const res = await app.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      // A PNG is compressed already and sent as it is; text varies with the encoding asked for.
      if (!path.endsWith('.png')) expect(res.headers.get('vary')).toMatch(/accept-encoding/i)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('come brotli- or gzip-compressed as the client accepts, else plain (text; PNGs are compressed already)', async () => {
    const paths = await assetPaths()
    expect(paths.some((p) => p.endsWith('.png'))).toBe(true)
    for (const path of paths) {
      if (path.endsWith('.png')) {
        const png = await app.request(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
        expect([png.headers.get('content-type'), png.headers.get('content-encoding')]).toEqual(['image/png', null])
        continue
      }
      const plain = await app.request(path)
      expect(plain.headers.get('content-encoding')).toBeNull()
      const original = Buffer.from(await plain.arrayBuffer())

      const br = await app.request(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
      expect(br.headers.get('content-encoding')).toBe('br')
      const brBody = Buffer.from(await br.arrayBuffer())
      expect(brBody.length).toBeLessThan(original.length)
      expect(brotliDecompressSync(brBody).equals(original)).toBe(true)

      const gz = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } })
      expect(gz.headers.get('content-encoding')).toBe('gzip')
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(original)).toBe(true)
    }
  })

  it('an unknown asset is a 404, not a stale file', async () => {
    const res = await app.request('/assets/css-000000000000.css')
    expect(res.status).toBe(404)
  })
})

describe('page compression', () => {
  it('an HTML page over 1 KB comes gzip-compressed when the client accepts gzip', async () => {
    const plain = await app.request('/register')
    expect(plain.headers.get('content-encoding')).toBeNull()
    const html = await plain.text()
    expect(Buffer.byteLength(html)).toBeGreaterThan(1024)

    const gz = await app.request('/register', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(gz.status).toBe(200)
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gz.headers.get('vary')).toMatch(/accept-encoding/i)
    const body = Buffer.from(await gz.arrayBuffer())
    expect(body.length).toBeLessThan(Buffer.byteLength(html))
    // Same page (the CSRF token differs between the two requests).
    const unzipped = gunzipSync(body).toString()
    expect(unzipped.replace(/value="[\w-]{20,}"/g, '')).toBe(html.replace(/value="[\w-]{20,}"/g, ''))
  })
})

describe('fragment compression', () => {
  it('an htmx answer under 2 KB (a bid\'s) goes out as it is, with its length, though gzip is accepted', async () => {
    const [seller, buyer] = await tradingCompanies(db)
    const listing = await createTestListing(db, seller.companyId, { now: clock() })
    const browser = await logInAs(app, buyer.owner)
    for (const [amount, status] of [['900', 422], ['1000', 200]] as const) { // refused, then taken
      const res = await browser.post(`/listings/${listing}/bids`, { amount, idempotency_key: generateToken() }, { htmx: true, headers: { 'accept-encoding': 'gzip, br' } })
      expect(res.status).toBe(status)
      expect(res.headers.get('content-encoding')).toBeNull()
      const body = Buffer.from(await res.arrayBuffer())
      expect(body.length).toBeLessThan(2048)
      expect(Number(res.headers.get('content-length'))).toBe(body.length)
      expect(body.toString()).toContain('<form')
    }
  })
})

describe('request size', () => {
  it('refuses a form body over 1 MB with 413 before reading it', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10)
    const res = await app.request('http://localhost:3000/login', {
      method: 'POST',
      body: `email=a%40b.se&password=${big}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    })
    expect(res.status).toBe(413)
  })
})

// Through the Node adapter the server runs on, where a declared length is judged from its header
// and a body sent without one is counted as it streams in.
describe('request size over a real socket', () => {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  afterAll(() => new Promise<void>((done) => server.close(() => done())))

  function post(path: string, chunks: string[], headers: Record<string, string>) {
    const { port } = server.address() as AddressInfo
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { origin: `http://127.0.0.1:${port}`, ...headers } }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk }).on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      // The server may answer and close before the whole body is written: its answer counts.
      req.on('error', (error) => reject(error))
      for (const chunk of chunks) req.write(chunk)
      req.end()
    })
  }

  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const over = `email=a%40b.se&password=${'x'.repeat(1024 * 1024 + 10)}`

  it('refuses a declared length over 1 MB with 413', async () => {
    const res = await post('/login', [over], { ...form, 'content-length': String(Buffer.byteLength(over)) })
    expect(res.status).toBe(413)
  })

  it('refuses a chunked body that grows past 1 MB with 413', async () => {
    const chunks = over.match(/[^]{1,65536}/g)!
    const res = await post('/login', chunks, { ...form, 'transfer-encoding': 'chunked' })
    expect(res.status).toBe(413)
  })

  it.each([
    ['with its length declared', true],
    ['sent in chunks', false],
  ])('reads a small form %s, field by field (a wrong password, not a damaged form)', async (_, declared) => {
    const body = 'email=nobody%40example.se&password=%C3%A5%C3%A4%C3%B6+x%26y&_csrf=t'
    const headers: Record<string, string> = { ...form, cookie: 'csrf=t', ...(declared ? { 'content-length': String(Buffer.byteLength(body)) } : { 'transfer-encoding': 'chunked' }) }
    const res = await post('/login', declared ? [body] : [body.slice(0, 20), body.slice(20)], headers)
    expect(res.status).toBe(401)
    expect(res.body).toContain('nobody@example.se')
  })
})
