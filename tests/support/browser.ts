// A tiny cookie-keeping client over app.request(), acting like a browser submitting forms:
// it sends the Origin header and echoes the CSRF cookie in the form, as a real page does.
import type { Hono } from 'hono'
import { TEST_BASE_URL } from './test-app.js'

type AnyApp = Pick<Hono<any>, 'request'> // eslint-disable-line @typescript-eslint/no-explicit-any -- any app env

export class TestBrowser {
  cookies = new Map<string, string>()
  constructor(readonly app: AnyApp) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  get csrf() {
    return this.cookies.get('csrf') ?? ''
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const res = await this.app.request(TEST_BASE_URL + path, { headers: { cookie: this.cookieHeader(), ...headers } })
    this.remember(res)
    return res
  }

  /** Submits a form. A GET of `/` first, when needed, gives the browser its CSRF cookie. */
  async post(path: string, fields: Record<string, string>, opts: { origin?: string | null; csrf?: string | null; htmx?: boolean; headers?: Record<string, string> } = {}) {
    if (!this.cookies.has('csrf')) await this.get('/login')
    const body = new URLSearchParams(fields)
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf
    if (csrf !== null) body.set('_csrf', csrf)
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...opts.headers }
    const origin = opts.origin === undefined ? TEST_BASE_URL : opts.origin
    if (origin !== null) headers.origin = origin
    if (opts.htmx) headers['hx-request'] = 'true'
    const res = await this.app.request(TEST_BASE_URL + path, { method: 'POST', body, headers })
    this.remember(res)
    return res
  }
}
