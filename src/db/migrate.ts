import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { Database } from './database.js'

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))

/**
 * Applies the SQL files in migrations/ that have not run yet, in name order (ISO-dated names
 * sort by time). Each file runs with its bookkeeping row in one transaction, so a failed
 * migration leaves nothing half-applied. Files are never edited after they land.
 */
export async function migrateToLatest(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  return database.withMigrationLock(async () => {
    await database.runScript(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(database.db)
    const done = new Set(rows.map((r) => r.name))
    const applied: string[] = []
    for (const file of files) {
      if (done.has(file)) continue
      const body = await readFile(dir + file, 'utf8')
      const name = file.replaceAll("'", "''")
      await database.runScript(`BEGIN;\n${body}\n;INSERT INTO schema_migrations (name) VALUES ('${name}');\nCOMMIT;`)
      applied.push(file)
    }
    return applied
  })
}
