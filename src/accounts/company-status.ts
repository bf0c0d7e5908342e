// The company status rule, in one place: only approved companies trade.
export type CompanyStatus = 'pending' | 'approved' | 'rejected' | 'suspended'
export type CompanyRole = 'owner' | 'member'

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
