// PostgreSQL restarts (upgrades, failovers, crashes). The server must live through it: say
// "not ready" while the database is gone, answer pages with a clean 503, and come back by
// itself. Runs against a throwaway cluster of its own so it can be stopped at will.
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { isDatabaseUnavailable, openPostgres, type Database } from '../../src/db/database.js'
import { createLogger } from '../../src/lib/logger.js'
import {
  PG_BIN, createPgCluster, postgresBinariesPresent, startServer, type PgCluster, type ServerProcess,
} from '../support/server-process.js'

const available = postgresBinariesPresent()
const mustRun = process.env.CI === 'true'
const modes = ['fast', 'immediate'] as const

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Far beyond any normal wait: what has not happened by then is not going to. How long
 * recovery takes is the bench's business; the test asserts that it happens. */
const WAIT_MS = 20_000

/** Polls `fn` until it returns true; returns the time it took, or throws after `ms`. */
async function within(ms: number, what: string, fn: () => Promise<boolean>, fatal?: () => void) {
  const started = Date.now()
  for (;;) {
    fatal?.()
    if (await fn().catch(() => false)) break
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`)
    await sleep(100)
  }
  return Date.now() - started
}

if (!available && !mustRun) {
  console.warn(`database restart tests skipped: initdb and pg_ctl not found in ${PG_BIN} (set PG_BIN; with CI=true they must run)`)
  describe('database restart', () => {
    it.skip(`skipped: PostgreSQL server binaries (initdb, pg_ctl) not found in ${PG_BIN}; set PG_BIN to run it`, () => {})
  })
} else {
  describe('database restart', () => {
    let cluster: PgCluster
    beforeAll(async () => {
      if (!available) throw new Error(`CI=true but PostgreSQL server binaries are missing in ${PG_BIN}`)
      cluster = await createPgCluster()
    })
    afterAll(() => cluster?.destroy())
    // A failed test must not leave the next one without a database.
    afterEach(async () => { if (cluster && !cluster.running) await cluster.start() })

    describe('the connection pool', () => {
      let database: Database
      const uncaught: Error[] = []
      const record = (err: Error) => { uncaught.push(err) }
      beforeAll(() => {
        database = openPostgres(cluster.url, createLogger('silent'), 4)
        process.on('uncaughtException', record)
      })
      afterAll(async () => {
        process.off('uncaughtException', record)
        await database?.close()
      })

      it.each(modes)('survives a %s stop with a query running and a transaction open', { timeout: 60_000 }, async (mode) => {
        await sql`SELECT 1`.execute(database.db)
        // Longer than any stop could take: the stop, not the query's end, finishes it.
        const running = sql`SELECT pg_sleep(120)`.execute(database.db).then(() => null, (err: unknown) => err)
        // A transaction between two statements: its client is checked out but idle until the
        // database has stopped.
        let inside!: () => void
        const begun = new Promise<void>((resolve) => { inside = resolve })
        let stopped!: () => void
        const afterStop = new Promise<void>((resolve) => { stopped = resolve })
        const transaction = database.db.transaction().execute(async (trx) => {
          await sql`SELECT 1`.execute(trx)
          inside()
          await afterStop
          await sql`SELECT 2`.execute(trx)
        }).then(() => null, (err: unknown) => err)
        await begun
        await sleep(100)

        await cluster.stop(mode)
        stopped()
        const [queryError, transactionError] = await Promise.all([running, transaction])
        expect(queryError).toBeInstanceOf(Error)
        expect(transactionError).toBeInstanceOf(Error)
        expect(isDatabaseUnavailable(queryError)).toBe(true)
        expect(isDatabaseUnavailable(transactionError)).toBe(true)
        // While stopped, a new query is refused: also recognised as an outage.
        const refused = await sql`SELECT 1`.execute(database.db).then(() => null, (err: unknown) => err)
        expect(isDatabaseUnavailable(refused)).toBe(true)
        await sleep(200) // late 'error' events from the dead sockets
        expect(uncaught.map((e) => e.message)).toEqual([])

        await cluster.start()
        const { rows } = await sql<{ n: number }>`SELECT 41 + 1 AS n`.execute(database.db)
        expect(rows).toEqual([{ n: 42 }])
      })

      it('does not mistake a bad query for an outage', async () => {
        const err = await sql`SELEC 1`.execute(database.db).then(() => null, (e: unknown) => e)
        expect(err).toMatchObject({ code: '42601' })
        expect(isDatabaseUnavailable(err)).toBe(false)
        expect(isDatabaseUnavailable(new Error('relation "x" does not exist'))).toBe(false)
      })
    })

    describe('the running server', () => {
      let server: ServerProcess
      beforeAll(async () => {
        server = await startServer({ DATABASE_URL: cluster.url, DATABASE_POOL_SIZE: '5' })
      })
      afterAll(async () => {
        const exit = await server?.stop()
        if (exit) expect(exit).toEqual({ code: 0, signal: null })
      })

      const alive = () => server.proc.exitCode === null && server.proc.signalCode === null
      const mustBeAlive = () => {
        if (!alive()) throw new Error(`the server process died (exit ${server.proc.exitCode}):\n${server.output().slice(-2000)}`)
      }
      const get = (path: string, headers: Record<string, string> = {}) =>
        fetch(server.url + path, { headers, signal: AbortSignal.timeout(15_000) })

      it.each(modes)('stays up through a %s stop, reports it on /readyz, and recovers by itself', { timeout: 120_000 }, async (mode) => {
        expect((await get('/readyz')).status).toBe(200)
        const home = await get('/')
        expect(home.status).toBe(200)
        expect(await home.text()).toContain('<!doctype html>')

        // Traffic keeps flowing while the database goes away, so some requests hold a
        // connection at that moment.
        let running = true
        onTestFinished(() => { running = false }) // also when an assertion below fails
        const statuses: number[] = []
        const traffic = Array.from({ length: 8 }, async () => {
          while (running) {
            const res = await get('/').catch(() => null)
            statuses.push(res?.status ?? 0)
            await res?.arrayBuffer().catch(() => {})
          }
        })
        await within(WAIT_MS, 'traffic flowing', async () => statuses.length >= 8, mustBeAlive)
        await cluster.stop(mode)

        await within(WAIT_MS, '/readyz reports the outage', async () => (await get('/readyz')).status === 503, mustBeAlive)
        const ready = await get('/readyz')
        expect(ready.status).toBe(503)
        expect(await ready.json()).toMatchObject({ status: 'unavailable' })

        const down = await get('/')
        expect(down.status).toBe(503)
        expect(down.headers.get('content-type')).toMatch(/text\/html/)
        expect(down.headers.get('retry-after')).toBe('5')
        const page = await down.text()
        expect(page).toContain('<!doctype html>')
        expect(page).toContain('Temporarily unavailable')
        expect(page).toContain('try again in a moment')

        // htmx requests get the message as a fragment to swap in.
        const fragment = await get('/', { 'HX-Request': 'true' })
        expect(fragment.status).toBe(503)
        expect(await fragment.text()).toMatch(/^<div class="alert error" role="alert">.*temporarily unavailable/)

        running = false
        await Promise.all(traffic)
        // Every request got an answer: the page, or the clean 503. Never a 500, never a reset.
        expect(statuses.length).toBeGreaterThan(0)
        expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([])
        expect(alive()).toBe(true)

        await cluster.start()
        await within(WAIT_MS, '/readyz recovers', async () => (await get('/readyz')).status === 200, mustBeAlive)
        const back = await get('/')
        expect(back.status).toBe(200)
        expect(alive()).toBe(true)
        expect(server.output()).not.toMatch(/uncaught|unhandled 'error' event/i)
      })
    })
  })
}
