// A deal's waste transfer note: its page (with the seller's packaging, the buyer's carrier and
// each side's signature as plain forms that post and come back), its printable page and its PDF.
// Only the deal's two companies and NordicLoop's admins see it; to anyone else the deal does not
// exist (404). Mounted in the deals app, whose login guard covers all of /deals.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { submittedForm, validForm } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { ID } from '../lib/ids.js'
import { renderPdf } from '../documents/pdf.js'
import { NotePage } from '../../views/transfer-notes/note-page.js'
import { PrintPage } from '../../views/documents/print-page.js'
import { NOT_YOURS, roleIn } from '../deals/act-on-deal.js'
import { dealViewer } from '../deals/routes.js'
import { loadTransferNote } from './queries.js'
import { enterPackaging, nameCarrier, NO_NOTE, signNote, type NoteResult, type Who } from './note-steps.js'
import { presentNote, printableNote } from './present.js'
import { noteNumber } from './rules.js'
import { CarrierForm, PackagingForm, SignForm } from './schemas.js'
import type { NoteForm, NoteFormName } from './note-view.js'

const dealId = (c: Context<AppEnv>) => c.req.param('id')?.toLowerCase() ?? ''

/** The deal's note for a reader of the deal, or 404 (not their deal, or no note). */
async function readableNote(c: Context<AppEnv>, id: string) {
  const deal = await c.var.db.selectFrom('deals').select(['id', 'buyer_company_id', 'seller_company_id']).where('id', '=', id).executeTakeFirst()
  const actor = deal && roleIn(deal, dealViewer(c))
  if (!deal || !actor || actor.role === 'system') throw new HTTPException(404, { message: NOT_YOURS })
  const note = await loadTransferNote(c.var.db, id, c.var.clock())
  if (!note) throw new HTTPException(404, { message: NO_NOTE })
  return { note, role: actor.role }
}

async function showNote(c: Context<AppEnv>, id: string, notice?: { ok: boolean; text: string }, status: 200 | 409 | 422 = 200, form?: NoteForm) {
  const { note, role } = await readableNote(c, id)
  const viewer = currentUser(c)
  const view = presentNote(note, { role, name: viewer.name, timeZone: viewerTimeZone(c, viewer.company?.country), csrfToken: c.var.csrfToken })
  view.form = form
  return renderPage(c, `Waste transfer note ${view.number}`, <NotePage note={view} notice={notice} />, status)
}

const DONE: Record<string, string> = {
  packaging: 'The packaging is saved.',
  carrier: 'The carrier is saved.',
  signed: 'Your signature is on the note. The other side has been asked to sign.',
  final: 'Signed by both sides: the note is final, and both sides have been emailed its PDF.',
}

const refusedForm = (name: NoteFormName) => (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) =>
  showNote(c, dealId(c), { ok: false, text: errors._form ?? 'Check the form below.' }, 422, { name, values, errors })

/** After a step: back to the note (303), or the refusal shown with the form as it was sent. */
async function afterStep(c: Context<AppEnv>, id: string, result: NoteResult, name: NoteFormName) {
  if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
  if (!result.ok) return showNote(c, id, { ok: false, text: result.message }, 409, { name, values: await submittedForm(c), errors: {} })
  const done = name === 'sign' ? (result.final ? 'final' : 'signed') : name
  return redirectTo(c, `/deals/${id}/transfer-note?done=${done}`)
}

const who = (c: Context<AppEnv>, id: string): Who => ({ dealId: id, viewer: dealViewer(c), now: c.var.clock(), baseUrl: c.var.config.BASE_URL })

export const transferNoteRoutes = new Hono<AppEnv>()
  .get(`/${ID}/transfer-note`, (c) => {
    const done = c.req.query('done')
    return showNote(c, dealId(c), done && Object.hasOwn(DONE, done) ? { ok: true, text: DONE[done] } : undefined)
  })
  .get(`/${ID}/transfer-note/print`, async (c) => {
    const { note } = await readableNote(c, dealId(c))
    const doc = printableNote(note)
    const actions = <p><a href={`/deals/${note.deal.id}/transfer-note`}>← Back to the note</a> · <a href={`/deals/${note.deal.id}/transfer-note.pdf`}>Download PDF</a></p>
    c.header('Cache-Control', 'private, no-store')
    return c.html(<PrintPage doc={doc} actions={actions} />)
  })
  .get(`/${ID}/transfer-note.pdf`, async (c) => {
    const { note } = await readableNote(c, dealId(c))
    const pdf = await renderPdf(printableNote(note))
    return c.body(Buffer.from(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${noteNumber(note.note.number)}${note.final ? '' : '-draft'}.pdf"`,
      // A private paper: never kept by a shared cache.
      'Cache-Control': 'private, no-store',
    })
  })
  .post(`/${ID}/transfer-note/packaging`, validForm(PackagingForm, refusedForm('packaging')), async (c) => {
    const id = dealId(c)
    return afterStep(c, id, await enterPackaging(c.var.db, who(c, id), c.req.valid('form').packaging), 'packaging')
  })
  .post(`/${ID}/transfer-note/carrier`, validForm(CarrierForm, refusedForm('carrier')), async (c) => {
    const id = dealId(c)
    return afterStep(c, id, await nameCarrier(c.var.db, who(c, id), c.req.valid('form')), 'carrier')
  })
  .post(`/${ID}/transfer-note/sign`, validForm(SignForm, refusedForm('sign')), async (c) => {
    const id = dealId(c)
    return afterStep(c, id, await signNote(c.var.db, who(c, id), c.req.valid('form')), 'sign')
  })
