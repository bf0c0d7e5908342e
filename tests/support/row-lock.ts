// Holding a listing's row lock from a connection of the test's own, so bids that arrive queue
// behind a transaction that waits for it: how tests make a batch of bids whose content is known.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Takes the listing's row lock in a transaction of its own; release() commits it. */
export async function holdRowLock(db: Kysely<DB>, listingId: string): Promise<() => Promise<void>> {
  let release!: () => void
  const released = new Promise<void>((r) => { release = r })
  let locked!: () => void
  const isLocked = new Promise<void>((r) => { locked = r })
  const done = db.transaction().execute(async (trx) => {
    await sql`SELECT 1 FROM listings WHERE id = ${listingId} FOR UPDATE`.execute(trx)
    locked()
    await released
  })
  await isLocked
  return async () => { release(); await done }
}

/** How many connections to this database wait for a lock (behind the one held). */
export async function lockWaiters(db: Kysely<DB>): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db)).rows[0]!.n
}

/** Polls until `ok()` (every 10 ms, for up to 10 s). */
export async function until(what: string, ok: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 1000; i++) {
    if (await ok()) return
    await sleep(10)
  }
  throw new Error(`${what} did not happen`)
}
