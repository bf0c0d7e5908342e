import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { renderFragmentOrPage, renderPage } from '../web/render.js'
import { validForm } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import { currentUser } from '../web/guards.js'
import { startSession } from '../web/session.js'
import { ChangePasswordForm as ChangePasswordView, NewPasswordForm as NewPasswordView, ResetRequestForm, ResetRequestPage } from '../../views/accounts/passwords.js'
import { MessagePage } from '../../views/accounts/login.js'
import { ChangePasswordForm, EmailOnlyForm, NewPasswordForm } from './schemas.js'
import { changePassword, requestPasswordReset, resetPassword } from './passwords-flow.js'
import { checkEmailToken, tokenProblem } from './email-tokens.js'

const resetAction = (token: string) => `/password-reset/${encodeURIComponent(token)}`

/** Forgotten passwords, at /password-reset: ask for a link, then choose a new password. */
export const passwordResetRoutes = new Hono<AppEnv>()
  .get('/', (c) => renderPage(c, 'Reset your password', <ResetRequestPage csrfToken={c.var.csrfToken} sent={c.req.query('sent') === '1'} />, 200,
    { description: 'Forgot your NordicLoop password? Ask for a link to choose a new one.' }))
  .post(
    '/',
    validForm(EmailOnlyForm, ((c, values, errors) =>
      renderFragmentOrPage(c, 'Reset your password', <ResetRequestForm csrfToken={c.var.csrfToken} values={values} errors={errors} />, 422,
        <ResetRequestPage csrfToken={c.var.csrfToken} values={values} errors={errors} />))),
    async (c) => {
      const { email } = c.req.valid('form')
      const result = await requestPasswordReset(c.var.db, email, { baseUrl: c.var.config.BASE_URL, now: c.var.clock(), ip: clientIp(c) })
      if (!result.ok) {
        const errors = { email: result.message }
        return renderFragmentOrPage(c, 'Reset your password', <ResetRequestForm csrfToken={c.var.csrfToken} values={{ email }} errors={errors} />, 429,
          <ResetRequestPage csrfToken={c.var.csrfToken} values={{ email }} errors={errors} />)
      }
      // The same answer whether or not the account exists, so the form cannot be used to
      // find out who is registered.
      // A plain form lands on a page of its own (POST, then redirect), so a reload sends nothing again.
      if (isHtmx(c)) return c.html(<ResetRequestForm csrfToken={c.var.csrfToken} sent />)
      return redirectTo(c, '/password-reset?sent=1')
    },
  )
  .get('/:token', async (c) => {
    const token = c.req.param('token')
    const check = await checkEmailToken(c.var.db, token, 'password_reset', c.var.clock())
    if (!check.ok) return renderPage(c, 'Reset your password', <ResetRequestPage csrfToken={c.var.csrfToken} problem={tokenProblem[check.reason]} />, 400)
    return renderPage(c, 'Choose a new password', (
      <section class="narrow">
        <h1>Choose a new password</h1>
        <NewPasswordView csrfToken={c.var.csrfToken} action={resetAction(token)} />
      </section>
    ))
  })
  .post(
    '/:token',
    validForm(NewPasswordForm, ((c, _values, errors) =>
      renderFragmentOrPage(c, 'Choose a new password', <NewPasswordView csrfToken={c.var.csrfToken} action={resetAction(c.req.param('token') ?? '')} errors={errors} />, 422))),
    async (c) => {
      const result = await resetPassword(c.var.db, c.req.param('token'), c.req.valid('form').password, { now: c.var.clock(), ip: clientIp(c) })
      if (!result.ok) {
        return renderFragmentOrPage(c, 'Reset your password', <ResetRequestPage csrfToken={c.var.csrfToken} problem={tokenProblem[result.reason]} />, 400)
      }
      return redirectTo(c, '/login?notice=password-reset')
    },
  )

/** Changing one's password, at /account/password (the account area's guard has run). */
export const changePasswordRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    return renderPage(c, 'Change password', (
      <section class="narrow">
        <h1>Change password</h1>
        <ChangePasswordView csrfToken={c.var.csrfToken} />
      </section>
    ))
  })
  .post(
    '/',
    validForm(ChangePasswordForm, ((c, _values, errors) =>
      renderFragmentOrPage(c, 'Change password', <ChangePasswordView csrfToken={c.var.csrfToken} errors={errors} />, 422))),
    async (c) => {
      const viewer = currentUser(c)
      const input = c.req.valid('form')
      const now = c.var.clock()
      const result = await changePassword(c.var.db, viewer.userId, input.current_password, input.password, { now, ip: clientIp(c) })
      if (!result.ok) {
        return renderFragmentOrPage(c, 'Change password', <ChangePasswordView csrfToken={c.var.csrfToken} errors={{ current_password: result.message }} />, 422)
      }
      // Every session was dropped with the old password; this browser gets a fresh one.
      await startSession(c, viewer.userId)
      return redirectTo(c, '/account?notice=password-changed')
    },
  )
