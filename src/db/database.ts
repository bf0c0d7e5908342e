import { mkdirSync } from 'node:fs'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type { DB } from './schema.js'
import type { Logger } from '../lib/logger.js'

export type Database = {
  db: Kysely<DB>
  kind: 'postgres' | 'pglite'
  /** Runs a multi-statement SQL script (migrations) in one round trip. */
  runScript(sql: string): Promise<void>
  /** Runs `fn` while holding a database-wide lock, so two instances never migrate at once. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

const INT8_OID = 20

// bigint columns come back as strings from pg but as numbers from PGlite; every int8 we
// store (money in minor units, counts) fits in a double, so both drivers return numbers.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
}

export function openPostgres(connectionString: string, log: Logger, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: pgTypes, connectionTimeoutMillis: 5_000 })
  // An idle client whose server went away (restart, 57P01) emits `error` on the pool;
  // unhandled, that event would crash the process. The pool drops the client and makes a new
  // one on the next query, so logging is all that is needed.
  pool.on('error', (err) => log.warn('database client error', { error: err.message }))
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    kind: 'postgres',
    async runScript(sql) {
      // No parameters: pg uses the simple query protocol, which accepts several statements.
      await pool.query(sql)
    },
    async withMigrationLock(fn) {
      const client = await pool.connect()
      try {
        await client.query('SELECT pg_advisory_lock(727274)')
        return await fn()
      } finally {
        await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {})
        client.release()
      }
    },
    close: () => db.destroy(),
  }
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const pglite = await PGlite.create(dataDir)
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
  return {
    db,
    kind: 'pglite',
    async runScript(sql) {
      try {
        await pglite.exec(sql)
      } catch (err) {
        // A failed script leaves its transaction open on PGlite's single connection.
        await pglite.exec('ROLLBACK').catch(() => {})
        throw err
      }
    },
    // PGlite lives inside this one process: nobody else can migrate it.
    withMigrationLock: (fn) => fn(),
    close: () => db.destroy(),
  }
}

export async function openDatabase(
  config: { DATABASE_URL?: string; PGLITE_DIR: string; DATABASE_POOL_SIZE: number },
  log: Logger,
): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, log, config.DATABASE_POOL_SIZE)
  return openPglite(config.PGLITE_DIR)
}
