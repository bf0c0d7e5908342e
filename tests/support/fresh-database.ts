// A new, migrated database on a PostgreSQL server, for a test file or a benchmark; drop()
// removes it again. Shared by tests/support/test-app.ts and bench/.
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import { openPostgres, type Database } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createLogger } from '../../src/lib/logger.js'

export type FreshDatabase = Database & { name: string; url: string; drop(): Promise<void> }

async function onServer(adminUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

async function sessionsOn(adminUrl: string, name: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])
    return rows[0]?.n ?? 0
  } finally {
    await client.end()
  }
}

export async function createFreshDatabase(adminUrl: string, prefix: string, opts: { poolSize?: number; keep?: boolean } = {}): Promise<FreshDatabase> {
  // A random lowercase hex name needs no quoting.
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await onServer(adminUrl, `CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = openPostgres(url.toString(), createLogger('silent'), opts.poolSize ?? 10)
  await migrateToLatest(database)
  return {
    ...database,
    name,
    url: url.toString(),
    async drop() {
      await database.close()
      if (opts.keep) console.error(`kept database ${name}`)
      else {
        // A client that has just closed (a library's own pool) may still be leaving: give it a
        // moment, so FORCE only ends what is really left and no closing client is cut off.
        for (let i = 0; i < 20 && (await sessionsOn(adminUrl, name)) > 0; i++) await new Promise((r) => setTimeout(r, 100))
        await onServer(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      }
    },
  }
}
