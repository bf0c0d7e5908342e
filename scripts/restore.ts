// npm run restore -- --into <database name or postgres:// URL> [--from <file, or backup name/key>] [--force]
// Restores a backup made by npm run backup: by default the newest in BACKUP_DIR or under
// BACKUP_S3_PREFIX, into a new database (created when missing). A database that already holds
// tables is refused unless --force. Exit 0 when restored, 1 when it failed, 2 when refused.
import { parseArgs } from 'node:util'
import { loadConfigOrExit } from '../src/config.js'
import { createBackupStore } from '../src/backups/store.js'
import { restoreBackup, RestoreRefusal } from '../src/backups/restore-backup.js'

const USAGE = 'Usage: npm run restore -- --into <database name or postgres:// URL> [--from <file, or backup name>] [--force]'

let values: { into?: string; from?: string; force?: boolean }
try {
  values = parseArgs({ options: { into: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean', default: false } } }).values
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`)
  process.exit(2)
}
if (!values.into) {
  console.error(`--into is required: the database to restore into.\n${USAGE}`)
  process.exit(2)
}
const config = loadConfigOrExit()
try {
  const result = await restoreBackup({
    into: values.into, from: values.from, force: values.force ?? false,
    store: createBackupStore(config), databaseUrl: config.DATABASE_URL,
  })
  console.log(`Restored ${result.source} into ${result.created ? 'the new database ' : ''}${result.database} in ${(result.ms / 1000).toFixed(1)} s`)
} catch (err) {
  console.error(err instanceof RestoreRefusal ? err.message : `Restore failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = err instanceof RestoreRefusal ? 2 : 1
}
