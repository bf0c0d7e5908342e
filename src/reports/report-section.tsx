// The report part of a listing page for the viewer: the loader the listing page calls
// (reportSection) and the way a refused report comes back inside that page.
import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppEnv } from '../web/context.js'
import type { ListingStatus } from '../db/types.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { formatDateTime } from '../lib/time.js'
import { ReportSection } from '../../views/reports/report-section.js'
import type { ReportSectionView } from './report-view.js'
import { decisionWords, REPORT_REASONS, reportRefusal } from './report-rules.js'
import { countOpenReports, latestCompanyReport } from './reports.js'
import { ListingReportQuery } from './schemas.js'

// A refused report sent without JavaScript comes back inside the whole listing page
// (showListingPage knows nothing of this form): the route leaves what was typed and what was
// wrong here, for this request only, and the section picks it up.
const returnedForms = new WeakMap<object, { values: FormValues; errors: FieldErrors }>()

export function returnReportForm(c: Context<AppEnv>, form: { values: FormValues; errors: FieldErrors }) {
  returnedForms.set(c.req, form)
}

const SENT = 'Thank you: your report is with NordicLoop’s administrators. The seller is not told who reported it. We email you the outcome.'

/** The section for the viewer, or null when there is nothing for them (a visitor, the seller, a draft). */
export async function reportSection(c: Context<AppEnv>, listing: { id: string; status: ListingStatus; company_id: string }): Promise<Child> {
  const viewer = c.var.viewer
  if (!viewer) return null
  const db = c.var.db
  const base = { listingId: listing.id, csrfToken: c.var.csrfToken, canReport: false }
  if (!viewer.company) {
    if (!viewer.isAdmin) return null
    return <ReportSection view={{ ...base, adminOpen: await countOpenReports(db, listing.id) }} />
  }
  const company = viewer.company
  if (company.id === listing.company_id) return null
  const latest = await latestCompanyReport(db, listing.id, company.id)
  const timeZone = viewerTimeZone(c, company.country)
  const view: ReportSectionView = {
    ...base,
    // The form is offered exactly when sending it would be taken: the same rule as the POST.
    canReport: reportRefusal(listing, { companyId: company.id, status: company.status }, latest?.status === 'open') === null,
    latest: latest && {
      at: formatDateTime(latest.created_at, timeZone),
      reason: REPORT_REASONS[latest.reason_kind].toLowerCase(),
      outcome: latest.status === 'open' ? null : decisionWords[latest.status],
    },
    form: returnedForms.get(c.req),
  }
  const { report } = ListingReportQuery.parse(c.req.query())
  if (report === 'sent' && latest?.status === 'open') view.notice = SENT
  return <ReportSection view={view} />
}
