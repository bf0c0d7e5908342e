// A backup is pg_dump's custom format of the whole database (schema, migrations table and
// every row: deals, invoices, waste transfer notes), checked readable, stored, and then the
// oldest beyond the retention count deleted. Run by `npm run backup` and by the scheduler.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { findPgTool, libpqTarget, runPgTool } from './pg-tools.js'
import { backupName, createBackupStore, type BackupStore } from './store.js'

// Held (session-level) for the whole backup, on a connection of its own: two instances, or a
// scheduled run and a manual one, never dump at once; a process that dies lets go with its connection.
const BACKUP_LOCK = 727275

export type BackupResult =
  | { made: true; name: string; bytes: number; ms: number; deleted: string[] }
  | { made: false; reason: string }

/** Why this configuration cannot make a backup, in words for the operator; null when it can. */
export function backupRefusal(config: Pick<Config, 'DATABASE_URL' | 'BACKUP_DIR' | 'BACKUP_S3_PREFIX'>): string | null {
  if (!config.DATABASE_URL) {
    return 'No DATABASE_URL: the embedded database (PGlite) has no pg_dump. Backups are for PostgreSQL: set DATABASE_URL. ' +
      'To keep a copy of an embedded database, stop the server and copy its PGLITE_DIR folder.'
  }
  if (!config.BACKUP_DIR && !config.BACKUP_S3_PREFIX) {
    return 'No backup destination: set BACKUP_DIR to a folder, or BACKUP_S3_PREFIX (such as backups/) to use the S3_BUCKET.'
  }
  return null
}

export async function makeBackup(db: Kysely<DB>, opts: { databaseUrl: string; store: BackupStore; keep: number; at: Date }): Promise<BackupResult> {
  const started = performance.now()
  const name = backupName(opts.at)
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${BACKUP_LOCK}) AS locked`.execute(conn)
    if (!rows[0]?.locked) return { made: false, reason: 'another backup of this database is being made' }
    const scratch = await mkdtemp(join(tmpdir(), 'nordicloop-backup-'))
    try {
      // A scheduled run names its backup for the scheduled time: an instance whose tick comes
      // after another's has finished finds that backup and leaves it at one.
      if ((await opts.store.list()).includes(name)) return { made: false, reason: `${name} exists already in ${opts.store.where}` }
      const file = join(scratch, name)
      const target = libpqTarget(opts.databaseUrl)
      const [pgDump, pgRestore] = await Promise.all([findPgTool('pg_dump'), findPgTool('pg_restore')])
      await runPgTool(pgDump, ['--format=custom', '--file', file, '--dbname', target.dbname], target.env)
      // Reading the table of contents back proves the file is a whole, readable archive before it counts as a backup.
      await runPgTool(pgRestore, ['--list', file])
      const { size } = await stat(file)
      await opts.store.put(name, file)
      const deleted = await pruneBackups(opts.store, opts.keep)
      return { made: true, name, bytes: size, ms: Math.round(performance.now() - started), deleted }
    } finally {
      await rm(scratch, { recursive: true, force: true })
      await sql`SELECT pg_advisory_unlock(${BACKUP_LOCK})`.execute(conn).catch(() => {})
    }
  })
}

/** Deletes the oldest backups beyond the newest `keep`; returns their names. */
export async function pruneBackups(store: BackupStore, keep: number): Promise<string[]> {
  const names = await store.list()
  const old = names.slice(0, Math.max(0, names.length - keep))
  await store.delete(old)
  return old
}

/** The scheduler's backup job, or null when no backup is configured (no destination, no server, or BACKUP_SCHEDULE=off). */
export function scheduledBackup(deps: { db: Kysely<DB>; config: Config; log: Logger }) {
  const { config, log } = deps
  const store = createBackupStore(config)
  if (!store || !config.DATABASE_URL || config.BACKUP_SCHEDULE === 'off') return null
  const databaseUrl = config.DATABASE_URL
  return {
    schedule: config.BACKUP_SCHEDULE,
    async run() {
      // Instances tick together (same schedule, clocks kept by NTP): the minute names the slot.
      const at = new Date(Math.floor(Date.now() / 60_000) * 60_000)
      const result = await makeBackup(deps.db, { databaseUrl, store, keep: config.BACKUP_KEEP, at })
      if (result.made) log.info('backup made', { name: result.name, where: store.where, bytes: result.bytes, ms: result.ms, deleted: result.deleted })
      else log.debug('backup skipped', { reason: result.reason })
    },
  }
}
