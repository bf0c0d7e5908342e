import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { requestId } from 'hono/request-id'
import type { AppDeps, AppEnv } from './web/context.js'
import { securityHeaders } from './web/security-headers.js'
import { csrfProtection } from './web/csrf.js'
import { readFormBody } from './web/body.js'
import { loadViewer } from './web/session.js'
import { handleError, handleNotFound } from './web/errors.js'
import { healthRoutes } from './web/health.js'
import { assetRoutes } from './web/assets.js'
import { homeRoutes } from './home-routes.js'
import { accountRoutes } from './accounts/routes.js'
import { passwordResetRoutes } from './accounts/password-routes.js'
import { accountApp } from './accounts/account-app.js'
import { invitationRoutes } from './accounts/team-routes.js'
import { adminApp } from './admin/admin-app.js'
import { listingsApp } from './listings/listings-app.js'
import { ewcRoutes } from './listings/ewc-routes.js'
import { categoryRoutes } from './listings/browse-routes.js'
import { watchingRoutes } from './listings/follow-routes.js'
import { savedSearchRoutes } from './listings/saved-search-routes.js'
import { mediaRoutes } from './images/media-routes.js'
import { createPhotoStorage } from './images/storage.js'
import { createLiveHub } from './live-topics.js'
import { photoUploadLimit } from './listings/photo-routes.js'
import { formBodyLimit } from './web/body-limit.js'
import { devMailRoutes } from './dev/mail-routes.js'
import { dashboardRoutes } from './dashboard/routes.js'
import { dealsApp } from './deals/deals-app.js'
import { companyRoutes } from './companies/routes.js'
import { CHAT_POST_PATH, chatUploadLimit } from './deals/chat-routes.js'
import { PERMIT_POST_PATH, permitDocumentRoutes, permitUploadLimit } from './compliance/permit-routes.js'
import { cardCheckoutOrigins, createStripeClient } from './payments/card-stripe.js'
import { createPaymentGateways } from './payments/gateways.js'
import { recordCardPayment } from './deals/card-payments.js'
import { dealTerms } from './deals/terms.js'
import { notificationRoutes } from './notifications-page/routes.js'
import { stripeWebhookRoutes, type RecordCardPayment } from './payments/stripe-webhook-routes.js'
import { postOnlyPathRedirects } from './web/post-only-paths.js'
import { collectPlatformGauges, createMetrics } from './metrics/metrics.js'
import { metricsRoutes, routeLabel } from './metrics/routes.js'
import { pricingRoutes } from './pricing/routes.js'

/** Where Stripe posts its events; configured in Stripe's dashboard as https://<site>/payments/stripe/webhook. */
export const STRIPE_WEBHOOK_PATH = '/payments/stripe/webhook'

export function createApp(deps: AppDeps) {
  const clock = deps.clock ?? (() => new Date())
  const storage = deps.storage ?? createPhotoStorage(deps.config)
  const hub = deps.hub ?? createLiveHub({ db: deps.database.db, log: deps.log, clock, frameIntervalMs: deps.config.LIVE_FRAME_INTERVAL_MS })
  const gateways = createPaymentGateways({ config: deps.config, db: deps.database.db, clock })
  const metrics = deps.metrics ?? createMetrics()
  collectPlatformGauges(metrics, { db: deps.database.db, liveConnections: () => hub.connectionCount, clock })
  const app = new Hono<AppEnv>()

  app.use(requestId())
  app.use(async (c, next) => {
    c.set('config', deps.config)
    c.set('database', deps.database)
    c.set('db', deps.database.db)
    c.set('clock', clock)
    c.set('storage', storage)
    c.set('hub', hub)
    c.set('gateways', gateways)
    c.set('metrics', metrics)
    const log = deps.log.child({ requestId: c.get('requestId') })
    c.set('log', log)
    const started = performance.now()
    await next()
    const ms = performance.now() - started
    metrics.requests.observe({ method: c.req.method, route: routeLabel(c), status: String(c.res.status) }, ms / 1000)
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) })
  })
  app.use(securityHeaders({ formTargets: cardCheckoutOrigins(deps.config) }))
  app.route('/', healthRoutes)
  app.route('/', metricsRoutes)
  app.route('/', assetRoutes)
  app.route('/media', mediaRoutes)

  // Pages are small but the first round trip is precious on a slow link; compress() skips
  // anything already encoded (the precompressed assets) and fragments under 2 KB (an htmx
  // answer such as a bid's, sent with its length: renderFragment), which fit in a packet or
  // two either way and would each cost a compression stream.
  app.use(compress({ threshold: 2048 }))
  app.use(loadViewer)
  // Before the CSRF check, which reads the form: a huge upload is refused from its headers
  // (or cut off once too long) instead of being buffered whole first.
  app.use('/listings/:id/photos', photoUploadLimit)
  app.use('/deals/:id/messages', chatUploadLimit)
  app.use('/account/permits', permitUploadLimit)
  // Every other form is small: a megabyte is far beyond any of them.
  app.use((c, next) => (/^\/listings\/[^/]+\/photos$/.test(c.req.path) || CHAT_POST_PATH.test(c.req.path) || PERMIT_POST_PATH.test(c.req.path) ? next() : formBodyLimit(c, next)))
  // Stripe's webhook answers ahead of the form parser and the CSRF check below: it is JSON from
  // Stripe's servers, with no browser Origin or CSRF cookie, and its signature over the exact
  // bytes of the body (checked in the route) proves where it came from. Only with Stripe configured.
  const stripe = createStripeClient(deps.config)
  if (stripe && deps.config.STRIPE_WEBHOOK_SECRET) {
    const terms = dealTerms(deps.config)
    const onCardPayment: RecordCardPayment = (trx, payment) => recordCardPayment(trx, payment, { now: clock(), terms })
    app.route(STRIPE_WEBHOOK_PATH, stripeWebhookRoutes({ stripe, webhookSecret: deps.config.STRIPE_WEBHOOK_SECRET, recordPayment: deps.recordCardPayment ?? onCardPayment }))
  }
  // Every state-changing request's body is parsed once, here: a damaged one is a 400 on any route.
  app.use(readFormBody)
  app.use(csrfProtection())

  app.route('/', homeRoutes)
  app.route('/', accountRoutes)
  app.route('/password-reset', passwordResetRoutes)
  app.route('/invitations', invitationRoutes)
  app.route('/account', accountApp)
  app.route('/permits', permitDocumentRoutes)
  app.route('/admin', adminApp)
  app.route('/listings', listingsApp)
  app.route('/categories', categoryRoutes)
  app.route('/watching', watchingRoutes)
  app.route('/saved-searches', savedSearchRoutes)
  app.route('/my', dashboardRoutes)
  app.route('/deals', dealsApp)
  app.route('/companies', companyRoutes)
  app.route('/ewc', ewcRoutes)
  app.route('/notifications', notificationRoutes)
  app.route('/market-prices', pricingRoutes)
  if (deps.config.NODE_ENV !== 'production') app.route('/dev/mail', devMailRoutes)
  app.route('/', postOnlyPathRedirects(app.routes)) // last: it reads every route above

  app.onError(handleError)
  app.notFound(handleNotFound)
  return app
}

export type App = ReturnType<typeof createApp>
