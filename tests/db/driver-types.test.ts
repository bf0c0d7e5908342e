// The generated table types (src/db/schema.ts) must describe what the code receives, from pg
// and from PGlite alike: for every column of every table the migrations build, a sample value
// of the column's SQL type is read through each driver and checked against the TypeScript type
// the generated file gives that column. A column missing from the file, a type mapped wrongly
// (bigint read as a string on one driver) or a new SQL type fails here.
import { readFileSync } from 'node:fs'
import { sql, type Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openPglite } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createTestDatabase } from '../support/test-app.js'

type Column = { table: string; column: string; type: string; sqlType: string }

// A value of each SQL type the migrations use. bigint's is above 2^31, so a driver that
// returned it as a string or truncated it would show.
const samples: Record<string, string> = {
  int8: '9007199254740991', int4: '2147483647', int2: '32767', numeric: '12.500',
  text: 'abc', varchar: 'abc', bpchar: '170101', bool: 'true', uuid: '00000000-0000-4000-8000-000000000000',
  timestamptz: '2026-12-02T10:00:00Z', jsonb: '{"a": 1}', tsvector: 'a:1', inet: '127.0.0.1',
  _int4: '{400,800}', _text: '{a,b}', date: '2026-12-02', bytea: '\\x00ff10',
}

