// What views/companies/profile-page.tsx receives, shaped by src/companies/profile.ts.
import type { ResultCardView } from '../listings/listing-view.js'
import type { TradeTotals } from './trade-totals.js'

type When = { iso: string; text: string }

export type CompanyProfileView = {
  id: string
  name: string
  location: string
  memberSince: string
  /** A verified waste permit that has not expired (the number stays between the company and NordicLoop). */
  permit: null | { authority: string; validUntil: string }
  reputation: { label: string; count: number; isNew: boolean; average: string | null }
  trade: TradeTotals
  listings: ResultCardView[]
  ratings: {
    id: string
    score: number
    comment: string
    at: When
    rater: { name: string; href: string | null; role: 'buyer' | 'seller' }
    reply: null | { text: string; at: When }
  }[]
}

/** An admin reading the profile gets a hide form under each rating. */
export type ProfileAdmin = { csrfToken: string }
