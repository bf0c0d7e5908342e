// Shared start-up for command-line scripts: the same config, database and migrations as the server.
import { loadConfigOrExit } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { createLogger } from '../src/lib/logger.js'

export async function openForScript() {
  const config = loadConfigOrExit()
  const log = createLogger(config.LOG_LEVEL)
  const database = await openDatabase(config, log)
  const applied = await migrateToLatest(database)
  return { config, log, database, applied }
}
