// The company status rule, in one place: only approved companies trade.
import type { CompanyRole, CompanyStatus } from '../db/types.js'

// The values come from the CHECK constraints in the migrations, through the generated types.
export type { CompanyRole, CompanyStatus }

export function canTrade(status: CompanyStatus): boolean {
  return status === 'approved'
}

/** Why a company that cannot trade cannot, in words shown to its members. */
export function tradingRefusal(status: CompanyStatus, reason: string | null): string | null {
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
