// The plain data every page receives about who is looking. Views never touch the database.
import type { CompanyRole, CompanyStatus } from '../src/accounts/company-status.js'

export type Viewer = {
  userId: string
  name: string
  email: string
  emailVerified: boolean
  isAdmin: boolean
  company: { id: string; legalName: string; country: string; status: CompanyStatus; statusReason: string | null; role: CompanyRole } | null
}

export type PageContext = {
  viewer: Viewer | null
  csrfToken: string
  /** Current path with query, used as the return-to target of the login link. */
  path: string
  devMail: boolean
  /** Fingerprinted URLs of the stylesheet and scripts. */
  assets: { css: string; htmx: string; tz: string; sse: string }
  /** The page keeps a live connection (auction pages): load htmx's SSE extension. */
  live?: boolean
}
