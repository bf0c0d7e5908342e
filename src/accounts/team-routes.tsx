import { Hono } from 'hono'
import { accountNotices, showAccount } from './account-page.js'
import type { AppEnv } from '../web/context.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { renderFragmentOrPage, renderPage } from '../web/render.js'
import { fieldErrors, validForm, submittedValues } from '../web/validation.js'
import { readFormFields } from '../web/body.js'
import { currentCompany, currentUser, requireApprovedCompany, requireCompanyOwner } from '../web/guards.js'
import { clientIp } from '../web/client-ip.js'
import { startSession } from '../web/session.js'
import { AcceptInvitationForm as AcceptInvitationView, InviteForm } from '../../views/accounts/account.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { MessagePage } from '../../views/accounts/login.js'
import { AcceptInvitationForm, EmailOnlyForm } from './schemas.js'
import { acceptInvitation, findOpenInvitation, inviteColleague } from './invitations.js'

const invitationAction = (token: string) => `/invitations/${encodeURIComponent(token)}`

/** The account page and inviting colleagues, at /account (the account area's guard has run). */
export const teamRoutes = new Hono<AppEnv>()
  .get('/', (c) => showAccount(c, { notice: accountNotices[c.req.query('notice') ?? ''] }))
  .post(
    '/invitations',
    // Only an approved company grows: a pending or suspended one could otherwise add people
    // (and accounts) before anyone at NordicLoop has looked at it.
    requireApprovedCompany,
    requireCompanyOwner,
    validForm(EmailOnlyForm, ((c, values, errors) =>
      renderFragmentOrPage(c, 'Invite a colleague', <InviteForm csrfToken={c.var.csrfToken} values={values} errors={errors} />, 422))),
    async (c) => {
      const viewer = currentUser(c)
      const company = currentCompany(c)
      const { email } = c.req.valid('form')
      const result = await inviteColleague(c.var.db, {
        companyId: company.id, companyName: company.legalName, inviter: { id: viewer.userId, name: viewer.name }, email,
      }, { baseUrl: c.var.config.BASE_URL, now: c.var.clock(), ip: clientIp(c) })
      if (!result.ok) {
        return renderFragmentOrPage(c, 'Invite a colleague', <InviteForm csrfToken={c.var.csrfToken} values={{ email }} errors={{ email: result.message }} />, result.status)
      }
      // A plain form lands on the account page (POST, then redirect); htmx swaps the form with its confirmation.
      if (isHtmx(c)) return c.html(<InviteForm csrfToken={c.var.csrfToken} sentTo={email} />)
      return redirectTo(c, '/account?notice=invitation-sent')
    },
  )

/** Following an invitation link, at /invitations/<token>: no account yet, so no guard. */
export const invitationRoutes = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const token = c.req.param('token')
    const invitation = await findOpenInvitation(c.var.db, token, c.var.clock())
    if ('problem' in invitation) {
      return renderPage(c, 'Invitation', <MessagePage title="This invitation cannot be used" message={invitation.problem} link={{ href: '/login', label: 'Log in' }} />, 400)
    }
    return renderPage(c, 'Join your company', (
      <section class="narrow">
        <h1>Join {invitation.companyName} on NordicLoop</h1>
        <AcceptInvitationView csrfToken={c.var.csrfToken} action={invitationAction(token)} email={invitation.email} companyName={invitation.companyName} />
      </section>
    ))
  })
  .post('/:token', async (c) => {
    const token = c.req.param('token')
    const now = c.var.clock()
    const invitation = await findOpenInvitation(c.var.db, token, now)
    if ('problem' in invitation) {
      return renderFragmentOrPage(c, 'Invitation', <MessagePage title="This invitation cannot be used" message={invitation.problem} />, 400)
    }
    const view = (props: { values?: FormValues; errors?: FieldErrors; message?: string }) => (
      <AcceptInvitationView csrfToken={c.var.csrfToken} action={invitationAction(token)} email={invitation.email} companyName={invitation.companyName} {...props} />
    )
    const body = await readFormFields(c)
    const parsed = AcceptInvitationForm.safeParse(body)
    if (!parsed.success) {
      return renderFragmentOrPage(c, 'Join your company', view({ values: submittedValues(body), errors: fieldErrors(parsed.error) }), 422)
    }
    const result = await acceptInvitation(c.var.db, invitation, parsed.data, now)
    if (!result.ok) return renderFragmentOrPage(c, 'Join your company', view({ message: result.message }), 409)
    await startSession(c, result.userId)
    return redirectTo(c, '/account')
  })
