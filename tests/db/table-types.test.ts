// src/db/schema.ts is what kysely-codegen makes of the migrated database, and the check that
// `npm test` runs (db:types:check) notices any difference: here the committed file is compared
// with a fresh generation, and every column line of it, dropped or retyped, must count as a
// difference (so the check cannot pass a stale file).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { generateTableTypes, schemaDifference } from '../../scripts/generate-db-types.js'

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function postgresReachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const committed = readFileSync(new URL('../../src/db/schema.ts', import.meta.url), 'utf8')
const columnLines = committed.split('\n').map((line, index) => ({ line, index })).filter(({ line }) => /^ {2}\w+: .+;$/.test(line))

describe('generated table types', async () => {
  const reachable = await postgresReachable(ADMIN_URL)
  if (!reachable && process.env.CI === 'true') throw new Error('PostgreSQL is missing in CI')

  it.skipIf(!reachable)('the committed src/db/schema.ts is what the migrations generate (npm run db:types)', async () => {
    const generated = await generateTableTypes(ADMIN_URL)
    expect(schemaDifference(committed, generated)).toBeNull()
  }, 30_000)

  it(`a dropped or retyped column is a difference (${columnLines.length} columns × 2 changes)`, () => {
    expect(columnLines.length).toBeGreaterThan(100)
    const lines = committed.split('\n')
    for (const { line, index } of columnLines) {
      const dropped = [...lines.slice(0, index), ...lines.slice(index + 1)].join('\n')
      const retyped = [...lines.slice(0, index), line.replace(/: .+;$/, ': unknown;'), ...lines.slice(index + 1)].join('\n')
      expect(schemaDifference(dropped, committed), `dropped ${line}`).toContain(`+${line}`)
      expect(schemaDifference(retyped, committed), `retyped ${line}`).toContain(`+${line}`)
    }
  })
})
