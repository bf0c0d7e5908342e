// Reported listings through the real app: a member reports another company's listing, an admin
// dismisses the reports or withdraws the listing, and each reporter is told once.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { REPORT_REASON_KINDS } from '../../src/reports/report-rules.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)

let seller: TestCompany
let reporterA: TestCompany
let reporterB: TestCompany
let outsider: TestCompany
let sellerBrowser: TestBrowser
let aBrowser: TestBrowser
let bBrowser: TestBrowser
let outsiderBrowser: TestBrowser
let admin: TestBrowser
let adminId: string

beforeAll(async () => {
  seller = await createTestCompany(db, { status: 'approved', legalName: 'Säljande Skrot AB' })
  reporterA = await createTestCompany(db, { status: 'approved', legalName: 'Anmälare Ett AB' })
  reporterB = await createTestCompany(db, { status: 'pending', legalName: 'Anmälare Två Oy', country: 'FI' })
  outsider = await createTestCompany(db, { status: 'approved', legalName: 'Utomstående AS', country: 'NO' })
  const adminUser = await createTestAdmin(db)
  adminId = adminUser.userId
  ;[sellerBrowser, aBrowser, bBrowser, outsiderBrowser, admin] = await Promise.all([
    logInAs(app, seller.owner), logInAs(app, reporterA.owner), logInAs(app, reporterB.owner), logInAs(app, outsider.owner), logInAs(app, adminUser),
  ])
})

const live = (title = 'Reported cardboard lot') => createTestListing(db, seller.companyId, { now: clock(), title })
const reportsOf = (listingId: string) =>
  db.selectFrom('listing_reports').selectAll().where('listing_id', '=', listingId).orderBy('created_at').orderBy('id').execute()
const mailTo = (template: string, to: string) => db.selectFrom('outbox').selectAll().where('template', '=', template).where('to_address', '=', to).execute()
const noticesOf = (userId: string, template: string) =>
  db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('template', '=', template).execute()
