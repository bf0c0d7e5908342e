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
      else await onServer(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
