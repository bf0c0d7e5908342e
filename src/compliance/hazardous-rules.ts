// Who may take a hazardous lot, as one pure rule: a lot whose EWC code is hazardous (the codes
// marked * in the European List of Waste) goes only to a company holding a waste permit that
// NordicLoop has verified and that has not expired (compliance/permits.ts decides that fact).
// The bidding rules, buying, and second-chance offers all ask here.

export const PERMITS_PAGE = '/account/permits'

export const PERMIT_REQUIRED_MESSAGE =
  'This lot is hazardous waste: only a company whose waste permit NordicLoop has verified, and which has not expired, can bid on or buy it. ' +
  'Upload your permit under Waste permits on your account page; we usually verify it within one working day.'

/** The refusal for a company taking a lot, or null when it may. */
export function permitRefusal(lot: { hazardous: boolean }, taker: { holdsValidPermit: boolean }): string | null {
  return lot.hazardous && !taker.holdsValidPermit ? PERMIT_REQUIRED_MESSAGE : null
}
