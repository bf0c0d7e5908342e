import { mkdirSync } from 'node:fs'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
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
  /** LISTENs on some channels, on one connection, for NOTIFYs from any instance; see listenOnPostgres. */
  listen(channels: readonly string[], handlers: ListenHandlers): Promise<{ close(): Promise<void> }>
  close(): Promise<void>
}

export type ListenHandlers = {
  onNotify(channel: string, payload: string): void
  /** Called after the listening connection was lost and is back: notifications may have been missed. */
  onReconnect(): void
}

const INT8_OID = 20
const DATE_OID = 1082

// bigint columns come back as strings from pg but as numbers from PGlite; every int8 we
// store (money in minor units, counts) fits in a double, so both drivers return numbers.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value)
    // A calendar date (a payout's "paid on") is midnight UTC, as PGlite reads it; pg's own
    // parser makes it midnight in the server's zone, a day early when shown in UTC.
    if (oid === DATE_OID) return (value: string) => new Date(`${value}T00:00:00Z`)
    return pg.types.getTypeParser(oid, format)
  },
}

export function openPostgres(connectionString: string, log: Logger, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: pgTypes, connectionTimeoutMillis: 5_000 })
  // An idle client whose server went away (restart, 57P01) emits `error` on the pool;
  // unhandled, that event would crash the process. The pool drops the client and makes a new
  // one on the next query, so logging is all that is needed.
  pool.on('error', (err) => log.warn('database client error', { error: err.message }))
  // The pool listens only while a client is idle. A client checked out when the server goes
  // away (a query running, or a transaction between two statements) emits `error` too, and
  // with no listener that crashes the process. The query in progress already rejects, and
  // the pool discards the broken client when it is released, so noting it is enough.
  pool.on('connect', (client) => {
    client.on('error', (err) => log.debug('database connection lost', { error: err.message }))
  })
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
    listen: (channels, handlers) => listenOnPostgres(connectionString, channels, handlers, log),
    close: () => db.destroy(),
  }
}

/**
 * One dedicated connection per instance LISTENs (a pooled one would be handed to queries).
 * When PostgreSQL restarts, the connection dies: it is remade with backoff, and
 * `onReconnect` lets subscribers catch up on what was announced in between.
 */
async function listenOnPostgres(connectionString: string, channels: readonly string[], handlers: ListenHandlers, log: Logger) {
  let client: pg.Client | null = null
  let closed = false
  let attempt = 0
  let timer: NodeJS.Timeout | undefined
  const listening = new Set(channels)
  // No parameters: the simple query protocol runs the LISTENs in one round trip.
  const statement = channels.map((channel) => `LISTEN "${channel.replaceAll('"', '""')}"`).join('; ')

  const connect = async (isReconnect: boolean) => {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 })
    // Without an `error` listener a dropped LISTEN connection would crash the process.
    c.on('error', (err) => log.warn('listen connection error', { error: err.message }))
    c.on('end', () => {
      if (client === c) client = null
      if (!closed) scheduleReconnect()
    })
    c.on('notification', (msg) => {
      if (listening.has(msg.channel) && msg.payload !== undefined) handlers.onNotify(msg.channel, msg.payload)
    })
    try {
      await c.connect()
      await c.query(statement)
    } catch (err) {
      c.removeAllListeners('end')
      await c.end().catch(() => {})
      throw err
    }
    if (closed) {
      await c.end().catch(() => {})
      return
    }
    client = c
    attempt = 0
    if (isReconnect) {
      log.info('listen connection restored', { channels })
      handlers.onReconnect()
    }
  }

  const scheduleReconnect = () => {
    if (closed || timer) return
    const delay = Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2)
    attempt += 1
    timer = setTimeout(async () => {
      timer = undefined
      try {
        await connect(true)
      } catch (err) {
        log.warn('listen reconnect failed', { error: (err as Error).message, attempt })
        scheduleReconnect()
      }
    }, delay)
    timer.unref()
  }

  await connect(false)
  return {
    async close() {
      closed = true
      clearTimeout(timer)
      await client?.end().catch(() => {})
    },
  }
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  // unaccent folds accents for search ("jarn" finds "järn"), as on the server.
  const pglite = await PGlite.create(dataDir, { extensions: { unaccent } })
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
    async listen(channels, handlers) {
      const unsubscribes = await Promise.all(channels.map((channel) => pglite.listen(channel, (payload) => handlers.onNotify(channel, payload))))
      return { close: async () => { await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe())) } }
    },
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

// SQLSTATEs that mean "the server is not there right now", not "the query is wrong":
// class 08 (connection exceptions), 57P01–57P03 (shutdown, crash, starting up), 53300 (too
// many connections).
const unavailableStates = /^(08...|57P0[123]|53300)$/
const unavailableSocketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
// node-postgres raises these as plain Errors without a code.
const unavailableMessages = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/

/** True when `err` says the database cannot be reached (restart, outage), as opposed to a bug. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 5) return false
  const code = (err as Error & { code?: unknown }).code
  if (typeof code === 'string' && (unavailableStates.test(code) || unavailableSocketCodes.has(code))) return true
  if (unavailableMessages.test(err.message)) return true
  // Connecting to a name with several addresses fails with one AggregateError of them all.
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true
  return isDatabaseUnavailable(err.cause, depth + 1)
}
