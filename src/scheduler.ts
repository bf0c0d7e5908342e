import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { DB } from './db/schema.js'
import type { Logger } from './lib/logger.js'
import type { Mailer } from './notifications/mailer.js'

export type Scheduler = { stop(): Promise<void> }

export function startScheduler(_deps: { db: Kysely<DB>; log: Logger; mailer: Mailer; config: Config }): Scheduler {
  return { stop: async () => {} }
}
