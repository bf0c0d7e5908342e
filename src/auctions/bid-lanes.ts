// One lane per auction in this instance: while a transaction for an auction is in flight, the
// bids that arrive for it wait here, and go together into the next transaction, in arrival
// order. The database's row lock, not this queue, keeps bids in order across instances: the
// lane only saves each bid its own lock, round trips and commit. A crash loses only requests
// that were never answered.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

/** At most this many bids in one transaction: one statement stays a modest size. */
export const MAX_BATCH = 200

type Waiting<T, R> = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void }
type Lane<T, R> = { waiting: Waiting<T, R>[] }

// Per database handle (one app instance has one), so separate instances in one process (the
// tests) keep separate lanes, as separate processes would.
const lanesByDb = new WeakMap<object, Map<string, Lane<never, never>>>()

/**
 * Runs `apply` for this item with the items that queue behind the batch in flight for `key`,
 * and resolves with this item's result. `apply` answers one result per item, in order; if it
 * throws, every item of that batch is rejected with the error.
 */
export function joinLane<T, R>(db: Kysely<DB>, key: string, item: T, apply: (db: Kysely<DB>, key: string, batch: T[]) => Promise<R[]>): Promise<R> {
  let lanes = lanesByDb.get(db) as Map<string, Lane<T, R>> | undefined
  if (!lanes) lanesByDb.set(db, (lanes = new Map()) as Map<string, Lane<never, never>>)
  return new Promise<R>((resolve, reject) => {
    const waiting = { item, resolve, reject }
    const lane = lanes.get(key)
    if (lane) {
      lane.waiting.push(waiting)
      return
    }
    const fresh: Lane<T, R> = { waiting: [] }
    lanes.set(key, fresh)
    void run(lanes, key, fresh, [waiting], apply, db)
  })
}

async function run<T, R>(lanes: Map<string, Lane<T, R>>, key: string, lane: Lane<T, R>, batch: Waiting<T, R>[],
  apply: (db: Kysely<DB>, key: string, batch: T[]) => Promise<R[]>, db: Kysely<DB>) {
  for (;;) {
    let answer: () => void
    try {
      const results = await apply(db, key, batch.map((w) => w.item))
      const answered = batch
      answer = () => answered.forEach((w, i) => w.resolve(results[i]!))
    } catch (err) {
      const failed = batch
      answer = () => { for (const w of failed) w.reject(err) }
    }
    // The batch's requests are answered (their pages rendered and sent) once the next batch's
    // transaction is on its way: the lock is not kept waiting for this batch's HTML.
    setImmediate(answer)
    if (lane.waiting.length === 0) {
      lanes.delete(key)
      return
    }
    batch = lane.waiting.splice(0, MAX_BATCH)
  }
}

/** How many items wait behind the batch in flight for `key` (0 when none is in flight). */
export function queuedFor(db: Kysely<DB>, key: string): number {
  return lanesByDb.get(db)?.get(key)?.waiting.length ?? 0
}
