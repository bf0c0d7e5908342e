// Reporting a listing. A plain form: a report sent answers 303 back to the listing page with a
// confirmation; a refusal shows the listing page again with the message beside the form.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../web/context.js'
import { currentCompany } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { validForm } from '../web/validation.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { ID } from '../lib/ids.js'
import { showListingPage } from '../listings/show-listing.js'
import { fileReport } from './reports.js'
import { returnReportForm } from './report-section.js'
import { ReportForm } from './schemas.js'
import { OWN_LISTING } from './report-rules.js'

const listingId = (c: Context<AppEnv>) => (c.req.param('id') ?? '').toLowerCase()

/** The listing page again, with the form as it was sent and what was wrong. */
function refuse(c: Context<AppEnv>, values: FormValues, errors: FieldErrors, status: ContentfulStatusCode) {
  returnReportForm(c, { values, errors })
  return showListingPage(c, listingId(c), undefined, status)
}

export const reportRoutes = new Hono<AppEnv>()
  .post(`/${ID}/reports`,
    // The guards before the form: a visitor is asked to log in, an admin without a company
    // refused, and the seller told at once (their page has no form to show messages beside).
    async (c, next) => {
      const company = currentCompany(c)
      const listing = await c.var.db.selectFrom('listings').select('company_id').where('id', '=', listingId(c)).executeTakeFirst()
      if (listing?.company_id === company.id) throw new HTTPException(403, { message: OWN_LISTING })
      await next()
    },
    validForm(ReportForm, (c, values, errors) => refuse(c, values, errors, 422)),
    async (c) => {
      const company = currentCompany(c)
      const { reason_kind, details } = c.req.valid('form')
      const result = await fileReport(c.var.db, {
        listingId: listingId(c), companyId: company.id, companyStatus: company.status, userId: c.var.viewer!.userId,
        kind: reason_kind, details, now: c.var.clock(),
      })
      // Nothing to show the form again for: no such listing, or not this company's to report.
      if (!result.ok && result.status !== 409) throw new HTTPException(result.status, { message: result.message })
      if (!result.ok) return refuse(c, { reason_kind, details }, { _form: result.message }, result.status)
      return redirectTo(c, `/listings/${listingId(c)}?report=sent#report`)
    })
