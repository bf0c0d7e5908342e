// Restoring a backup into a named database: by default a new, empty one (created when it does
// not exist), so that the damaged database stays as it was until the operator switches
// DATABASE_URL over. A database that holds tables is refused unless forced.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { findPgTool, libpqTarget, runPgTool } from './pg-tools.js'
import { isBackupName, type BackupStore } from './store.js'

/** A restore that was not started, with the reason in words for the operator. */
export class RestoreRefusal extends Error {}

export type RestoreRequest = {
  /** A database name on DATABASE_URL's server, or a postgres:// URL. */
  into: string
  /** A backup file's path, or a backup's name or key in the store; unset: the newest in the store. */
  from?: string
  /** Restore over a database that already holds tables, replacing what the backup holds. */
  force: boolean
  store: BackupStore | null
  databaseUrl?: string
}

export type RestoreResult = { source: string; database: string; created: boolean; ms: number }

export function targetUrl(into: string, databaseUrl?: string) {
  if (/^postgres(ql)?:\/\//.test(into)) return into
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(into)) throw new RestoreRefusal(`--into ${JSON.stringify(into)} is neither a database name nor a postgres:// URL`)
  if (!databaseUrl) throw new RestoreRefusal(`--into ${into} names a database on DATABASE_URL's server, and DATABASE_URL is not set: set it, or give a postgres:// URL`)
  const url = new URL(databaseUrl)
  url.pathname = `/${into}`
  return url.toString()
}

const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1))

/** Opens the target, creating the database when it does not exist; counts the tables, views and sequences it holds. */
async function prepareTarget(url: string): Promise<{ created: boolean; relations: number }> {
  let created = false
  let client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (err) {
    // 3D000: no database of that name on the server.
    if ((err as { code?: string }).code !== '3D000') throw err
    const server = new URL(url)
    server.pathname = '/postgres'
    const admin = new pg.Client({ connectionString: server.toString() })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(nameOf(url))}`)
    } finally {
      await admin.end()
    }
    created = true
    client = new pg.Client({ connectionString: url })
    await client.connect()
  }
  try {
    const { rows } = await client.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_toast%'
        AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`)
    return { created, relations: rows[0]?.n ?? 0 }
  } finally {
    await client.end()
  }
}

/** The backup to restore: a local file as it is, or a name in the store (the newest when none is given). */
async function chooseSource(req: RestoreRequest): Promise<{ file: string } | { name: string; store: BackupStore }> {
  if (req.from && existsSync(req.from)) return { file: req.from }
  if (!req.store) {
    throw new RestoreRefusal(req.from
      ? `No file ${req.from}, and no backup destination is set (BACKUP_DIR or BACKUP_S3_PREFIX) to look for it in`
      : 'Nothing to restore from: give --from <file>, or set BACKUP_DIR or BACKUP_S3_PREFIX to restore the newest backup there')
  }
  const names = await req.store.list()
  // A key as S3 lists it (backups/nordicloop-….dump) or a path into the folder names the same backup as its last part.
  const wanted = req.from?.split('/').pop()
  if (wanted !== undefined && !isBackupName(wanted)) throw new RestoreRefusal(`No file ${req.from}, and it is not a backup name (nordicloop-YYYYMMDDTHHMMSSZ.dump)`)
  const name = wanted ?? names.at(-1)
  if (!name) throw new RestoreRefusal(`No backups in ${req.store.where}`)
  if (!names.includes(name)) throw new RestoreRefusal(`No backup ${name} in ${req.store.where}`)
  return { name, store: req.store }
}

export async function restoreBackup(req: RestoreRequest): Promise<RestoreResult> {
  const started = performance.now()
  const url = targetUrl(req.into, req.databaseUrl)
  const source = await chooseSource(req)
  const pgRestore = await findPgTool('pg_restore')
  const target = await prepareTarget(url)
  if (target.relations > 0 && !req.force) {
    throw new RestoreRefusal(`Refusing to restore into ${nameOf(url)}: it is not empty (${target.relations} tables, views or sequences). ` +
      'Restore into a new database name, or pass --force to replace what the backup holds.')
  }
  const scratch = await mkdtemp(join(tmpdir(), 'nordicloop-restore-'))
  try {
    let file: string
    if ('file' in source) file = source.file
    else {
      file = join(scratch, source.name)
      await source.store.fetch(source.name, file)
    }
    const libpq = libpqTarget(url)
    // One transaction: a restore that fails half way leaves the database as it was. Owners and
    // grants are the new server's (the restoring role), since the old roles may not exist there.
    const args = ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', ...(target.relations > 0 ? ['--clean', '--if-exists'] : [])]
    await runPgTool(pgRestore, [...args, '--dbname', libpq.dbname, file], libpq.env)
    return { source: 'file' in source ? source.file : source.store.where + source.name, database: nameOf(url), created: target.created, ms: Math.round(performance.now() - started) }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
