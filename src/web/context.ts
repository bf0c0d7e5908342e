import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import type { Mailer } from '../notifications/mailer.js'
import type { PhotoStorage } from '../images/storage.js'
import type { LiveHub } from '../live/hub.js'
import type { Metrics } from '../metrics/metrics.js'
import type { Viewer } from '../accounts/viewer.js'
import type { PaymentGateway } from '../payments/gateway.js'
import type { RecordCardPayment } from '../payments/stripe-webhook-routes.js'

/** What the app is built around; tests pass their own database, clock and mailer. */
export type AppDeps = {
  config: Config
  database: Database
  log: Logger
  clock?: () => Date
  mailer?: Mailer
  /** Where photo files go; by default the one the config names (local folder or S3). */
  storage?: PhotoStorage
  /** Live fan-out to open pages; the server starts it (LISTEN). Without one, pages get no live updates. */
  hub?: LiveHub
  /** Shared with the scheduler when the server makes it; an app of its own otherwise. */
  metrics?: Metrics
  /** Records a card payment Stripe reported (the webhook); tests pass their own. */
  recordCardPayment?: RecordCardPayment
}

// Every request reads these many times: the middleware and the bid path read them with
// c.get('name'), since Hono's c.var builds a new object of all of them on each access.
export type AppEnv = {
  Variables: {
    config: Config
    db: Kysely<DB>
    database: Database
    clock: () => Date
    log: Logger
    requestId: string
    /** The logged-in person and their company, or null for a visitor. */
    viewer: Viewer | null
    /** Raw session token of this request, when logged in. */
    sessionToken: string | null
    csrfToken: string
    storage: PhotoStorage
    hub: LiveHub
    metrics: Metrics
    /** The ways to pay this instance offers (bank transfer, card when configured). */
    gateways: PaymentGateway[]
  }
}