/** The generated file's column types, by table: `{ listings: { status: 'Generated<"draft" | ...>' } }`. */
function generatedTypes(): Map<string, Map<string, string>> {
  const source = readFileSync(new URL('../../src/db/schema.ts', import.meta.url), 'utf8')
  const interfaces = new Map<string, Map<string, string>>()
  for (const [, name, body] of source.matchAll(/^export interface (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    interfaces.set(name, new Map([...body.matchAll(/^ {2}(\w+): (.+);$/gm)].map(([, key, type]) => [key, type])))
  }
  const tables = new Map<string, Map<string, string>>()
  for (const [table, iface] of interfaces.get('DB') ?? []) tables.set(table, interfaces.get(iface) ?? new Map())
  return tables
}

/** A check for a value read from a column the generated file types as `tsType`. */
function checkFor(tsType: string): (value: unknown) => boolean {
  let t = tsType
  for (;;) {
    const generated = /^Generated<(.*)>$/.exec(t)
    const columnType = /^ColumnType<([^,<>]+), [^<>]+>$/.exec(t)
    if (generated) t = generated[1]
    else if (columnType) t = columnType[1]
    else break
  }
  t = t.replace(/ \| null$/, '')
  if (/^"[^"]*"( \| "[^"]*")*$/.test(t)) return (v) => typeof v === 'string'
  switch (t) {
    case 'number': return (v) => typeof v === 'number'
    case 'string': return (v) => typeof v === 'string'
    case 'boolean': return (v) => typeof v === 'boolean'
    case 'Timestamp': return (v) => v instanceof Date
    case 'Uint8Array': return (v) => v instanceof Uint8Array
    case 'Numeric': return (v) => typeof v === 'string'
    case 'Json': return (v) => typeof v === 'object' && v !== null
    case 'number[]': return (v) => Array.isArray(v) && v.every((x) => typeof x === 'number')
    case 'string[]': return (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')
    default: throw new Error(`no check for the generated type ${tsType}`)
  }
}

async function columnsOf(db: Kysely<unknown>): Promise<Column[]> {
  const { rows } = await sql<Column>`
    SELECT cls.relname AS "table", att.attname AS "column", typ.typname AS "type",
           format_type(att.atttypid, att.atttypmod) AS "sqlType"
    FROM pg_attribute att
    JOIN pg_class cls ON cls.oid = att.attrelid AND cls.relkind = 'r' AND cls.relnamespace = 'public'::regnamespace
    JOIN pg_type typ ON typ.oid = att.atttypid
    WHERE att.attnum > 0 AND NOT att.attisdropped AND cls.relname <> 'schema_migrations'
    ORDER BY 1, att.attnum`.execute(db)
  return rows
}

/** One row per table: each column's sample value cast to the column's SQL type. */
async function readSamples(db: Kysely<unknown>, columns: Column[]) {
  const values = new Map<string, unknown>()
  const tables = new Map<string, Column[]>()
  for (const c of columns) tables.set(c.table, [...(tables.get(c.table) ?? []), c])
  for (const [table, cols] of tables) {
    const select = sql.join(cols.map((c) => sql`${sql.lit(samples[c.type] ?? null)}::${sql.raw(c.sqlType)} AS ${sql.ref(c.column)}`))
    const { rows } = await sql<Record<string, unknown>>`SELECT ${select}`.execute(db)
    for (const c of cols) values.set(`${table}.${c.column}`, rows[0][c.column])
  }
  return values
}

describe('generated table types match what both drivers return', async () => {
  const server = await createTestDatabase()
  const pglite = await openPglite(undefined)
  await migrateToLatest(pglite)
  afterAll(async () => {
    await pglite.close()
    await server.drop()
  })
  if (!server.url && process.env.CI === 'true') throw new Error('PostgreSQL is missing in CI')

  const columns = await columnsOf(pglite.db as Kysely<unknown>)
  const generated = generatedTypes()

  it(`the generated file has every column the migrations build (${columns.length} columns), and no other`, () => {
    const inDatabase = columns.map((c) => `${c.table}.${c.column}`).sort()
    const inFile = [...generated].flatMap(([table, cols]) => [...cols.keys()].map((c) => `${table}.${c}`)).sort()
    expect(inFile).toEqual(inDatabase)
  })

  it('has a sample value for every SQL type the migrations use', () => {
    expect(columns.filter((c) => !(c.type in samples)).map((c) => `${c.table}.${c.column}: ${c.type}`)).toEqual([])
  })

  const drivers = [
    { name: 'PGlite', db: pglite.db as Kysely<unknown>, ready: true },
    { name: 'pg', db: server.db as Kysely<unknown>, ready: server.url !== null },
  ]
  for (const driver of drivers) {
    it.skipIf(!driver.ready)(`every column read through ${driver.name} has its generated type (${columns.length} columns)`, async () => {
      const values = await readSamples(driver.db, columns)
      const wrong = columns.flatMap((c) => {
        const key = `${c.table}.${c.column}`
        const tsType = generated.get(c.table)?.get(c.column)
        if (!tsType) return [`${key}: not in the generated file`]
        const value = values.get(key)
        return checkFor(tsType)(value) ? [] : [`${key} (${c.sqlType}) is typed ${tsType} but ${driver.name} returned ${JSON.stringify(value)} (${typeof value})`]
      })
      expect(wrong).toEqual([])
    })
  }

  for (const driver of drivers) {
    it.skipIf(!driver.ready)(`a date reads as midnight UTC through ${driver.name}, whatever the process's time zone`, async () => {
      const zone = process.env.TZ
      process.env.TZ = 'America/New_York'
      try {
        const { rows } = await sql<{ d: Date }>`SELECT '2026-12-02'::date AS d`.execute(driver.db)
        expect(rows[0].d.toISOString()).toBe('2026-12-02T00:00:00.000Z')
      } finally {
        if (zone === undefined) delete process.env.TZ
        else process.env.TZ = zone
      }
    })
  }

  it('checks the checks: a bigint read as a string, a number as a Date, a count as a list are refused', () => {
    expect(checkFor('number')('9007199254740991')).toBe(false)
    expect(checkFor('Generated<Timestamp>')(1)).toBe(false)
    expect(checkFor('number[]')(['400'])).toBe(false)
    expect(checkFor('ColumnType<number | null, never, never>')(null)).toBe(false)
    expect(checkFor('Numeric')(12.5)).toBe(false)
  })
})
