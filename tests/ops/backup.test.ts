// The documented backup path: pg_dump in custom format, pg_restore into an empty database.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/test-app.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'

const run = promisify(execFile)
const bin = async (name: string) => {
  for (const dir of ['/usr/lib/postgresql/15/bin', '/usr/bin']) {
    try {
      await run(join(dir, name), ['--version'])
      return join(dir, name)
    } catch { /* try the next place */ }
  }
  return null
}

describe('backup and restore', async () => {
  const source = await createTestDatabase()
  const [pgDump, pgRestore] = await Promise.all([bin('pg_dump'), bin('pg_restore')])
  const ready = source.url && pgDump && pgRestore
  if (!ready && process.env.CI === 'true') throw new Error('pg_dump/pg_restore or a PostgreSQL server is missing in CI')

  it.skipIf(!ready)('restores listings, bids and the search index from a pg_dump into an empty database', async () => {
    const seller = await createTestCompany(source.db, { status: 'approved' })
    const id = await createTestListing(source.db, seller.companyId, { title: 'Järnskrot, 4 t', search_extra: 'Ferrous metals' })
    const target = await createTestDatabase()
    const dir = await mkdtemp(join(tmpdir(), 'nordicloop-backup-'))
    try {
      // The restore target is a fresh, migrated database: --clean replaces what the dump holds.
      await run(pgDump!, ['--format=custom', '--file', join(dir, 'nordicloop.dump'), source.url!])
      await run(pgRestore!, ['--clean', '--if-exists', '--no-owner', '--dbname', target.url!, join(dir, 'nordicloop.dump')])
      const restored = await target.db.selectFrom('listings').select(['id', 'title']).execute()
      expect(restored).toEqual([{ id, title: 'Järnskrot, 4 t' }])
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM listings WHERE search_document @@ to_tsquery('nordicloop_search', 'jarnskrot')`.execute(target.db)
      expect(rows[0].n).toBe(1)
      const migrations = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(target.db)
      expect(migrations.rows[0].n).toBeGreaterThan(5)
    } finally {
      await rm(dir, { recursive: true, force: true })
      await target.drop()
      await source.drop()
    }
  })
})
