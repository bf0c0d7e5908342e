// Statements per close, counted: a small burst closed in this process by the same job
// (closeExpiredAuctions) through a Kysely whose log hook counts every statement sent,
// BEGIN and COMMIT included. The server processes of the timed scenarios cannot be counted from
// outside without pg_stat_statements, which needs a server restart to load.
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { DB } from '../../src/db/schema.js'
import { closeExpiredAuctions } from '../../src/auctions/close-expired.js'
import { dealTerms } from '../../src/deals/terms.js'
import { loadConfig } from '../../src/config.js'
import { createBenchDatabase } from '../support/auction-setup.js'
import { createBurst, endAllAt, verifyClose } from './setup.js'

/** int8 as numbers, as the app's pool reads them (money in minor units). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
}

export async function statementsPerClose(count: number, opts: { sellers: number; bidders: number }) {
  const bench = await createBenchDatabase()
  const pool = new pg.Pool({ connectionString: bench.url, max: 4, types })
  let statements = 0
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') statements += 1 } })
  try {
    await createBurst(bench.db, { count, ...opts })
    await endAllAt(bench.db, new Date(Date.now() - 1000))
    const terms = dealTerms(loadConfig({ NODE_ENV: 'production', BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'silent', SCHEDULER: 'false' }))
    const closed = await closeExpiredAuctions(db, { now: new Date(), terms })
    const verdict = await verifyClose(bench.db, count, 0)
    return { closed, statements, perClose: statements / Math.max(1, closed), exactlyOnce: verdict.exactlyOnce }
  } finally {
    await db.destroy()
    await bench.drop()
  }
}
