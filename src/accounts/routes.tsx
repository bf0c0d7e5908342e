import { Hono, type Context } from 'hono'
import type { AppEnv } from '../web/context.js'
import { redirectTo, safeReturnPath } from '../web/redirect.js'
import { renderFragmentOrPage, renderPage } from '../web/render.js'
import { validForm } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import { clearSessionCookie } from '../web/session-cookie.js'
import { startSession } from '../web/session.js'
import { LoginForm as LoginFormView, LoginPage, MessagePage } from '../../views/accounts/login.js'
import { RegisteredPage, RegisterForm as RegisterFormView, RegisterPage } from '../../views/accounts/register.js'
import { LoginForm, RegisterForm } from './schemas.js'
import { registerCompany } from './registration.js'
import { logIn } from './login.js'
import { invalidateSession } from './sessions.js'
import { consumeEmailToken, tokenProblem } from './email-tokens.js'
import { recordAudit } from '../admin/audit.js'
import { OVERVIEW_PATH } from '../dashboard/overview.js'

// Notices shown on the login page after a redirect; only these fixed texts, never user input.
const notices: Record<string, string> = {
  verified: 'Your email address is confirmed. You can log in now.',
  'password-reset': 'Your password has been changed. Log in with the new one.',
  'logged-out': 'You have been logged out.',
  'email-changed': 'Your email address was changed. Log in with the new one.',
}

const showLogin = (c: Context<AppEnv>, status: 401 | 403 | 422 | 429, props: Parameters<typeof LoginFormView>[0]) =>
  renderFragmentOrPage(c, 'Log in', <LoginFormView {...props} />, status, <LoginPage {...props} />)

export const accountRoutes = new Hono<AppEnv>()
  .get('/register', (c) => {
    if (c.var.viewer) return c.redirect('/account', 303)
    return renderPage(c, 'Register your company', <RegisterPage csrfToken={c.var.csrfToken} />, 200,
      { description: 'Register your business on NordicLoop to buy and sell surplus and waste materials by auction or at a fixed price. We check every company before it trades.' })
  })
  .post(
    '/register',
    validForm(RegisterForm, ((c, values, errors) =>
      renderFragmentOrPage(c, 'Register your company', <RegisterFormView csrfToken={c.var.csrfToken} values={values} errors={errors} />, 422,
        <RegisterPage csrfToken={c.var.csrfToken} values={values} errors={errors} />))),
    async (c) => {
      const input = c.req.valid('form')
      const result = await registerCompany(c.var.db, input, { baseUrl: c.var.config.BASE_URL, now: c.var.clock(), ip: clientIp(c) })
      if (!result.ok) {
        const { password: _p, password_confirm: _pc, billing: _b, ...values } = input
        return renderFragmentOrPage(c, 'Register your company', <RegisterFormView csrfToken={c.var.csrfToken} values={values} errors={result.errors} />, 422,
          <RegisterPage csrfToken={c.var.csrfToken} values={values} errors={result.errors} />)
      }
      return redirectTo(c, `/register/done?email=${encodeURIComponent(input.email)}`)
    },
  )
  .get('/register/done', (c) => renderPage(c, 'Check your email', <RegisteredPage email={c.req.query('email') ?? 'your address'} />))
  .get('/verify-email', async (c) => {
    const token = c.req.query('token') ?? ''
    // Opening the link is the confirmation: mail scanners that follow it only confirm an
    // address that did receive the email, which is what the link proves anyway.
    const result = token ? await consumeEmailToken(c.var.db, token, 'verify_email', c.var.clock()) : { ok: false as const, reason: 'unknown' as const }
    if (!result.ok) {
      const message = result.reason === 'expired'
        ? 'This confirmation link has expired. Log in and we will send you a new one.'
        : tokenProblem[result.reason]
      return renderPage(c, 'Link not valid', <MessagePage title="This link cannot be used" message={message} link={{ href: '/login', label: 'Log in' }} />, 400)
    }
    await c.var.db.updateTable('users').set({ email_verified_at: c.var.clock() })
      .where('id', '=', result.userId).where('email_verified_at', 'is', null).execute()
    return c.redirect('/login?notice=verified', 303)
  })
  .get('/login', (c) => {
    const next = safeReturnPath(c.req.query('next'), '')
    if (c.var.viewer) return c.redirect(next || '/', 303)
    return renderPage(c, 'Log in', <LoginPage csrfToken={c.var.csrfToken} next={next} notice={notices[c.req.query('notice') ?? '']} />, 200,
      { description: 'Log in to NordicLoop to bid, list materials and follow your deals.' })
  })
  .post(
    '/login',
    validForm(LoginForm, ((c, values, errors) =>
      showLogin(c, 422, { csrfToken: c.var.csrfToken, values, errors }))),
    async (c) => {
      const input = c.req.valid('form')
      const now = c.var.clock()
      const result = await logIn(c.var.db, input, { ip: clientIp(c), now, baseUrl: c.var.config.BASE_URL })
      if (!result.ok) {
        return showLogin(c, result.status, { csrfToken: c.var.csrfToken, values: { email: input.email, next: input.next }, message: result.message })
      }
      // A new token on every login, and the old one dropped: a session id planted before
      // login (session fixation) never becomes an authenticated one.
      if (c.var.sessionToken) await invalidateSession(c.var.db, c.var.sessionToken)
      await startSession(c, result.userId)
      // A `next` that was given goes through the one redirect check as before (an unsafe one
      // falls back to the home page); without one, a company member lands on their overview.
      return redirectTo(c, input.next ? safeReturnPath(input.next, '/') : result.companyMember ? OVERVIEW_PATH : '/')
    },
  )
  .post('/logout', async (c) => {
    if (c.var.sessionToken) {
      await invalidateSession(c.var.db, c.var.sessionToken)
      await recordAudit(c.var.db, { actorUserId: c.var.viewer?.userId ?? null, action: 'logout', ip: clientIp(c) })
    }
    clearSessionCookie(c)
    return redirectTo(c, '/login?notice=logged-out')
  })
  .get('/logout', (c) => renderPage(c, 'Log out', <MessagePage title="Log out" message="Use the Log out button at the top of the page." link={{ href: '/', label: 'Back to the marketplace' }} />))
