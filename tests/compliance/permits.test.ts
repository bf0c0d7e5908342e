// Waste permits through the app: an owner uploads one (PDF or image) to private storage, only
// the company's people and admins can read the document, an admin verifies or rejects it from
// the queue (audited and emailed), and the 30-day notice goes once.
import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { sql } from 'kysely'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { verifiedPermit } from '../../src/compliance/permits.js'
import { sendPermitExpiryNotices } from '../../src/compliance/permit-notices.js'
import { givePermit, tinyPdf, tinyPng, uploadPermit } from './permit-world.js'

const { app, db, clock, config } = await createTestApp()
const admin = await createTestAdmin(db)
const adminBrowser = await logInAs(app, admin)

const permitsOf = (companyId: string) => db.selectFrom('waste_permits').selectAll().where('company_id', '=', companyId).orderBy('created_at').execute()
const mailsTo = (to: string, template: string) => db.selectFrom('outbox').select(['subject', 'text_body']).where('to_address', '=', to).where('template', '=', template).execute()

async function ownerWithPermit(file: { name: string; bytes: Uint8Array; type?: string }) {
  const company = await createTestCompany(db, { status: 'approved' })
  const owner = await logInAs(app, company.owner)
  const res = await uploadPermit(owner, {}, file)
  expect(res.status).toBe(303)
  expect(res.headers.get('location')).toBe('/account/permits?notice=uploaded')
  const [permit] = await permitsOf(company.companyId)
  return { company, owner, permit }
}

