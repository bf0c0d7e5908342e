// The rules of reporting a listing, in one pure module: the reasons a member may give, how long
// the details may be, who may report which listing, and what a decision is called.
import type { CompanyStatus, ListingStatus } from '../db/types.js'
import { isPubliclyVisible } from '../listings/listing-state.js'

/** The reasons, in the order the form offers them; the database CHECK holds the same list. */
export const REPORT_REASONS = {
  prohibited: 'Goods that may not be sold here',
  hazardous_undeclared: 'Hazardous waste not declared as hazardous',
  misleading: 'Misleading description, photos or quantity',
  duplicate: 'A duplicate of another listing',
  fraud: 'Suspected fraud or a scam',
  other: 'Something else',
} as const

export type ReportReason = keyof typeof REPORT_REASONS
export const REPORT_REASON_KINDS = Object.keys(REPORT_REASONS) as [ReportReason, ...ReportReason[]]

export const REPORT_DETAILS_MAX_LENGTH = 1000
export const DECISION_NOTE_MAX_LENGTH = 1000

export type ReportStatus = 'open' | 'dismissed' | 'withdrawn'
export type ReportDecision = Exclude<ReportStatus, 'open'>

export type ReportRefusal = { status: 403 | 404 | 409; message: string }

type ReportedListing = { status: ListingStatus; company_id: string }

export const OWN_LISTING = 'This is your own listing, so you cannot report it. Edit or withdraw it instead.'

/**
 * Companies awaiting approval may report too: they browse the marketplace and may spot a
 * problem first. Rejected and suspended ones may not, so a company shut out cannot keep
 * filing reports against the companies that trade.
 */
export function companyMayReport(status: CompanyStatus): boolean {
  return status === 'approved' || status === 'pending'
}

/**
 * Why this company may not report this listing now, or null when it may. Only a live listing
 * can be reported: a withdrawn one is already off the market, and an ended one can no longer
 * be withdrawn (an admin looks at its deal instead).
 */
export function reportRefusal(listing: ReportedListing | undefined, reporter: { companyId: string; status: CompanyStatus }, hasOpenReport: boolean): ReportRefusal | null {
  if (!listing || !isPubliclyVisible(listing.status)) {
    return { status: 404, message: 'There is no such listing. It may have been removed.' }
  }
  if (listing.company_id === reporter.companyId) return { status: 403, message: OWN_LISTING }
  if (!companyMayReport(reporter.status)) {
    return { status: 403, message: 'Your company cannot report listings while it is rejected or suspended. Contact support if something is wrong.' }
  }
  if (listing.status !== 'live') {
    return { status: 409, message: 'This listing is no longer on the market, so it cannot be reported. Nothing was sent.' }
  }
  if (hasOpenReport) {
    return {
      status: 409,
      message: 'Your company has already reported this listing and an administrator has not decided yet. ' +
        'We tell you the outcome by email. Nothing new was sent.',
    }
  }
  return null
}

/** The form needs some words when the reason is "something else"; for the others they help but are optional. */
export function detailsRequired(kind: ReportReason): boolean {
  return kind === 'other'
}

/** What a decision means, as the reporting company reads it. */
export const decisionWords: Record<ReportDecision, string> = {
  dismissed: 'An administrator looked at the reports and left the listing on the market.',
  withdrawn: 'An administrator withdrew the listing from the marketplace.',
}
