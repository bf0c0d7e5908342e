// Permits for tests: uploaded through the page as a browser sends the form, or written straight
// to the database in a given state; and small real documents (a PDF, a PNG) to upload.
import type { Kysely } from 'kysely'
import sharp from 'sharp'
import type { DB } from '../../src/db/schema.js'
import type { TestBrowser } from '../support/browser.js'
import { TEST_BASE_URL } from '../support/test-app.js'

/** A minimal but well-formed one-page PDF. */
export function tinyPdf(text = 'Waste permit'): Uint8Array {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n` })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(out)
}

export async function tinyPng(): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width: 60, height: 80, channels: 3, background: '#f5f0e6' } }).png().toBuffer())
}

export type PermitFields = { permit_number?: string; issuing_authority?: string; expires_on?: string }

/** Posts the upload form as a browser does (multipart, CSRF field, Origin). `file: null` sends no file. */
export async function uploadPermit(browser: TestBrowser, fields: PermitFields, file: { name: string; bytes: Uint8Array; type?: string } | null) {
  if (!browser.cookies.has('csrf')) await browser.get('/login')
  const form = new FormData()
  form.set('_csrf', browser.csrf)
  for (const [k, v] of Object.entries({ permit_number: 'MP-2026-0142', issuing_authority: 'Länsstyrelsen Värmland', expires_on: '2028-06-30', ...fields })) form.set(k, v)
  if (file) form.append('document', new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? 'application/pdf' }))
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return browser.app.request(`${TEST_BASE_URL}/account/permits`, { method: 'POST', body: form, headers: { cookie, origin: TEST_BASE_URL } })
}

export type PermitState = 'submitted' | 'verified' | 'rejected'

/** A permit row in a given state (its document key points nowhere: for rules, not for reading). */
export async function givePermit(db: Kysely<DB>, companyId: string, state: PermitState, expiresOn: string, decidedAt = new Date('2026-11-01T09:00:00Z')) {
  const row = await db.insertInto('waste_permits').values({
    company_id: companyId, permit_number: `P-${Math.random().toString(36).slice(2, 8)}`, issuing_authority: 'Länsstyrelsen Skåne',
    expires_on: expiresOn, document_key: `permits/${companyId}/${Math.random().toString(36).slice(2)}/document.pdf`, document_content_type: 'application/pdf',
    status: state, rejection_reason: state === 'rejected' ? 'The document is unreadable.' : null, verified_at: state === 'submitted' ? null : decidedAt,
    created_at: decidedAt,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}
