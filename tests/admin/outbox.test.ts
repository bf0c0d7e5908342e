// The email outbox page through the real app: what waits, what failed and why, what went out,
// filtered and paged; retrying a failed email, once; and nobody but an admin sees any of it.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { OutboxQuery } from '../../src/admin/outbox-routes.js'

const { app, db, clock } = await createTestApp()

let admin: TestBrowser
let adminId: string
let member: TestBrowser

const SECRET = 'https://nordicloop.test/reset/SECRET-TOKEN-123'

/** An outbox row as the drain would leave it. */
async function email(fields: { status: 'pending' | 'sending' | 'sent' | 'failed'; subject?: string; to?: string; attempts?: number; lastError?: string | null }) {
  const now = clock()
  const row = await db.insertInto('outbox').values({
    template: 'password-reset', to_address: fields.to ?? 'someone@example.test', subject: fields.subject ?? 'Reset your password',
    html_body: `<p>Reset: <a href="${SECRET}">${SECRET}</a></p>`, text_body: `Reset: ${SECRET}`,
    status: fields.status, attempts: fields.attempts ?? 0, last_error: fields.lastError ?? null,
    next_attempt_at: new Date(now.getTime() + 60_000),
    lease_until: fields.status === 'sending' ? new Date(now.getTime() + 30_000) : null,
    sent_at: fields.status === 'sent' ? now : null,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

const row = (id: number) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const audits = (id: number) => db.selectFrom('audit_log').selectAll().where('action', '=', 'outbox.retried').where('subject_id', '=', String(id)).execute()

beforeAll(async () => {
  const adminUser = await createTestAdmin(db)
  adminId = adminUser.userId
  admin = await logInAs(app, adminUser)
  member = await logInAs(app, (await createTestCompany(db, { status: 'approved' })).owner)
})

describe('the email outbox page', () => {
  it('lists pending, sending, failed and sent emails with attempts, next try, last error; never a body', async () => {
    const pending = await email({ status: 'pending', subject: 'Pending subject', attempts: 2, lastError: 'Postmark 503' })
    const sending = await email({ status: 'sending', subject: 'Sending subject', attempts: 1 })
    const failed = await email({ status: 'failed', subject: 'Failed subject', attempts: 10, lastError: 'Postmark 422: inactive recipient' })
    const sent = await email({ status: 'sent', subject: 'Sent subject', to: 'sent@example.test', attempts: 1 })

    const res = await admin.get('/admin/outbox')
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const s of ['Pending subject', 'Sending subject', 'Failed subject', 'Sent subject', 'sent@example.test', 'Postmark 422: inactive recipient', 'Postmark 503']) {
      expect(html, s).toContain(s)
    }
    expect(html).toContain('next try')
    expect(html).toContain('claimed until')
    expect(html).toContain(`action="/admin/outbox/${failed}/retry"`)
    for (const id of [pending, sending, sent]) expect(html).not.toContain(`action="/admin/outbox/${id}/retry"`)
    expect(html).not.toContain('SECRET-TOKEN-123')
    expect(html).toContain('href="/admin/outbox" aria-current="page"')
    expect(html.indexOf('Sent subject')).toBeLessThan(html.indexOf('Pending subject'))

    const onlyFailed = await (await admin.get('/admin/outbox?status=failed')).text()
    expect(onlyFailed).toContain('Failed subject')
    expect(onlyFailed).not.toContain('Sent subject')
    expect(onlyFailed).not.toContain('Pending subject')
    const onlySent = await (await admin.get('/admin/outbox?status=sent')).text()
    expect(onlySent).toContain('Sent subject')
    expect(onlySent).not.toContain('Failed subject')
  })

  it('pages back by id, 50 a page, with the filter kept', async () => {
    await db.deleteFrom('outbox').execute()
    const ids: number[] = []
    for (let i = 0; i < 60; i++) ids.push(await email({ status: i % 2 ? 'sent' : 'failed', subject: `Paged email ${String(i).padStart(2, '0')}` }))
    const first = await (await admin.get('/admin/outbox')).text()
    expect(first).toContain('Paged email 59')
    expect(first).toContain('Paged email 10')
    expect(first).not.toContain('Paged email 09')
    const next = /href="(\/admin\/outbox\?before=\d+)" rel="next"/.exec(first)?.[1]
    expect(next).toBe(`/admin/outbox?before=${ids[10]}`)
    const second = await (await admin.get(next!)).text()
    expect(second).toContain('Paged email 09')
    expect(second).toContain('Paged email 00')
    expect(second).not.toContain('Paged email 10')
    expect(second).not.toContain('rel="next"')

    const failedOnly = await (await admin.get('/admin/outbox?status=failed&before=' + ids[20])).text()
    expect(failedOnly).toContain('Paged email 18')
    expect(failedOnly).not.toContain('Paged email 19')
    expect(failedOnly).not.toContain('Paged email 20')
  })

  it('refuses malformed filters and page links with a 400 and a message', async () => {
    const bad = ['status=FAILED', 'status=deleted', 'status=%00', 'before=0', 'before=-1', 'before=abc',
      'before=1e3', 'before=9999999999999999999999', 'before=%E2%80%AE1', 'status=' + 'x'.repeat(5000)]
    for (const query of bad) {
      const res = await admin.get(`/admin/outbox?${query}`)
      expect(res.status, query.slice(0, 40)).toBe(400)
      expect(await res.text()).toMatch(/Choose a status from the list|page link is not valid/)
    }
    expect(Object.keys(OutboxQuery.shape)).toEqual(['status', 'before', 'done'])
  })

  it('retries a failed email: pending, due now, attempts afresh, audited; a second click changes nothing and says so', async () => {
    const failed = await email({ status: 'failed', subject: 'Retry me', attempts: 10, lastError: 'Postmark timeout' })
    const res = await admin.post(`/admin/outbox/${failed}/retry`, {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/outbox?status=pending&done=retried')
    expect(await (await admin.get(res.headers.get('location')!)).text()).toContain('The email is queued again')
    const after = await row(failed)
    expect(after.status).toBe('pending')
    expect(after.attempts).toBe(0)
    expect(after.next_attempt_at.toISOString()).toBe(clock().toISOString())
    const entries = await audits(failed)
    expect(entries).toHaveLength(1)
    expect(entries[0]!.actor_user_id).toBe(adminId)
    expect(entries[0]!.detail).toMatchObject({ attempts: 10, lastError: 'Postmark timeout', template: 'password-reset' })

    const again = await admin.post(`/admin/outbox/${failed}/retry`, {})
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('only a failed email can be retried. Nothing was changed.')
    expect(await row(failed)).toEqual(after)
    expect(await audits(failed)).toHaveLength(1)

    for (const status of ['sent', 'sending'] as const) {
      const id = await email({ status })
      const before = await row(id)
      const r = await admin.post(`/admin/outbox/${id}/retry`, {})
      expect(r.status).toBe(409)
      expect(await row(id)).toEqual(before)
    }
    expect((await admin.post('/admin/outbox/999999999/retry', {})).status).toBe(404)
    expect((await admin.post('/admin/outbox/abc/retry', {})).status).toBe(404)
    expect((await admin.post('/admin/outbox/-1/retry', {})).status).toBe(404)
  })

  it('is for admins only: a member gets a 403, a visitor the login prompt, and neither can retry', async () => {
    const failed = await email({ status: 'failed' })
    expect((await member.get('/admin/outbox')).status).toBe(403)
    const visitor = new TestBrowser(app)
    const page = await visitor.get('/admin/outbox')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toMatch(/^\/login/)
    expect((await member.post(`/admin/outbox/${failed}/retry`, {})).status).toBe(403)
    expect((await visitor.post(`/admin/outbox/${failed}/retry`, {})).status).toBe(401)
    expect((await row(failed)).status).toBe('failed')
    expect(await audits(failed)).toHaveLength(0)
  })
})
