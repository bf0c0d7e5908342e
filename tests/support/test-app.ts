// Builds the real app around a freshly migrated database of its own, for one test file.
import pg from 'pg'
import { afterAll } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { openPglite, type Database } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createLogger } from '../../src/lib/logger.js'
import type { Mailer } from '../../src/notifications/mailer.js'
import { createLiveHub } from '../../src/live-topics.js'
import { createFreshDatabase } from './fresh-database.js'

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export type TestDatabase = Database & { url: string | null; drop(): Promise<void> }

async function postgresReachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

/**
 * CI runs every test against PostgreSQL: there a missing server is a failure, never a reason
 * to fall back to PGlite or to skip (a suite that quietly skips its crash tests is green and
 * proves nothing). On a developer's machine without PostgreSQL, PGlite stands in.
 */
export const POSTGRES_REQUIRED = process.env.CI === 'true'

/** A new, migrated database: on the PostgreSQL server when one answers, else in-memory PGlite (not under CI). */
export async function createTestDatabase(
  opts: { adminUrl?: string; requirePostgres?: boolean } = {},
): Promise<TestDatabase> {
  const adminUrl = opts.adminUrl ?? ADMIN_URL
  if (await postgresReachable(adminUrl)) return createFreshDatabase(adminUrl, 'nordicloop_test', { poolSize: 20 })
  if (opts.requirePostgres ?? POSTGRES_REQUIRED) {
    const where = new URL(adminUrl)
    throw new Error(`CI=true: the tests need the PostgreSQL server, and none answers at ${where.host} (set TEST_DATABASE_URL)`)
  }
  const database = await openPglite(undefined)
  await migrateToLatest(database)
  return { ...database, url: null, drop: () => database.close() }
}

export const TEST_BASE_URL = 'http://localhost:3000'

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', BASE_URL: TEST_BASE_URL, LOG_LEVEL: 'silent', SCHEDULER: 'false', ...overrides })
}

/** A clock the test moves by hand. */
export function testClock(start = new Date('2026-11-22T10:00:00Z')) {
  let now = start.getTime()
  const clock = () => new Date(now)
  clock.advance = (ms: number) => { now += ms }
  clock.set = (d: Date) => { now = d.getTime() }
  return clock
}

/** The real app on a fresh database; dropped after the file's tests. */
export async function createTestApp(opts: { config?: Record<string, string>; mailer?: Mailer } = {}) {
  const database = await createTestDatabase()
  const clock = testClock()
  const config = testConfig(opts.config)
  const log = createLogger('silent')
  const hub = createLiveHub({ db: database.db, log, clock, frameIntervalMs: config.LIVE_FRAME_INTERVAL_MS })
  await hub.start(database)
  const app = createApp({ config, database, log, clock, mailer: opts.mailer, hub })
  afterAll(async () => {
    await hub.stop()
    await database.drop()
  })
  return { app, database, db: database.db, clock, config, hub }
}
