import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import type { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestCompany, type TestUser } from '../support/factories.js'

const { app, db } = await createTestApp()

let adminUser: TestUser
let admin: TestBrowser

beforeAll(async () => {
  adminUser = await createTestAdmin(db, { email: 'root@nordicloop.test' })
  admin = await logInAs(app, adminUser)
})

const company = (id: string) => db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const outboxFor = (address: string) => db.selectFrom('outbox').selectAll().where('to_address', '=', address).execute()
const auditFor = (id: string) =>
  db.selectFrom('audit_log').selectAll().where('subject_type', '=', 'company').where('subject_id', '=', id).orderBy('id').execute()

describe('suspending and reactivating', () => {
  it('suspends an approved company with a reason, emailing its owners only', async () => {
    const trader = await createTestCompany(db, { status: 'approved', legalName: 'Trader Cardboard AB' })
    const coOwner = await addTestMember(db, trader.companyId, { role: 'owner' })
    const member = await addTestMember(db, trader.companyId)

    const missing = await admin.post(`/admin/companies/${trader.companyId}/suspend`, { back: 'detail', reason: ' ' })
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain('Give a reason')
    expect((await company(trader.companyId)).status).toBe('approved')

    const res = await admin.post(`/admin/companies/${trader.companyId}/suspend`, { back: 'detail', reason: 'Repeated no-shows at pickup' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/admin/companies/${trader.companyId}?done=suspend`)
    const row = await company(trader.companyId)
    expect(row).toMatchObject({ status: 'suspended', status_reason: 'Repeated no-shows at pickup' })
    expect((await auditFor(trader.companyId)).map((a) => a.action)).toEqual(['company.suspended'])
    for (const owner of [trader.owner, coOwner]) {
      const mail = await outboxFor(owner.email)
      expect(mail.map((m) => m.template)).toEqual(['company-suspended'])
      expect(mail[0]!.text_body).toContain('Repeated no-shows at pickup')
    }
    expect(await outboxFor(member.email)).toHaveLength(0)

    // The suspended company's people now see why they cannot trade.
    const seen = await (await logInAs(app, member)).get('/account')
    expect(await seen.text()).toContain('Your company is suspended: Repeated no-shows at pickup')
  })

  it('only suspends approved companies', async () => {
    for (const status of ['pending', 'rejected', 'suspended'] as const) {
      const other = await createTestCompany(db, { status })
      const before = await company(other.companyId)
      const res = await admin.post(`/admin/companies/${other.companyId}/suspend`, { reason: 'Because' })
      expect(res.status, status).toBe(409)
      expect(await res.text()).toContain('only a company that is approved can')
      expect(await company(other.companyId)).toEqual(before)
    }
  })

  it('reactivates a suspended company, clearing the reason, and only a suspended one', async () => {
    const paused = await createTestCompany(db, { status: 'suspended', statusReason: 'Unpaid fees' })
    const res = await admin.post(`/admin/companies/${paused.companyId}/reactivate`, { back: 'detail' })
    expect(res.status).toBe(303)
    expect(await company(paused.companyId)).toMatchObject({ status: 'approved', status_reason: null })
    expect((await outboxFor(paused.owner.email)).map((m) => m.template)).toEqual(['company-reactivated'])
    expect((await auditFor(paused.companyId))[0]).toMatchObject({ action: 'company.reactivated', actor_user_id: adminUser.userId })

    const again = await admin.post(`/admin/companies/${paused.companyId}/reactivate`, { back: 'detail' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('only a company that is suspended can')
    expect(await outboxFor(paused.owner.email)).toHaveLength(1)

    for (const status of ['pending', 'rejected'] as const) {
      const other = await createTestCompany(db, { status })
      expect((await admin.post(`/admin/companies/${other.companyId}/reactivate`, {})).status, status).toBe(409)
      expect((await company(other.companyId)).status).toBe(status)
    }
  })
})

describe('the company page', () => {
  it('shows details, members, recent activity and the actions that fit the status', async () => {
    const shown = await createTestCompany(db, { status: 'approved', legalName: 'Shown Plastics BV', country: 'NL' })
    const member = await addTestMember(db, shown.companyId, { email: 'mia@shown.example', verified: false })
    await admin.post(`/admin/companies/${shown.companyId}/suspend`, { reason: 'Check documents' })

    const res = await admin.get(`/admin/companies/${shown.companyId}?done=suspend`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<h1>Shown Plastics BV</h1>')
    expect(html).toContain('The company is suspended')
    expect(html).toContain('Netherlands')
    expect(html).toContain(shown.owner.email)
    expect(html).toContain(member.email)
    expect(html).toContain('email not confirmed')
    expect(html).toContain('company.suspended')
    expect(html).toContain('root@nordicloop.test')
    expect(html).toContain('reason: Check documents')
    expect(html).toContain(`action="/admin/companies/${shown.companyId}/reactivate"`)
    expect(html).not.toContain(`action="/admin/companies/${shown.companyId}/suspend"`)
    expect(html).not.toContain(`action="/admin/companies/${shown.companyId}/approve"`)
  })

  it('offers approve and reject for a pending company, and suspend for an approved one', async () => {
    const waiting = await createTestCompany(db)
    const waitingHtml = await (await admin.get(`/admin/companies/${waiting.companyId}`)).text()
    expect(waitingHtml).toContain(`action="/admin/companies/${waiting.companyId}/approve"`)
    expect(waitingHtml).toContain(`action="/admin/companies/${waiting.companyId}/reject"`)

    await admin.post(`/admin/companies/${waiting.companyId}/approve`, { back: 'detail' })
    const approvedHtml = await (await admin.get(`/admin/companies/${waiting.companyId}`)).text()
    expect(approvedHtml).toContain(`action="/admin/companies/${waiting.companyId}/suspend"`)
    expect(approvedHtml).not.toContain(`action="/admin/companies/${waiting.companyId}/approve"`)
  })

  it('re-renders only the actions for an htmx submission without a reason', async () => {
    const target = await createTestCompany(db, { status: 'approved' })
    const res = await admin.post(`/admin/companies/${target.companyId}/suspend`, { back: 'detail', reason: '' }, { htmx: true })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toMatch(/^<div id="company-actions"/)
    expect(html).toContain('Give a reason')
  })
})

describe('finding companies', () => {
  let nordic: TestCompany
  let percent: TestCompany
  let underscore: TestCompany

  beforeAll(async () => {
    nordic = await createTestCompany(db, {
      legalName: 'Nordic Fibre Recycling AB', orgNumber: 'SE556000-1111', ownerEmail: 'buyer@fibre-mail.example',
      status: 'approved', createdAt: new Date('2026-01-01T00:00:00Z'),
    })
    percent = await createTestCompany(db, { legalName: '100% Scrap Oy', orgNumber: 'FI1234567-8', country: 'FI', createdAt: new Date('2026-01-02T00:00:00Z') })
    underscore = await createTestCompany(db, { legalName: 'A_B Metals', orgNumber: 'DK99887766', country: 'DK', createdAt: new Date('2026-01-03T00:00:00Z') })
    await addTestMember(db, underscore.companyId, { email: 'colleague@metals-dk.example' })
  })

  const search = async (query: string) => {
    const res = await admin.get(`/admin/companies?${query}`)
    expect(res.status, query).toBe(200)
    return res.text()
  }

  it('finds by legal name, organisation number and member email, ignoring case', async () => {
    expect(await search('q=nordic+FIBRE')).toContain('Nordic Fibre Recycling AB')
    expect(await search('q=se556000')).toContain('Nordic Fibre Recycling AB')
    expect(await search('q=BUYER%40fibre')).toContain('Nordic Fibre Recycling AB')
    const byMember = await search('q=colleague%40metals')
    expect(byMember).toContain('A_B Metals')
    expect(byMember).not.toContain('Nordic Fibre Recycling AB')
  })

  it('treats % and _ in the search as the characters themselves', async () => {
    const pct = await search('q=%25')
    expect(pct).toContain('100% Scrap Oy')
    expect(pct).not.toContain('Nordic Fibre Recycling AB')
    const under = await search('q=_')
    expect(under).toContain('A_B Metals')
    expect(under).not.toContain('100% Scrap Oy')
    expect(await search('q=%5C')).toContain('No company matches')
  })

  it('filters by status and lists newest first', async () => {
    const approvedOnly = await search('status=approved')
    expect(approvedOnly).toContain('Nordic Fibre Recycling AB')
    expect(approvedOnly).not.toContain('100% Scrap Oy')
    const all = await search('')
    expect(all.indexOf('A_B Metals')).toBeLessThan(all.indexOf('100% Scrap Oy'))
    expect(all.indexOf('100% Scrap Oy')).toBeLessThan(all.indexOf('Nordic Fibre Recycling AB'))
    expect(await search('q=nothing-like-this')).toContain('No company matches')
    expect(percent.companyId).toBeTruthy()
    expect(nordic.companyId).toBeTruthy()
  })

  it('pages through many companies without gaps or repeats', async () => {
    const base = Date.parse('2025-06-01T00:00:00Z')
    const names: string[] = []
    for (let i = 0; i < 55; i++) {
      const legalName = `Paged Company ${String(i).padStart(2, '0')}`
      names.push(legalName)
      // Pairs share a timestamp, so the id breaks the tie.
      await createTestCompany(db, { legalName, createdAt: new Date(base + Math.floor(i / 2) * 1000) })
    }
    const seen: string[] = []
    let url: string | null = '/admin/companies?q=paged+company'
    while (url) {
      const html = await (await admin.get(url)).text()
      seen.push(...[...html.matchAll(/>(Paged Company \d\d)</g)].map((m) => m[1]!))
      const next = html.match(/href="([^"]+)" rel="next"/)
      url = next ? next[1]!.replaceAll('&amp;', '&') : null
    }
    expect(seen).toHaveLength(55)
    expect(new Set(seen).size).toBe(55)
    // Newest first; within a pair (same time) the order is by id, so compare the pair numbers.
    const pairs = seen.map((name) => Math.floor(Number(name.slice(-2)) / 2))
    expect([...pairs].sort((a, b) => b - a)).toEqual(pairs)
  })
})

describe('the audit log', () => {
  it('lists the latest entries with time, actor, action, subject and address', async () => {
    const logged = await createTestCompany(db)
    await admin.post(`/admin/companies/${logged.companyId}/approve`, {})
    const res = await admin.get('/admin/audit')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('company.approved')
    expect(html).toContain('login.succeeded')
    expect(html).toContain('root@nordicloop.test')
    expect(html).toContain(`href="/admin/companies/${logged.companyId}"`)
    expect(html).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    // Newest first: the approval came after the admin's login.
    expect(html.indexOf('company.approved')).toBeLessThan(html.indexOf('login.succeeded'))
  })
})
