// A person's own details, an owner's management of members and company details. Plain forms
// that post and answer 303 (they work without JavaScript); a refusal re-renders with its reason.
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../web/context.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { fieldErrors, submittedForm, validForm } from '../web/validation.js'
import { readFormFields } from '../web/body.js'
import { clientIp } from '../web/client-ip.js'
import { currentCompany, currentUser, requireCompanyOwner } from '../web/guards.js'
import { ID } from '../lib/ids.js'
import { CompanyDetailsPage, EmailChangePage, NamePage } from '../../views/accounts/profile.js'
import { MessagePage } from '../../views/accounts/login.js'
import { companyDetailsForm, EmailChangeForm, MemberRoleForm, NameForm } from './schemas.js'
import { changeMemberRole, removeMember } from './members.js'
import { confirmEmailChange, requestEmailChange, updateCompanyDetails, updateName } from './profile.js'
import { tokenProblem } from './email-tokens.js'
import { showAccount } from './account-page.js'


function ownerActor(c: Context<AppEnv>) {
  const company = currentCompany(c)
  return { companyId: company.id, companyName: company.legalName, userId: currentUser(c).userId, ip: clientIp(c) }
}

/** Under /account (the account area's guard has run): members, one's own details, the company's. */
export const memberRoutes = new Hono<AppEnv>()
  .post(`/members/${ID}/remove`, requireCompanyOwner, async (c) => {
    const result = await removeMember(c.var.db, ownerActor(c), c.req.param('id').toLowerCase())
    if (!result.ok) return showAccount(c, { problem: result.message, status: result.status })
    return redirectTo(c, '/account?notice=member-removed')
  })
  .post(
    `/members/${ID}/role`,
    requireCompanyOwner,
    validForm(MemberRoleForm, (c, _values, errors) => showAccount(c, { problem: errors.role, status: 422 })),
    async (c) => {
      const result = await changeMemberRole(c.var.db, ownerActor(c), c.req.param('id').toLowerCase(), c.req.valid('form').role)
      if (!result.ok) return showAccount(c, { problem: result.message, status: result.status })
      return redirectTo(c, '/account?notice=role-changed')
    },
  )
  .get('/profile', (c) =>
    renderPage(c, 'Your name', <NamePage csrfToken={c.var.csrfToken} values={{ name: currentUser(c).name }} />))
  .post(
    '/profile',
    validForm(NameForm, (c, values, errors) => renderPage(c, 'Your name', <NamePage csrfToken={c.var.csrfToken} values={values} errors={errors} />, 422)),
    async (c) => {
      await updateName(c.var.db, currentUser(c).userId, c.req.valid('form').name, clientIp(c))
      return redirectTo(c, '/account?notice=profile-saved')
    },
  )
  .get('/email', (c) =>
    renderPage(c, 'Change your email address', <EmailChangePage csrfToken={c.var.csrfToken} currentEmail={currentUser(c).email} />))
  .post(
    '/email',
    validForm(EmailChangeForm, (c, values, errors) =>
      renderPage(c, 'Change your email address', <EmailChangePage csrfToken={c.var.csrfToken} currentEmail={currentUser(c).email} values={values} errors={errors} />, 422)),
    async (c) => {
      const viewer = currentUser(c)
      const input = c.req.valid('form')
      const result = await requestEmailChange(c.var.db, { id: viewer.userId, email: viewer.email, name: viewer.name }, input,
        { baseUrl: c.var.config.BASE_URL, now: c.var.clock(), ip: clientIp(c) })
      if (!result.ok) {
        return renderPage(c, 'Change your email address', (
          <EmailChangePage csrfToken={c.var.csrfToken} currentEmail={viewer.email} values={{ email: input.email }} errors={{ [result.field]: result.message }} />
        ), result.status)
      }
      return redirectTo(c, '/account?notice=email-sent')
    },
  )
  .get('/company', requireCompanyOwner, async (c) => {
    const company = await c.var.db.selectFrom('companies')
      .select(['legal_name', 'address_line', 'postcode', 'city', 'contact_name', 'contact_email', 'contact_phone', 'vat_number', 'billing_address_line', 'billing_postcode', 'billing_city', 'billing_country'])
      .where('id', '=', currentCompany(c).id).executeTakeFirstOrThrow()
    const { legal_name: legalName, ...fields } = company
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v ?? '']))
    return renderPage(c, 'Company details', <CompanyDetailsPage csrfToken={c.var.csrfToken} legalName={legalName} values={values} />)
  })
  .post(
    '/company',
    requireCompanyOwner,
    // The VAT number is checked against the company's own country, so the schema is the company's.
    async (c) => {
      const parsed = companyDetailsForm(currentCompany(c).country).safeParse(await readFormFields(c))
      if (!parsed.success) {
        return renderPage(c, 'Company details', (
          <CompanyDetailsPage csrfToken={c.var.csrfToken} legalName={currentCompany(c).legalName} values={await submittedForm(c)} errors={fieldErrors(parsed.error)} />
        ), 422)
      }
      const input = parsed.data
      await updateCompanyDetails(c.var.db, { userId: currentUser(c).userId, companyId: currentCompany(c).id, ip: clientIp(c) }, input)
      return redirectTo(c, '/account?notice=company-saved')
    },
  )

/**
 * The link in an email-change message, at /account/email/confirm. It works logged out as well
 * (the token is the proof), so the account area registers it ahead of its guard.
 */
export const emailConfirmRoutes = new Hono<AppEnv>()
  .get('/email/confirm', async (c) => {
    const token = c.req.query('token') ?? ''
    const result = token ? await confirmEmailChange(c.var.db, token, { now: c.var.clock(), ip: clientIp(c) }) : { ok: false as const, reason: 'unknown' as const }
    if (!result.ok) {
      const message = result.reason === 'taken'
        ? 'This address now belongs to another NordicLoop account, so your address was not changed.'
        : tokenProblem[result.reason]
      return renderPage(c, 'Link not valid', <MessagePage title="Your email address was not changed" message={message} link={{ href: '/account', label: 'Your account' }} />, 400)
    }
    return c.redirect(c.var.viewer?.userId === result.userId ? '/account?notice=email-changed' : '/login?notice=email-changed', 303)
  })
