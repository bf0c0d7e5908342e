import { serve } from '@hono/node-server'
import { loadConfigOrExit } from './config.js'
import { warnIfDevelopmentIsExposed } from './dev/exposure.js'
import { createLogger } from './lib/logger.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { createApp } from './app.js'
import { createLiveHub } from './live-topics.js'
import { startScheduler } from './scheduler.js'
import { createMetrics } from './metrics/metrics.js'
import { createMailer } from './notifications/create-mailer.js'
import { seedIfEmpty } from './seed/seed.js'
import { createPhotoStorage } from './images/storage.js'
import { Draining } from './web/draining.js'
import { dealTerms } from './deals/terms.js'
import type { Server as HttpServer } from 'node:http'

/** How long pages wait before reconnecting their live stream when this instance shuts down. */
const SSE_RETRY_MS = 3_000

const config = loadConfigOrExit()

const log = createLogger(config.LOG_LEVEL)
warnIfDevelopmentIsExposed(config, log)
const database = await openDatabase(config, log)
const applied = await migrateToLatest(database)
if (applied.length) log.info('migrations applied', { applied })
// Made here rather than in createApp, so the demo listings' photos land where the app reads them.
const storage = createPhotoStorage(config)
if (config.SEED_DEMO_DATA && database.kind === 'pglite') await seedIfEmpty(database.db, log, { storage, terms: dealTerms(config) })

const mailer = createMailer(config, log)
// The live fan-out LISTENs on its own connection before the first page can subscribe.
const hub = createLiveHub({ db: database.db, log, clock: () => new Date(), frameIntervalMs: config.LIVE_FRAME_INTERVAL_MS })
await hub.start(database)
// One registry for the app's figures and the scheduler's (served at /metrics).
const metrics = createMetrics()
const app = createApp({ config, database, log, mailer, hub, storage, metrics })
const draining = new Draining()
const server = serve({ fetch: draining.wrap(app.fetch), port: config.PORT, hostname: config.HOST }, (info) => {
  log.info('listening', { url: config.BASE_URL, port: info.port, database: database.kind, mailer: mailer.name })
})
const scheduler = config.SCHEDULER ? startScheduler({ db: database.db, log, mailer, config, metrics }) : null

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  log.info('shutting down', { signal })
  const started = performance.now()
  // Stop taking connections; requests in flight finish and their answers close their
  // connections; later requests on kept-alive connections get a 503 (src/web/draining.ts).
  // serve() made a plain http.Server: no createServer option is passed above.
  const closed = draining.begin(server as HttpServer)
  // Live streams never end by themselves: end them with a hint to reconnect after a pause
  // (to another instance; the page catches up through its version).
  await hub.stop({ retryMs: SSE_RETRY_MS })
  // The scheduler's running job is awaited so a batch of emails is never cut in half.
  await scheduler?.stop()
  // A client that never finishes sending its request must not keep the process forever.
  const drained = await Promise.race([closed.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10_000).unref())])
  if (!drained) log.warn('shutdown timeout: closing with connections still open')
  // Last: every request answered, every accepted bid committed.
  await database.close()
  log.info('stopped', { ms: Math.round(performance.now() - started), refused: draining.refused })
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
