import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../web/context.js'
import { renderPage } from '../web/render.js'
import { currentUser } from '../web/guards.js'
import { AccountPage } from '../../views/accounts/account.js'
import { COUNTRIES } from '../lib/countries.js'
import { listCompanyMembers, listPendingInvitations } from './invitations.js'
import { mayInviteColleagues } from './company-status.js'
import { verifiedPermit } from '../compliance/permits.js'

// Notices shown on the account page after a redirect; only these fixed texts, never user input.
export const accountNotices: Record<string, string> = {
  'member-removed': 'The member was removed from the company and logged out.',
  'role-changed': 'The role was changed.',
  'profile-saved': 'Your name was saved.',
  'email-sent': 'We sent a confirmation link to the new address. Your email address changes when you open it.',
  'email-changed': 'Your email address was changed.',
  'company-saved': 'The company details were saved.',
  'password-changed': 'Your password has been changed, and every other session has been logged out.',
  'invitation-sent': 'Invitation sent by email.',
}

/** The account page, with a notice after a redirect or a problem (and its status) after a refused change. */
export async function showAccount(c: Context<AppEnv>, opts: { notice?: string; problem?: string; status?: ContentfulStatusCode } = {}) {
  const viewer = currentUser(c)
  const db = c.var.db
  if (!viewer.company) {
    return renderPage(c, 'Your account', <AccountPage viewer={viewer} csrfToken={c.var.csrfToken} company={null} members={[]} invitations={[]} {...opts} />, opts.status)
  }
  const companyId = viewer.company.id
  const [company, members, invitations, permit] = await Promise.all([
    db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirstOrThrow(),
    listCompanyMembers(db, companyId),
    listPendingInvitations(db, companyId, c.var.clock()),
    verifiedPermit(db, companyId, c.var.clock()),
  ])
  return renderPage(c, 'Your account', (
    <AccountPage
      viewer={viewer}
      csrfToken={c.var.csrfToken}
      notice={opts.notice}
      problem={opts.problem}
      company={{
        legalName: company.legal_name, orgNumber: company.org_number, country: COUNTRIES[company.country] ?? company.country,
        address: `${company.address_line}, ${company.postcode} ${company.city}`, vatNumber: company.vat_number,
        billingAddress: company.billing_address_line === null ? null
          : `${company.billing_address_line}, ${company.billing_postcode} ${company.billing_city}, ${COUNTRIES[company.billing_country ?? ''] ?? company.billing_country}`,
        holdsValidPermit: permit !== null,
        status: company.status, statusReason: company.status_reason,
        contactName: company.contact_name, contactEmail: company.contact_email, contactPhone: company.contact_phone,
        invite: viewer.company.role !== 'owner' ? null : mayInviteColleagues(viewer.company.role, company.status) ? 'open' : 'after-approval',
      }}
      members={members.map((m) => ({ id: m.id, name: m.name, email: m.email, role: m.company_role, verified: m.email_verified_at !== null }))}
      invitations={invitations.map((i) => ({ email: i.email, expiresAt: i.expires_at.toISOString() }))}
    />
  ), opts.status)
}
