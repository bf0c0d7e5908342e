import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'

const { app, db } = await createTestApp()

let pending: TestCompany
let approved: TestCompany
let suspended: TestCompany
let business: TestBrowser
let admin: TestBrowser

beforeAll(async () => {
  pending = await createTestCompany(db, { status: 'pending' })
  approved = await createTestCompany(db, { status: 'approved' })
  suspended = await createTestCompany(db, { status: 'suspended', statusReason: 'Unpaid invoices' })
  business = await logInAs(app, approved.owner)
  admin = await logInAs(app, await createTestAdmin(db))
})

const getUrls = () => [
  '/admin', '/admin/companies/pending', '/admin/companies', `/admin/companies/${pending.companyId}`, '/admin/audit', '/admin/anything',
]
const postUrls = () => [
  [`/admin/companies/${pending.companyId}/approve`, {}],
  [`/admin/companies/${pending.companyId}/reject`, { reason: 'Not a real company' }],
  [`/admin/companies/${approved.companyId}/suspend`, { reason: 'Fraud' }],
  [`/admin/companies/${suspended.companyId}/reactivate`, {}],
] as const

async function statuses() {
  return db.selectFrom('companies').select(['id', 'status']).orderBy('id').execute()
}

describe('who may enter the admin area', () => {
  it('sends a visitor to log in and back to the admin page afterwards', async () => {
    const res = await new TestBrowser(app).get('/admin/companies?q=acme')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/admin/companies?q=acme')}`)
  })

  it('refuses a business user on every admin page with 403', async () => {
    for (const url of getUrls()) {
      const res = await business.get(url)
      expect(res.status, url).toBe(403)
      expect(await res.text(), url).toContain('administrators')
    }
  })

  it('refuses a business user every admin action with 403 and changes nothing', async () => {
    const before = await statuses()
    for (const [url, fields] of postUrls()) {
      const res = await business.post(url, fields)
      expect(res.status, url).toBe(403)
    }
    expect(await statuses()).toEqual(before)
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(0)
  })

  it('refuses a visitor every admin action and changes nothing', async () => {
    const before = await statuses()
    for (const [url, fields] of postUrls()) {
      const res = await new TestBrowser(app).post(url, fields)
      expect(res.status, url).toBe(401)
    }
    expect(await statuses()).toEqual(before)
  })

  it('shows the admin a dashboard with counts by status', async () => {
    const res = await admin.get('/admin')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/<strong>1<\/strong> company awaiting approval/)
    expect(html).toMatch(/<strong>1<\/strong> approved/)
    expect(html).toMatch(/<strong>1<\/strong> suspended/)
    expect(html).toContain('href="/admin/companies/pending"')
  })
})

describe('bad requests from an admin', () => {
  it('refuses a POST without the CSRF token with 403 and changes nothing', async () => {
    const res = await admin.post(`/admin/companies/${pending.companyId}/approve`, {}, { csrf: null })
    expect(res.status).toBe(403)
    const row = await db.selectFrom('companies').select('status').where('id', '=', pending.companyId).executeTakeFirstOrThrow()
    expect(row.status).toBe('pending')
  })

  it('refuses a POST from another site with 403', async () => {
    const res = await admin.post(`/admin/companies/${pending.companyId}/approve`, {}, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
  })

  it('answers a company id that is not a uuid with 404, for pages and actions', async () => {
    for (const url of ['/admin/companies/not-a-uuid', "/admin/companies/1'%20or%201=1"]) {
      expect((await admin.get(url)).status, url).toBe(404)
    }
    expect((await admin.post('/admin/companies/not-a-uuid/approve', {})).status).toBe(404)
    expect((await admin.post('/admin/companies/not-a-uuid/reject', { reason: 'x' })).status).toBe(404)
    expect((await admin.post('/admin/companies/not-a-uuid/reject', {})).status).toBe(404)
    expect((await admin.post('/admin/companies/12345/suspend', { reason: 'x' })).status).toBe(404)
    expect((await admin.post('/admin/companies/12345/reactivate', {})).status).toBe(404)
  })

  it('answers an unknown company with 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect((await admin.get(`/admin/companies/${unknown}`)).status).toBe(404)
    expect((await admin.post(`/admin/companies/${unknown}/approve`, {})).status).toBe(404)
  })

  it('answers a malformed list query with 400, not 500', async () => {
    expect((await admin.get('/admin/companies?status=deleted')).status).toBe(400)
    expect((await admin.get('/admin/companies?before=nope')).status).toBe(400)
    expect((await admin.get(`/admin/companies?q=${'a'.repeat(201)}`)).status).toBe(400)
  })
})
