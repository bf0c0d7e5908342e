// The forms and query strings of reporting a listing and deciding its reports.
import { z } from 'zod'
import { multilineText, text } from '../lib/fields.js'
import { DECISION_NOTE_MAX_LENGTH, detailsRequired, REPORT_DETAILS_MAX_LENGTH, REPORT_REASON_KINDS } from './report-rules.js'

const KIND_MESSAGE = 'Choose one of the reasons in the list.'

export const ReportForm = z.object({
  reason_kind: z.enum(REPORT_REASON_KINDS, { error: KIND_MESSAGE }),
  details: multilineText(REPORT_DETAILS_MAX_LENGTH, {
    error: 'Write the details as text.',
    tooLong: `Keep the details under ${REPORT_DETAILS_MAX_LENGTH.toLocaleString('en-GB')} characters.`,
  }).default(''),
}).superRefine((form, ctx) => {
  if (detailsRequired(form.reason_kind) && form.details.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['details'], message: 'Say what is wrong: with “Something else” the administrator needs your words.' })
  }
})

const note = (message: string) =>
  text({ error: message, multiline: true }).trim().min(1, message)
    .max(DECISION_NOTE_MAX_LENGTH, `Keep it under ${DECISION_NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters.`)

/** Dismissing: the note each reporting company reads in its email. */
export const DismissForm = z.object({ note: note('Write a note: each reporting company reads it in the email.') })

/** Withdrawing: the reason the seller reads (the existing admin withdrawal sends it). */
export const WithdrawForm = z.object({ reason: note('Give a reason: the seller reads it in the email.') })

/** What the queue says after a decision; only these fixed words, never text from the URL. */
export const ReportsQuery = z.object({
  done: z.enum(['dismissed', 'withdrawn']).optional().catch(undefined),
})

/** The listing page's word after a report was sent; anything else is ignored. */
export const ListingReportQuery = z.object({
  report: z.enum(['sent']).optional().catch(undefined),
})
