// What every browser test file starts from, started before its tests and ended after them:
// the real server on a fresh database, Chromium, a connection to that database for making the
// data a test needs, and the contexts its pages opened. One helper, so no file forgets to close one.
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { loadConfig } from '../../../src/config.js'
import { openPostgres, type Database } from '../../../src/db/database.js'
import { dealTerms, type DealTerms } from '../../../src/deals/terms.js'
import { createLogger } from '../../../src/lib/logger.js'
import { createTestAdmin, type TestUser } from '../../support/factories.js'
import { launchChromium, openPage } from './browser.js'
import { startServer, type E2eServer } from './server.js'

export type BrowserWorld = {
  server: E2eServer
  browser: Browser
  database: Database
  /** Every context opened for the file, closed at the end. */
  contexts: BrowserContext[]
  /** The deal terms the server works with, for deals made straight in the database. */
  terms: DealTerms
  /** A platform admin, made only when asked for with `{ admin: true }`. */
  admin: TestUser
  /** A fresh context and page on the server (see openPage). */
  openPage: (opts?: Parameters<typeof openPage>[3]) => ReturnType<typeof openPage>
}

/**
 * Registers the file's beforeAll and afterAll for the world and returns it; its fields are
 * filled once that beforeAll has run. Call it inside the describe, so a skipped describe starts
 * nothing. Hooks the file registers after this call run after the world starts, and (Vitest's
 * default 'stack' order) before it ends.
 */
export function browserWorld(opts: { admin?: boolean } = {}): BrowserWorld {
  const world = {
    contexts: [] as BrowserContext[],
    openPage: (pageOpts) => openPage(world.browser, world.contexts, world.server.baseUrl, pageOpts),
  } as BrowserWorld

  beforeAll(async () => {
    world.server = await startServer()
    world.database = openPostgres(world.server.databaseUrl, createLogger('silent'), 4)
    world.terms = dealTerms(loadConfig({ NODE_ENV: 'test', BASE_URL: world.server.baseUrl, LOG_LEVEL: 'silent' }))
    const [browser, admin] = await Promise.all([launchChromium(), opts.admin ? createTestAdmin(world.database.db) : undefined])
    world.browser = browser
    if (admin) world.admin = admin
  })

  afterAll(async () => {
    for (const context of world.contexts) await context.close().catch(() => {})
    // A beforeAll that failed part-way leaves some of these unset.
    await world.browser?.close()
    await world.database?.close()
    await world.server?.stop()
  })

  return world
}
