// Plain data the admin pages receive; the queries in src/admin shape rows into these.
import type { CompanyRole, CompanyStatus } from '../accounts/company-status.js'

export type StatusCounts = Record<CompanyStatus, number>

export type PersonSummary = { id: string; name: string; email: string; role: CompanyRole | null; emailVerified: boolean; createdAt: Date }

export type CompanyRegistration = {
  id: string
  legalName: string
  orgNumber: string
  country: string
  addressLine: string
  postcode: string
  city: string
  contactName: string
  status: CompanyStatus
  statusReason: string | null
  statusChangedAt: Date | null
  createdAt: Date
  owners: PersonSummary[]
}

export type CompanyDetail = CompanyRegistration & { members: PersonSummary[] }

export type AuditEntry = {
  id: number
  at: Date
  actorEmail: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  detail: Record<string, unknown>
  ip: string | null
}

export type CompanySearch = { q: string; status: CompanyStatus | '' }

export type CompanyPage = { companies: CompanyRegistration[]; nextCursor: string | null }

/** A category as the admin manages it, with how many listings use it. */
export type AdminCategory = {
  id: number
  slug: string
  name: string
  description: string
  retiredAt: Date | null
  listingCount: number
  liveCount: number
}
