// A company's waste permits: the page under /account/permits (members read, owners upload) and
// the document itself at /permits/:id/document, served only to the company's people and to
// admins. Everyone else, logged in or not, gets the same 404 as for a permit that does not exist.
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { renderPage } from '../web/render.js'
import { redirectTo } from '../web/redirect.js'
import { clientIp } from '../web/client-ip.js'
import { readForm } from '../web/body.js'
import { fieldErrors, submittedForm } from '../web/validation.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { currentCompany, currentUser, requireCompanyOwner } from '../web/guards.js'
import { isoDate as isoDateField, requiredText } from '../lib/fields.js'
import { ID } from '../lib/ids.js'
import { zoneForCountry } from '../lib/time.js'
import { PermitsPage } from '../../views/compliance/permits.js'
import { companyPermits, permitStanding } from './permit-queries.js'
import { localDate } from './permits.js'
import { submitPermit } from './permit-actions.js'
import { MAX_PERMIT_BYTES } from './permit-documents.js'

export const PermitForm = z.object({
  permit_number: requiredText('the permit number', 100),
  issuing_authority: requiredText('the issuing authority', 200),
  expires_on: isoDateField('the expiry date'),
})

/** The permit upload's own body limit (a 15 MB document and the form around it), in place of the 1 MB form limit. */
export const permitUploadLimit = bodyLimit({
  maxSize: MAX_PERMIT_BYTES + 1024 * 1024,
  onError: () => {
    throw new HTTPException(413, { message: 'That document is too large: it can be at most 15 MB.' })
  },
})
export const PERMIT_POST_PATH = /^\/account\/permits\/?$/

const NOTICES: Record<string, string> = { uploaded: 'The permit was uploaded. NordicLoop will verify it, usually within one working day, and email you.' }

async function showPermits(c: Context<AppEnv>, opts: { values?: FormValues; errors?: FieldErrors; status?: 422 | 503 } = {}) {
  const company = currentCompany(c)
  const permits = await companyPermits(c.var.db, company.id)
  const today = localDate(c.var.clock(), zoneForCountry(company.country))
  const items = permits.map((p) => ({ ...p, standing: permitStanding(p, today) }))
  const notice = c.req.query('notice')
  return renderPage(c, 'Waste permits', (
    <PermitsPage
      csrfToken={c.var.csrfToken} companyName={company.legalName} isOwner={company.role === 'owner'} permits={items}
      holdsValidPermit={items.some((p) => p.standing.tone === 'ok')}
      notice={notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : undefined} values={opts.values} errors={opts.errors}
    />
  ), opts.status)
}

/** Under /account/permits (the account area's guard has run). */
export const accountPermitRoutes = new Hono<AppEnv>()
  .get('/', (c) => showPermits(c))
  .post('/', requireCompanyOwner, async (c) => {
    const company = currentCompany(c)
    const form = await readForm(c)
    const parsed = PermitForm.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => k !== 'document')))
    const files = form.getAll('document').filter((v): v is File => v instanceof File && !(v.size === 0 && v.name === ''))
    const values = await submittedForm(c)
    if (!parsed.success) return showPermits(c, { values, errors: fieldErrors(parsed.error), status: 422 })
    if (files.length > 1) return showPermits(c, { values, errors: { document: 'Choose one document.' }, status: 422 })
    const bytes = files.length === 1 ? new Uint8Array(await files[0].arrayBuffer()) : null
    const result = await submitPermit(c.var.db, { storage: c.var.storage, log: c.var.log }, { companyId: company.id, userId: currentUser(c).userId, ip: clientIp(c) },
      parsed.data, bytes, c.var.clock())
    if (!result.ok) return showPermits(c, { values, errors: { [result.field ?? '_form']: result.message }, status: result.status === 503 ? 503 : 422 })
    return redirectTo(c, '/account/permits?notice=uploaded')
  })

/** At /permits: the document, for the company's members and admins only. */
export const permitDocumentRoutes = new Hono<AppEnv>()
  .get(`/${ID}/document`, async (c) => {
    const viewer = c.var.viewer
    if (!viewer) return c.notFound()
    const permit = await c.var.db.selectFrom('waste_permits').select(['company_id', 'document_key', 'document_content_type', 'permit_number'])
      .where('id', '=', c.req.param('id').toLowerCase()).executeTakeFirst()
    if (!permit || !(viewer.isAdmin || viewer.company?.id === permit.company_id)) return c.notFound()
    let object
    try {
      object = await c.var.storage.get(permit.document_key)
    } catch (err) {
      c.var.log.error('permit document storage unavailable', { error: (err as Error).message })
      return c.text('The document is temporarily unavailable.', 503, { 'Retry-After': '5' })
    }
    if (!object) return c.notFound()
    // Only this browser may keep it: no shared cache may store a document only some may read.
    c.header('Cache-Control', 'private, no-store')
    c.header('Vary', 'Cookie')
    c.header('Content-Type', permit.document_content_type)
    c.header('X-Content-Type-Options', 'nosniff')
    const name = `permit-${permit.permit_number.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'document'}.${permit.document_content_type === 'application/pdf' ? 'pdf' : 'webp'}`
    c.header('Content-Disposition', `inline; filename="${name}"`)
    if (object.size !== undefined) c.header('Content-Length', String(object.size))
    return c.body(object.body, 200)
  })

