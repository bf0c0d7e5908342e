import { serve } from '@hono/node-server'
import { loadConfigOrExit } from './config.js'
import { createLogger } from './lib/logger.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { createApp } from './app.js'
import { createListingHub } from './auctions/live-hub.js'
import { startScheduler } from './scheduler.js'
import { createMailer } from './notifications/create-mailer.js'
import { seedIfEmpty } from './seed/seed.js'
import { createPhotoStorage } from './images/storage.js'

const config = loadConfigOrExit()

const log = createLogger(config.LOG_LEVEL)
const database = await openDatabase(config, log)
const applied = await migrateToLatest(database)
if (applied.length) log.info('migrations applied', { applied })
// Made here rather than in createApp, so the demo listings' photos land where the app reads them.
const storage = createPhotoStorage(config)
if (config.SEED_DEMO_DATA && database.kind === 'pglite') await seedIfEmpty(database.db, log, { storage, baseUrl: config.BASE_URL })

const mailer = createMailer(config, log)
// The live fan-out LISTENs on its own connection before the first page can subscribe.
const hub = createListingHub({ db: database.db, log, clock: () => new Date() })
await hub.start(database)
const app = createApp({ config, database, log, mailer, hub, storage })
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log.info('listening', { url: config.BASE_URL, port: info.port, database: database.kind, mailer: mailer.name })
})
const scheduler = config.SCHEDULER ? startScheduler({ db: database.db, log, mailer, config }) : null

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  log.info('shutting down', { signal })
  // Stop taking new connections; requests in flight finish. The scheduler's running job is
  // awaited so a batch of emails is never cut in half. Then the database goes.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  // Idle keep-alive sockets would hold close() open; ask them to go.
  if ('closeIdleConnections' in server) server.closeIdleConnections()
  // Live streams never end by themselves: close them so the server can stop (pages reconnect
  // to another instance and catch up through Last-Event-ID).
  await hub.stop()
  await scheduler?.stop()
  await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000).unref())])
  await database.close()
  log.info('stopped')
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
