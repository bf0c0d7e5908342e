// Routing the way Hono means it, checked over every route the app registers (read from the app,
// so a new route is covered without editing this file): the admin guard is registered once and
// covers the whole area; a visitor posting any member form gets the login prompt before any field
// is validated; a malformed id in any id parameter matches no route and is an ordinary 404.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { TestBrowser } from '../support/browser.js'
import { requireAdmin, requireCompanyMember, requireUser } from '../../src/web/guards.js'

const { app, db } = await createTestApp()

/** Forms anyone may post without an account: they validate their fields for visitors too. */
const PUBLIC_FORMS = [/^\/login$/, /^\/logout$/, /^\/register$/, /^\/password-reset/, /^\/invitations\//, /^\/verify-email/, /^\/account\/email\/confirm/]

const pages = app.routes.filter((r) => r.method === 'GET' || r.method === 'POST')
const uuid = '0b6c2f7e-3d1a-4c5b-9e8f-7a6b5c4d3e2f'
/** A concrete URL for a route pattern, with each parameter filled by `fill`. */
const concrete = (path: string, fill: (name: string, pattern: string | null) => string) =>
  path.replace(/:(\w+)(\{((?:[^{}]|\{[^}]*\})*)\})?/g, (_m, name: string, _b, pattern: string | undefined) => fill(name, pattern ?? null))
const wellFormed = (name: string, pattern: string | null) => (pattern?.includes('[0-9]{1,9}') ? '999999' : pattern?.startsWith('[a-z0-9-]') ? 'no-such-slug' : name === 'file' ? 'w400.webp' : uuid)

describe('routing', () => {
  it('applies the admin, account and company-page guards once each, to the whole area they guard', () => {
    const guards = app.routes.filter((r) => r.handler === requireAdmin)
    expect(guards.map((g) => g.path)).toEqual(['/admin/*'])
    expect(app.routes.filter((r) => r.handler === requireUser).map((g) => g.path)).toEqual(['/account/*', '/deals/*', '/notifications/*'])
    expect(app.routes.filter((r) => r.handler === requireCompanyMember && r.method === 'ALL').map((g) => g.path)).toEqual(['/my/*'])
    const adminPages = pages.filter((r) => r.path === '/admin' || r.path.startsWith('/admin/'))
    expect(adminPages.length).toBeGreaterThan(10)
  })

  it('sends a visitor posting any member form to log in, before looking at a single field', async () => {
    const visitor = new TestBrowser(app)
    const posts = pages.filter((r) => r.method === 'POST' && !PUBLIC_FORMS.some((p) => p.test(r.path)))
    expect(posts.length).toBeGreaterThan(20)
    const wrong: string[] = []
    for (const route of posts) {
      const url = concrete(route.path, wellFormed)
      // An empty form: every validator on these routes would refuse it with field messages.
      const res = await visitor.post(url, {})
      const where = res.headers.get('location') ?? res.headers.get('hx-redirect') ?? ''
      if (!(res.status === 401 || (res.status === 303 && where.startsWith('/login')))) wrong.push(`${route.path} answered ${res.status} ${where}`)
    }
    expect(wrong).toEqual([])
  })

  it('answers 404 to a malformed id in every id parameter, for a member and an admin', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const member = await logInAs(app, company.owner)
    const admin = await logInAs(app, await createTestAdmin(db))
    // Routes whose id is a uuid: a well-formed unknown number (a category's) is not a malformed id,
    // and a GET of a form's address with one is sent to the form's page (web/post-only-paths.ts).
    const withIds = pages.filter((r) => /:(id|photoId)\{\[0-9a-fA-F\]\{8\}/.test(r.path))
    expect(withIds.length).toBeGreaterThan(15)
    const malformed = ['not-a-uuid', '1', `${uuid}x`, uuid.replace(/-/g, ''), "1'%20or%20'1'='1", '%00', '..%2F..%2Fetc']
    for (const route of withIds) {
      for (const bad of malformed) {
        const url = concrete(route.path, (name, pattern) => (name === 'id' || name === 'photoId') && pattern?.includes('[0-9a-fA-F]{8}') ? bad : wellFormed(name, pattern))
        const browser = route.path.startsWith('/admin') ? admin : member
        const res = route.method === 'GET' ? await browser.get(url) : await browser.post(url, {})
        expect(res.status, `${route.method} ${url}`).toBe(404)
      }
    }
  })
})
