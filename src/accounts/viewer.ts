// Who is looking at a page, as plain data: read with the session, checked by the guards and
// handed to the views (which never touch the database).
import type { CompanyRole, CompanyStatus } from './company-status.js'

export type Viewer = {
  userId: string
  name: string
  email: string
  emailVerified: boolean
  isAdmin: boolean
  company: { id: string; legalName: string; country: string; status: CompanyStatus; statusReason: string | null; role: CompanyRole } | null
}
