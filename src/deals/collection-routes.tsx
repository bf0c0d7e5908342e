// Collection of a paid deal: propose windows, pick or withdraw one, correct the address. Each is
// a plain form that ends in a 303 back to the deal page; with htmx a refused form is swapped in
// place with its messages. A deal that is none of the viewer's is no such deal (404).
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { submittedForm, validForm } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { ID } from '../lib/ids.js'
import { zonedLocalToUtc } from '../lib/time.js'
import { CollectionSection } from '../../views/deals/collection.js'
import { NOT_YOURS, roleIn, type StepResult } from './act-on-deal.js'
import { changeCollectionAddress, pickWindow, proposeWindows, windowProblem, withdrawWindow, type CollectionWindow } from './collection.js'
import { loadDeal } from './queries.js'
import { presentDeal } from './present-deal.js'
import { dealViewer, showDeal } from './routes.js'
import { CollectionAddressForm, ProposeWindowsForm, WindowChoiceForm } from './schemas.js'
import { dealTerms } from './terms.js'

type FormState = { name: 'propose' | 'address'; values: FormValues; errors: FieldErrors }
type Shown = { status: 200 | 409 | 422; notice?: { ok: boolean; text: string }; form?: FormState }

const dealId = (c: Context<AppEnv>) => c.req.param('id')?.toLowerCase() ?? ''

/**
 * A refusal or a form's messages: for htmx the collection section alone, swapped where the form
 * was; for a plain browser the whole deal page. Either way a 404 outside the deal.
 */
async function showCollection(c: Context<AppEnv>, id: string, shown: Shown) {
  if (!isHtmx(c)) return showDeal(c, id, shown.notice, shown.status, undefined, shown.form)
  const loaded = await loadDeal(c.var.db, id)
  const actor = loaded && roleIn(loaded.deal, dealViewer(c))
  if (!loaded || !actor || actor.role === 'system') throw new HTTPException(404, { message: NOT_YOURS })
  const deal = presentDeal(loaded, {
    actor, now: c.var.clock(), csrfToken: c.var.csrfToken, timeZone: viewerTimeZone(c, currentUser(c).company?.country),
  }, dealTerms(c.var.config), [])
  deal.collection.form = shown.form
  return c.html(<CollectionSection deal={deal} notice={shown.notice} />, shown.status)
}

const CHECK_FORM = 'Check the collection form below.'

/** A form zod refused: shown again with its messages. */
const refusedForm = (name: FormState['name']) => (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) =>
  showCollection(c, dealId(c), { status: 422, notice: { ok: false, text: errors._form ?? CHECK_FORM }, form: { name, values, errors } })

/** A pick or withdraw button whose window id is not one: nothing to show again but the message. */
const refusedChoice = (c: Context<AppEnv>, _values: FormValues, errors: FieldErrors) =>
  showCollection(c, dealId(c), { status: 422, notice: { ok: false, text: errors.window ?? 'Reload the page and choose again.' } })

/** After the step: back to the deal page, or the rules' refusal shown where the form was. */
async function afterStep(c: Context<AppEnv>, id: string, result: StepResult, done: string, form?: FormState['name']) {
  if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
  if (!result.ok) {
    const values = form ? await submittedForm(c) : {}
    return showCollection(c, id, { status: result.status === 422 ? 422 : 409, notice: { ok: false, text: result.message }, form: form && { name: form, values, errors: {} } })
  }
  return redirectTo(c, `/deals/${id}?done=${done}#collection`)
}

const who = (c: Context<AppEnv>, id: string) => ({ dealId: id, viewer: dealViewer(c), now: c.var.clock(), terms: dealTerms(c.var.config) })

// Mounted in the deals app after its pages, whose login guard covers all of /deals.
export const collectionRoutes = new Hono<AppEnv>()
  .post(`/${ID}/collection/windows`, validForm(ProposeWindowsForm, refusedForm('propose')), async (c) => {
    const id = dealId(c)
    const now = c.var.clock()
    // Typed in the proposer's own zone, as the form says.
    const zone = viewerTimeZone(c, currentUser(c).company?.country)
    const errors: FieldErrors = {}
    const windows: CollectionWindow[] = []
    for (const row of c.req.valid('form')) {
      const startsAt = zonedLocalToUtc(row.start, zone)
      const endsAt = zonedLocalToUtc(row.end, zone)
      if (!startsAt || !endsAt) {
        errors[startsAt ? `end_${row.row}` : `start_${row.row}`] = 'Enter a real date and time.'
        continue
      }
      const problem = windowProblem({ startsAt, endsAt }, now)
      if (problem) errors[`${problem.field}_${row.row}`] = problem.message
      else windows.push({ startsAt, endsAt })
    }
    if (Object.keys(errors).length > 0) {
      return showCollection(c, id, { status: 422, notice: { ok: false, text: CHECK_FORM }, form: { name: 'propose', values: await submittedForm(c), errors } })
    }
    return afterStep(c, id, await proposeWindows(c.var.db, who(c, id), windows), 'collection-proposed', 'propose')
  })
  .post(`/${ID}/collection/pick`, validForm(WindowChoiceForm, refusedChoice), async (c) => {
    const id = dealId(c)
    return afterStep(c, id, await pickWindow(c.var.db, who(c, id), c.req.valid('form').window), 'collection-agreed')
  })
  .post(`/${ID}/collection/withdraw`, validForm(WindowChoiceForm, refusedChoice), async (c) => {
    const id = dealId(c)
    return afterStep(c, id, await withdrawWindow(c.var.db, who(c, id), c.req.valid('form').window), 'collection-withdrawn')
  })
  .post(`/${ID}/collection/address`, validForm(CollectionAddressForm, refusedForm('address')), async (c) => {
    const id = dealId(c)
    return afterStep(c, id, await changeCollectionAddress(c.var.db, who(c, id), c.req.valid('form').address), 'collection-address', 'address')
  })
