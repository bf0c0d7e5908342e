// npm run backup: a pg_dump (custom format) of DATABASE_URL into BACKUP_DIR or the S3 bucket under
// BACKUP_S3_PREFIX, named for the UTC time; the newest BACKUP_KEEP are kept. Exit 0 when a backup
// was made, 1 when it failed or another is being made, 2 when the configuration allows none.
import { loadConfigOrExit } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { createLogger } from '../src/lib/logger.js'
import { backupRefusal, makeBackup } from '../src/backups/make-backup.js'
import { createBackupStore } from '../src/backups/store.js'

const config = loadConfigOrExit()
const refusal = backupRefusal(config)
const store = createBackupStore(config)
if (refusal || !store || !config.DATABASE_URL) {
  console.error(refusal ?? 'No backup destination is configured')
  process.exit(2)
}
// No migrations here: a backup takes the database as it is.
const database = await openDatabase(config, createLogger(config.LOG_LEVEL))
try {
  const result = await makeBackup(database.db, { databaseUrl: config.DATABASE_URL, store, keep: config.BACKUP_KEEP, at: new Date() })
  if (!result.made) {
    console.error(`No backup made: ${result.reason}`)
    process.exitCode = 1
  } else {
    console.log(`Backup ${store.where}${result.name}: ${(result.bytes / 1e6).toFixed(1)} MB in ${(result.ms / 1000).toFixed(1)} s`)
    if (result.deleted.length) console.log(`Deleted beyond the newest ${config.BACKUP_KEEP}: ${result.deleted.join(', ')}`)
  }
} catch (err) {
  console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
} finally {
  await database.close()
}