describe('uploading a permit', () => {
  it('stores a PDF as it is, privately, submitted for verification, with an audit line', async () => {
    const pdf = tinyPdf()
    const { company, owner, permit } = await ownerWithPermit({ name: 'permit.pdf', bytes: pdf })
    expect(permit).toMatchObject({ status: 'submitted', permit_number: 'MP-2026-0142', issuing_authority: 'Länsstyrelsen Värmland', document_content_type: 'application/pdf' })
    expect(permit.document_key).toBe(`permits/${company.companyId}/${permit.id}/document.pdf`)
    const doc = await owner.get(`/permits/${permit.id}/document`)
    expect(doc.status).toBe(200)
    expect(doc.headers.get('content-type')).toBe('application/pdf')
    expect(doc.headers.get('cache-control')).toContain('private')
    expect(new Uint8Array(await doc.arrayBuffer())).toEqual(pdf)
    const page = await (await owner.get('/account/permits')).text()
    expect(page).toContain('MP-2026-0142')
    expect(page).toContain('Waiting for NordicLoop to verify it')
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'permit.submitted').where('subject_id', '=', permit.id).execute()).toHaveLength(1)
  })

  it('passes a scan through the photo pipeline and keeps it as WebP', async () => {
    const { owner, permit } = await ownerWithPermit({ name: 'scan.png', bytes: await tinyPng(), type: 'image/png' })
    expect(permit.document_content_type).toBe('image/webp')
    const doc = await owner.get(`/permits/${permit.id}/document`)
    expect(doc.headers.get('content-type')).toBe('image/webp')
    expect(new TextDecoder().decode((await doc.arrayBuffer()).slice(8, 12))).toBe('WEBP')
  })

  const bad: Array<[string, Record<string, string>, { name: string; bytes: Uint8Array; type?: string } | null, string]> = [
    ['no document', {}, null, 'Choose the scanned permit'],
    ['an empty file', {}, { name: 'permit.pdf', bytes: new Uint8Array() }, 'Choose the scanned permit'],
    ['a text file named .pdf', {}, { name: 'permit.pdf', bytes: new TextEncoder().encode('this is not a pdf') }, 'not a PDF, JPEG, PNG or WebP'],
    ['an SVG', {}, { name: 'permit.svg', bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'), type: 'image/svg+xml' }, 'not a PDF, JPEG, PNG or WebP'],
    ['"%PDF" without its dash', {}, { name: 'permit.pdf', bytes: new TextEncoder().encode('%PDF1.4 nothing') }, 'not a PDF, JPEG, PNG or WebP'],
    ['no permit number', { permit_number: '  ' }, { name: 'p.pdf', bytes: tinyPdf() }, 'Enter the permit number.'],
    ['no authority', { issuing_authority: '' }, { name: 'p.pdf', bytes: tinyPdf() }, 'Enter the issuing authority.'],
    ['a control character', { permit_number: 'MP\u00001' }, { name: 'p.pdf', bytes: tinyPdf() }, 'control characters'],
    ['no expiry date', { expires_on: '' }, { name: 'p.pdf', bytes: tinyPdf() }, 'Enter the expiry date.'],
    ['an impossible date', { expires_on: '2027-02-30' }, { name: 'p.pdf', bytes: tinyPdf() }, 'as a date, like'],
    ['a date in another form', { expires_on: '30.06.2028' }, { name: 'p.pdf', bytes: tinyPdf() }, 'as a date, like'],
    ['an expired permit', { expires_on: '2026-11-22' }, { name: 'p.pdf', bytes: tinyPdf() }, 'This permit has expired'],
  ]
  it.each(bad)('refuses %s with a message, storing nothing', async (_what, fields, file, message) => {
    const company = await createTestCompany(db, { status: 'approved' })
    const owner = await logInAs(app, company.owner)
    const res = await uploadPermit(owner, fields, file)
    expect(res.status).toBe(422)
    expect((await res.text()).replace(/&#39;/g, "'")).toContain(message)
    expect(await permitsOf(company.companyId)).toEqual([])
  })

  it('takes the stored document away again when the permit cannot be recorded', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const owner = await logInAs(app, company.owner)
    // The database refuses this one company's permit row after its document was stored.
    await sql.raw(`CREATE FUNCTION refuse_permit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.company_id = '${company.companyId}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_permit BEFORE INSERT ON waste_permits FOR EACH ROW EXECUTE FUNCTION refuse_permit();`).execute(db)
    try {
      const res = await uploadPermit(owner, {}, { name: 'permit.pdf', bytes: tinyPdf() })
      expect(res.status).toBeGreaterThanOrEqual(500)
    } finally {
      await sql.raw('DROP TRIGGER refuse_permit ON waste_permits; DROP FUNCTION refuse_permit();').execute(db)
    }
    expect(await permitsOf(company.companyId)).toEqual([])
    const folder = join(config.UPLOAD_DIR, 'permits', company.companyId)
    const left = existsSync(folder) ? await readdir(folder, { recursive: true, withFileTypes: true }) : []
    expect(left.filter((entry) => entry.isFile()).map((entry) => entry.name)).toEqual([])
  })

  it('is for owners: a member reads the permits but cannot upload', async () => {
    const company = await createTestCompany(db, { status: 'approved' })
    const member = await logInAs(app, await addTestMember(db, company.companyId))
    expect((await member.get('/account/permits')).status).toBe(200)
    expect((await uploadPermit(member, {}, { name: 'p.pdf', bytes: tinyPdf() })).status).toBe(403)
    expect(await permitsOf(company.companyId)).toEqual([])
  })
})

describe('who reads a permit document', () => {
  it('its company and admins; another company, a visitor and /media get 404', async () => {
    const { company, permit } = await ownerWithPermit({ name: 'permit.pdf', bytes: tinyPdf() })
    const member = await logInAs(app, await addTestMember(db, company.companyId))
    expect((await member.get(`/permits/${permit.id}/document`)).status).toBe(200)
    expect((await adminBrowser.get(`/permits/${permit.id}/document`)).status).toBe(200)
    const other = await createTestCompany(db, { status: 'approved' })
    const stranger = await logInAs(app, other.owner)
    expect((await stranger.get(`/permits/${permit.id}/document`)).status).toBe(404)
    expect((await new TestBrowser(app).get(`/permits/${permit.id}/document`)).status).toBe(404)
    for (const path of [`/media/${permit.document_key}`, `/media/photos/../${permit.document_key}`, `/media/permits/${company.companyId}/${permit.id}/document.pdf`]) {
      expect((await stranger.get(path)).status, path).toBe(404)
    }
    // The stranger's own permits page never lists another company's permit.
    expect(await (await stranger.get('/account/permits')).text()).not.toContain(permit.id)
  })
})

describe("the admin's permit queue", () => {
  it('lists submitted permits with their document; verifying is audited, emailed and makes the permit count', async () => {
    const { company, permit } = await ownerWithPermit({ name: 'permit.pdf', bytes: tinyPdf() })
    expect(await verifiedPermit(db, company.companyId, clock())).toBeNull()
    const queue = await (await adminBrowser.get('/admin/permits')).text()
    expect(queue).toContain(company.legalName)
    expect(queue).toContain(`/permits/${permit.id}/document`)
    expect(await (await adminBrowser.get('/admin')).text()).toContain('href="/admin/permits"')
    const res = await adminBrowser.post(`/admin/permits/${permit.id}/verify`, {})
    expect(res.status).toBe(303)
    expect(await verifiedPermit(db, company.companyId, clock())).toEqual({ number: 'MP-2026-0142', authority: 'Länsstyrelsen Värmland', expiresOn: '2028-06-30' })
    expect(await db.selectFrom('audit_log').select('actor_user_id').where('action', '=', 'permit.verified').where('subject_id', '=', permit.id).execute()).toEqual([{ actor_user_id: admin.userId }])
    expect(await mailsTo(company.owner.email, 'permit-verified')).toHaveLength(1)
    // Decided once: a second decision changes nothing.
    expect((await adminBrowser.post(`/admin/permits/${permit.id}/reject`, { reason: 'Too late' })).status).toBe(409)
    expect((await permitsOf(company.companyId))[0].status).toBe('verified')
  })

  it('rejects with a reason the company reads; no reason is refused', async () => {
    const { company, owner, permit } = await ownerWithPermit({ name: 'permit.pdf', bytes: tinyPdf() })
    expect((await adminBrowser.post(`/admin/permits/${permit.id}/reject`, { reason: ' ' })).status).toBe(422)
    expect((await adminBrowser.post(`/admin/permits/${permit.id}/reject`, { reason: 'The permit names another company.' })).status).toBe(303)
    expect((await permitsOf(company.companyId))[0]).toMatchObject({ status: 'rejected', rejection_reason: 'The permit names another company.', verified_by: admin.userId })
    const [mail] = await mailsTo(company.owner.email, 'permit-rejected')
    expect(mail.text_body).toContain('The permit names another company.')
    expect(await (await owner.get('/account/permits')).text()).toContain('Not accepted: The permit names another company.')
    expect(await verifiedPermit(db, company.companyId, clock())).toBeNull()
  })

  it('is for admins only, and an unknown permit is a 404', async () => {
    const { company, owner, permit } = await ownerWithPermit({ name: 'permit.pdf', bytes: tinyPdf() })
    expect((await owner.get('/admin/permits')).status).toBe(403)
    expect((await owner.post(`/admin/permits/${permit.id}/verify`, {})).status).toBe(403)
    expect((await adminBrowser.post('/admin/permits/0b6c2f7e-3d1a-4c5b-9e8f-7a6b5c4d3e2f/verify', {})).status).toBe(404)
    expect((await permitsOf(company.companyId))[0].status).toBe('submitted')
  })
})

describe('the 30-day notice', () => {
  const baseUrl = 'http://localhost:3000'
  it('goes once, from 30 days before the expiry date, even with two runs at once; not to a company that renewed', async () => {
    const now = new Date('2026-11-22T06:20:00Z')
    const expiring = await createTestCompany(db, { status: 'approved' })
    await givePermit(db, expiring.companyId, 'verified', '2026-12-23')
    const renewed = await createTestCompany(db, { status: 'approved' })
    await givePermit(db, renewed.companyId, 'verified', '2026-12-10')
    await givePermit(db, renewed.companyId, 'verified', '2029-12-10')
    const submitted = await createTestCompany(db, { status: 'approved' })
    await givePermit(db, submitted.companyId, 'submitted', '2026-12-10')

    await sendPermitExpiryNotices(db, { now, baseUrl })
    expect(await mailsTo(expiring.owner.email, 'permit-expiring')).toHaveLength(0)

    const dayLater = new Date(now.getTime() + 86400_000)
    await Promise.all([sendPermitExpiryNotices(db, { now: dayLater, baseUrl }), sendPermitExpiryNotices(db, { now: dayLater, baseUrl })])
    await sendPermitExpiryNotices(db, { now: new Date(dayLater.getTime() + 86400_000), baseUrl })
    const mails = await mailsTo(expiring.owner.email, 'permit-expiring')
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toContain('expires on 2026-12-23')
    expect(await mailsTo(renewed.owner.email, 'permit-expiring')).toHaveLength(0)
    expect(await mailsTo(submitted.owner.email, 'permit-expiring')).toHaveLength(0)
  })
})