const auditOf = (action: string, listingId: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).where('subject_id', '=', listingId).execute()
const statusOf = async (listingId: string) => (await db.selectFrom('listings').select('status').where('id', '=', listingId).executeTakeFirstOrThrow()).status
const text = async (res: Response) => (await res.text()).replace(/&#39;|&rsquo;|’/g, '’')

describe('reporting a listing', () => {
  it('offers another company’s member the form on the listing page, works as a plain POST with a 303 and a confirmation', async () => {
    const id = await live()
    const page = await text(await aBrowser.get(`/listings/${id}`))
    expect(page).toContain('<summary>Report this listing</summary>')
    expect(page).toContain(`action="/listings/${id}/reports"`)
    for (const kind of REPORT_REASON_KINDS) expect(page).toContain(`value="${kind}"`)

    const res = await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'misleading', details: 'The photos show plastic film, not cardboard.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/listings/${id}?report=sent#report`)
    const after = await text(await aBrowser.get(res.headers.get('location')!))
    expect(after).toContain('Thank you: your report is with NordicLoop’s administrators')
    expect(after).toContain('Your company reported this listing on')
    expect(after).not.toContain('<summary>Report this listing</summary>')

    const [row, ...more] = await reportsOf(id)
    expect(more).toHaveLength(0)
    expect(row).toMatchObject({ reporter_company_id: reporterA.companyId, reporter_user_id: reporterA.owner.userId, reason_kind: 'misleading', status: 'open' })
    expect(row!.details).toBe('The photos show plastic film, not cardboard.')
  })

  it('shows no form to a visitor, to the seller or to an admin; the seller cannot report their own listing', async () => {
    const id = await live()
    const visitor = new TestBrowser(app)
    expect(await text(await visitor.get(`/listings/${id}`))).not.toContain('Report this listing')
    expect(await text(await sellerBrowser.get(`/listings/${id}`))).not.toContain('Report this listing')
    expect(await text(await admin.get(`/listings/${id}`))).not.toContain('<summary>Report this listing</summary>')

    const own = await sellerBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: 'Reporting myself.' })
    expect(own.status).toBe(403)
    expect(await text(own)).toContain('This is your own listing, so you cannot report it')
    // Also with a bad form: the refusal is about whose listing it is.
    const ownBad = await sellerBrowser.post(`/listings/${id}/reports`, { reason_kind: 'nonsense', details: '' })
    expect(ownBad.status).toBe(403)
    expect(await text(ownBad)).toContain('This is your own listing, so you cannot report it')

    // A visitor's POST is refused with the login prompt (a 401), as everywhere in the app.
    const anon = await visitor.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: '' })
    expect(anon.status).toBe(401)
    expect(await anon.text()).toContain('Log in')
    const byAdmin = await admin.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: '' })
    expect(byAdmin.status).toBe(403)
    expect(await reportsOf(id)).toHaveLength(0)
  })

  it('refuses bad input with a 422, the form again with messages and what was typed, and saves nothing', async () => {
    const id = await live()
    const badKinds = ['', ' ', 'FRAUD', 'fraud ', 'hazardous-undeclared', 'spam', 'other\u0000', '__proto__', 'constructor', '0', '-1',
      'prohibited,fraud', 'x'.repeat(10_000), '💩', "'; DROP TABLE listing_reports; --", 'Other']
    for (const kind of badKinds) {
      const res = await aBrowser.post(`/listings/${id}/reports`, { reason_kind: kind, details: 'Looks wrong to me.' })
      expect(res.status, JSON.stringify(kind.slice(0, 40))).toBe(422)
      const html = await text(res)
      expect(html).toContain('Choose one of the reasons in the list.')
      expect(html).toContain('Looks wrong to me.')
      expect(html).toMatch(/<details class="reason-form report-form" open/)
    }
    const missing = await aBrowser.post(`/listings/${id}/reports`, { details: 'no kind at all' })
    expect(missing.status).toBe(422)

    const long = await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: 'x'.repeat(1001) })
    expect(long.status).toBe(422)
    expect(await text(long)).toContain('Keep the details under 1,000 characters.')
    const huge = await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: 'y'.repeat(200_000) })
    expect(huge.status).toBeGreaterThanOrEqual(400)
    expect(huge.status).toBeLessThan(500)

    const otherEmpty = await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'other', details: '   ' })
    expect(otherEmpty.status).toBe(422)
    expect(await text(otherEmpty)).toContain('with “Something else” the administrator needs your words')

    const control = await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: 'escape \u001b[31m' })
    expect(control.status).toBe(422)
    expect(await text(control)).toContain('Remove the invisible control characters')

    // Exactly 1,000 characters is allowed; and the details are optional except for "Something else".
    const exact = await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'duplicate', details: 'z'.repeat(1000) })
    expect(exact.status).toBe(303)
    const rows = await reportsOf(id)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.details).toHaveLength(1000)
  })

  it('takes one open report per company and listing; a second is a 409 that saves nothing; unknown listings a 404', async () => {
    const id = await live()
    expect((await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: '' })).status).toBe(303)
    const colleague = await addTestMember(db, reporterA.companyId)
    const colleagueBrowser = await logInAs(app, colleague)
    const again = await colleagueBrowser.post(`/listings/${id}/reports`, { reason_kind: 'prohibited', details: 'Me too.' })
    expect(again.status).toBe(409)
    expect(await text(again)).toContain('Your company has already reported this listing')
    // Sent at once by two people of one company: one is taken.
    const other = await live()
    const both = await Promise.all([
      aBrowser.post(`/listings/${other}/reports`, { reason_kind: 'fraud', details: 'one' }),
      colleagueBrowser.post(`/listings/${other}/reports`, { reason_kind: 'fraud', details: 'two' }),
    ])
    expect(both.map((r) => r.status).sort()).toEqual([303, 409])
    expect(await reportsOf(other)).toHaveLength(1)
    expect(await reportsOf(id)).toHaveLength(1)

    const unknown = await aBrowser.post('/listings/3f2b8c1e-6d4a-4f7e-9b1c-2a5d8e9f0a1b/reports', { reason_kind: 'fraud', details: '' })
    expect(unknown.status).toBe(404)
    expect((await aBrowser.post('/listings/not-a-uuid/reports', { reason_kind: 'fraud', details: '' })).status).toBe(404)
    const draft = await createTestListing(db, seller.companyId, { now: clock(), status: 'draft', published_at: null })
    expect((await aBrowser.post(`/listings/${draft}/reports`, { reason_kind: 'fraud', details: '' })).status).toBe(404)
    const ended = await createTestListing(db, seller.companyId, { now: clock(), status: 'ended' })
    const late = await aBrowser.post(`/listings/${ended}/reports`, { reason_kind: 'fraud', details: '' })
    expect(late.status).toBe(409)
    expect(await text(late)).toContain('no longer on the market')
    expect(await reportsOf(draft)).toHaveLength(0)
    expect(await reportsOf(ended)).toHaveLength(0)
  })

  it('shows a company only its own report: not another reporter’s, and nothing to the seller', async () => {
    const id = await live()
    expect((await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: 'Secret words of company A.' })).status).toBe(303)
    for (const browser of [outsiderBrowser, sellerBrowser, new TestBrowser(app)]) {
      const html = await text(await browser.get(`/listings/${id}`))
      expect(html).not.toContain('Secret words of company A.')
      expect(html).not.toContain('Your company reported this listing')
      expect(html).not.toContain('Anmälare Ett AB')
    }
    // Only admins open the queue.
    for (const browser of [outsiderBrowser, sellerBrowser, aBrowser]) expect((await browser.get('/admin/reports')).status).toBe(403)
    const anon = await new TestBrowser(app).get('/admin/reports')
    expect(anon.status).toBe(303)
    expect(anon.headers.get('location')).toMatch(/^\/login/)
    await db.updateTable('listing_reports').set({ status: 'dismissed', decided_at: clock(), decision_note: 'cleanup' }).where('listing_id', '=', id).execute()
  })
})

