// The data the report part of a listing page receives: plain values, already in words.
import type { FieldErrors, FormValues } from '../web/forms.js'

/** What the report part of a listing page shows one viewer; built by ./report-section.tsx, shown by views/reports/report-section.tsx. */
export type ReportSectionView = {
  listingId: string
  csrfToken: string
  /** The viewer's company's latest report of this listing, in words. */
  latest?: { at: string; reason: string; outcome: string | null }
  /** The form is offered (a member of another company, a live listing, no open report). */
  canReport: boolean
  notice?: string
  form?: { values: FormValues; errors: FieldErrors }
  /** Admins: how many reports wait in the queue for this listing. */
  adminOpen?: number
}
