// What a company's status means to its members, in words. Whether a status may trade is
// decided in listings/listing-state.ts (companyMayTrade).
import { companyMayTrade } from '../listings/listing-state.js'
import type { CompanyRole, CompanyStatus } from '../db/types.js'

// The values come from the CHECK constraints in the migrations, through the generated types.
export type { CompanyRole, CompanyStatus }


/**
 * Whether a member may invite colleagues now: owners of a company that may trade. A pending or
 * suspended company could otherwise add people before NordicLoop has looked at it. The invite
 * route's guards (requireApprovedCompany, requireCompanyOwner) enforce the same two conditions.
 */
export function mayInviteColleagues(role: CompanyRole, status: CompanyStatus): boolean {
  return role === 'owner' && companyMayTrade(status)
}

/** Why a company that cannot trade cannot, in words shown to its members. */
export function tradingRefusal(status: CompanyStatus, reason: string | null): string | null {
  if (companyMayTrade(status)) return null
  switch (status) {
    case 'approved':
      return null
    case 'pending':
      return 'Your company is awaiting approval by NordicLoop. You can browse, but you cannot list or bid until it is approved.'
    case 'rejected':
      return `Your company registration was rejected${reason ? `: ${reason}` : ''}. Contact support if you think this is a mistake.`
    case 'suspended':
      return `Your company is suspended${reason ? `: ${reason}` : ''}. You cannot list or bid until it is reactivated.`
  }
}