describe('the admin’s queue of reported listings', () => {
  it('groups open reports per listing with the count, the reasons and links; dismissing closes them all, audits, and tells each reporter once', async () => {
    const id = await live('Dismissed report lot')
    expect((await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'misleading', details: 'Wrong weight.' })).status).toBe(303)
    clock.advance(60_000)
    expect((await bBrowser.post(`/listings/${id}/reports`, { reason_kind: 'duplicate', details: '' })).status).toBe(303)

    const queue = await text(await admin.get('/admin/reports'))
    expect(queue).toContain('Dismissed report lot')
    expect(queue).toContain('2 open reports')
    expect(queue).toContain('Misleading description, photos or quantity')
    expect(queue).toContain('A duplicate of another listing')
    expect(queue).toContain('Wrong weight.')
    expect(queue).toContain(`href="/listings/${id}"`)
    expect(queue).toContain(`href="/admin/companies/${reporterA.companyId}"`)
    expect(queue).toContain(`href="/admin/companies/${seller.companyId}"`)
    expect(queue).toContain(`action="/admin/reports/listings/${id}/dismiss"`)
    expect(queue).toContain(`action="/admin/reports/listings/${id}/withdraw"`)
    expect(queue).toContain('href="/admin/reports" aria-current="page"')
    // The admin sees the count on the listing page too.
    expect(await text(await admin.get(`/listings/${id}`))).toContain('2 open reports</a> about this listing')

    const res = await admin.post(`/admin/reports/listings/${id}/dismiss`, { note: 'The weight matches the weighbridge slip.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/reports?done=dismissed')
    expect(await text(await admin.get(res.headers.get('location')!))).toContain('The reports are dismissed')
    expect(await statusOf(id)).toBe('live')
    const rows = await reportsOf(id)
    expect(rows.map((r) => r.status)).toEqual(['dismissed', 'dismissed'])
    expect(rows.every((r) => r.decided_by === adminId && r.decision_note === 'The weight matches the weighbridge slip.' && r.decided_at !== null)).toBe(true)

    for (const who of [reporterA.owner, reporterB.owner]) {
      const mail = await mailTo('listing-report-dismissed', who.email)
      expect(mail, who.email).toHaveLength(1)
      expect(mail[0]!.subject).toContain('Dismissed report lot')
      expect(mail[0]!.text_body).toContain('The weight matches the weighbridge slip.')
      expect(mail[0]!.text_body).toContain(`${TEST_BASE_URL}/listings/${id}#report`)
      const notices = await noticesOf(who.userId, 'listing-report-dismissed')
      expect(notices).toHaveLength(1)
      expect(notices[0]!.link).toBe(`/listings/${id}#report`)
    }
    expect(await mailTo('listing-report-dismissed', seller.owner.email)).toHaveLength(0)
    const audit = await auditOf('reports.dismissed', id)
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_user_id).toBe(adminId)
    expect(audit[0]!.detail).toMatchObject({ reports: 2, note: 'The weight matches the weighbridge slip.' })

    // The reporter's page tells the outcome and offers the form again.
    const page = await text(await aBrowser.get(`/listings/${id}`))
    expect(page).toContain('left the listing on the market')
    expect(page).toContain('<summary>Report this listing</summary>')

    // A second decision changes nothing and says so; nobody is told twice.
    for (const [path, fields] of [['dismiss', { note: 'Again.' }], ['withdraw', { reason: 'Again.' }]] as const) {
      const again = await admin.post(`/admin/reports/listings/${id}/${path}`, fields)
      expect(again.status).toBe(409)
      expect(await text(again)).toContain('This listing has no open reports')
    }
    expect(await statusOf(id)).toBe('live')
    expect(await mailTo('listing-report-dismissed', reporterA.owner.email)).toHaveLength(1)
    expect(await auditOf('reports.dismissed', id)).toHaveLength(1)
    expect(await text(await admin.get('/admin/reports'))).not.toContain('Dismissed report lot')
  })

  it('withdraws the listing through the admin withdrawal: the seller gets the reason, each reporter is told, both audited', async () => {
    const id = await live('Withdrawn report lot')
    expect((await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'hazardous_undeclared', details: 'Drums of solvent in the photos.' })).status).toBe(303)
    expect((await bBrowser.post(`/listings/${id}/reports`, { reason_kind: 'prohibited', details: '' })).status).toBe(303)

    const res = await admin.post(`/admin/reports/listings/${id}/withdraw`, { reason: 'Hazardous waste listed without its waste code.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/reports?done=withdrawn')
    expect(await statusOf(id)).toBe('withdrawn')
    expect((await reportsOf(id)).map((r) => r.status)).toEqual(['withdrawn', 'withdrawn'])

    const sellerMail = await mailTo('listing-withdrawn', seller.owner.email)
    expect(sellerMail.filter((m) => m.subject.includes('Withdrawn report lot'))).toHaveLength(1)
    expect(sellerMail.find((m) => m.subject.includes('Withdrawn report lot'))!.text_body).toContain('Hazardous waste listed without its waste code.')
    for (const who of [reporterA.owner, reporterB.owner]) {
      const mail = (await mailTo('listing-report-upheld', who.email)).filter((m) => m.subject.includes('Withdrawn report lot'))
      expect(mail).toHaveLength(1)
      // The reporters learn the outcome, not the words the seller reads.
      expect(mail[0]!.text_body).not.toContain('Hazardous waste listed without its waste code.')
      expect((await noticesOf(who.userId, 'listing-report-upheld')).filter((n) => n.title.includes('Withdrawn report lot'))).toHaveLength(1)
    }
    expect(await auditOf('listing.withdrawn', id)).toHaveLength(1)
    expect(await auditOf('reports.withdrawn', id)).toHaveLength(1)
    expect(await text(await aBrowser.get(`/listings/${id}`))).toContain('withdrew the listing from the marketplace')

    const again = await admin.post(`/admin/reports/listings/${id}/withdraw`, { reason: 'Once more.' })
    expect(again.status).toBe(409)
    expect(await auditOf('listing.withdrawn', id)).toHaveLength(1)
  })

  it('cannot withdraw a listing that is no longer live: a 409, nothing changed, and dismissing still works', async () => {
    const id = await live('Ended report lot')
    expect((await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: '' })).status).toBe(303)
    await db.updateTable('listings').set({ status: 'ended' }).where('id', '=', id).execute()
    expect(await text(await admin.get('/admin/reports'))).toContain('no longer live, so it cannot be withdrawn')
    const res = await admin.post(`/admin/reports/listings/${id}/withdraw`, { reason: 'Too late.' })
    expect(res.status).toBe(409)
    expect(await text(res)).toContain('Dismiss the reports instead')
    expect((await reportsOf(id)).map((r) => r.status)).toEqual(['open'])
    expect(await mailTo('listing-report-upheld', reporterA.owner.email).then((m) => m.filter((x) => x.subject.includes('Ended report lot')))).toHaveLength(0)
    expect((await admin.post(`/admin/reports/listings/${id}/dismiss`, { note: 'The auction ended; the deal team follows up.' })).status).toBe(303)
    expect((await reportsOf(id)).map((r) => r.status)).toEqual(['dismissed'])
  })

  it('refuses bad decisions with 4xx and a message, changing nothing', async () => {
    const id = await live('Bad decisions lot')
    expect((await aBrowser.post(`/listings/${id}/reports`, { reason_kind: 'fraud', details: '' })).status).toBe(303)
    for (const note of ['', '   ', 'x'.repeat(1001), 'bell \u0007']) {
      const res = await admin.post(`/admin/reports/listings/${id}/dismiss`, { note })
      expect(res.status, JSON.stringify(note.slice(0, 20))).toBe(422)
      const html = await text(res)
      expect(html).toMatch(/Write a note|Keep it under 1,000 characters|control characters/)
      expect(html).toContain('Bad decisions lot')
    }
    const noReason = await admin.post(`/admin/reports/listings/${id}/withdraw`, { reason: '' })
    expect(noReason.status).toBe(422)
    expect(await text(noReason)).toContain('Give a reason: the seller reads it in the email.')
    const unknown = await admin.post('/admin/reports/listings/3f2b8c1e-6d4a-4f7e-9b1c-2a5d8e9f0a1b/dismiss', { note: 'x' })
    expect(unknown.status).toBe(404)
    expect((await admin.post('/admin/reports/listings/nope/dismiss', { note: 'x' })).status).toBe(404)
    // Members and visitors cannot decide.
    expect((await aBrowser.post(`/admin/reports/listings/${id}/dismiss`, { note: 'Mine.' })).status).toBe(403)
    expect((await sellerBrowser.post(`/admin/reports/listings/${id}/withdraw`, { reason: 'Mine.' })).status).toBe(403)
    const anon = await new TestBrowser(app).post(`/admin/reports/listings/${id}/dismiss`, { note: 'x' })
    expect(anon.status).toBe(401)
    expect((await reportsOf(id)).map((r) => r.status)).toEqual(['open'])
    expect(await statusOf(id)).toBe('live')
    expect(await auditOf('reports.dismissed', id)).toHaveLength(0)
    // A query the page does not know is ignored, not an error.
    expect((await admin.get('/admin/reports?done=%00')).status).toBe(200)
  })
})
