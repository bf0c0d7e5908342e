// Counting attempts against limits, for logins and for the emails a visitor can make us send.
// Counts live in the database (not process memory) so a limit holds across app instances.
//
// Why a counter row and one conditional upsert per key: counting earlier attempts in one
// statement and recording the new one in another lets N parallel requests all read "4 of 5"
// and all go ahead. `INSERT ... ON CONFLICT DO UPDATE ... WHERE attempts < max` counts and
// checks in one statement: PostgreSQL locks the row and evaluates the WHERE against its latest
// committed version, so parallel attempts queue on the row and the (max+1)th finds it full.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

export type Limit = { key: string; max: number; windowMs: number }

export type Allowance = { allowed: true } | { allowed: false; limit: Limit; retryAfterMinutes: number }

class Refused extends Error {
  constructor(readonly allowance: Allowance & { allowed: false }) {
    super('refused')
  }
}

/**
 * Takes one attempt from every limit, or from none: when one limit is full the transaction
 * rolls back, so a refused attempt does not count against the others (a flood refused per
 * account-and-address must not use up the account's own, higher ceiling). Keys are taken in
 * sorted order, so two requests sharing keys always lock them in the same order (no deadlock).
 * Pass the root database, not a transaction: the refusal needs its own rollback.
 */
export async function takeAttempt(db: Kysely<DB>, limits: Limit[], now: Date): Promise<Allowance> {
  const ordered = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  try {
    await db.transaction().execute(async (trx) => {
      for (const limit of ordered) {
        const since = new Date(now.getTime() - limit.windowMs)
        const stale = sql<boolean>`rate_limits.window_started_at <= ${since}`
        const counted = await trx
          .insertInto('rate_limits')
          .values({ key: limit.key, window_started_at: now, attempts: 1 })
          .onConflict((oc) => oc.column('key')
            .doUpdateSet({
              attempts: sql<number>`CASE WHEN ${stale} THEN 1 ELSE rate_limits.attempts + 1 END`,
              window_started_at: sql<Date>`CASE WHEN ${stale} THEN ${now}::timestamptz ELSE rate_limits.window_started_at END`,
            })
            .where((eb) => eb.or([stale, eb('rate_limits.attempts', '<', limit.max)])))
          .returning('attempts')
          .executeTakeFirst()
        if (!counted) {
          // The conflicting row was locked by the upsert above; its window is current.
          const row = await trx.selectFrom('rate_limits').select('window_started_at').where('key', '=', limit.key).executeTakeFirstOrThrow()
          const freeAt = row.window_started_at.getTime() + limit.windowMs
          const retryAfterMinutes = Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000))
          throw new Refused({ allowed: false, limit, retryAfterMinutes })
        }
      }
    })
    return { allowed: true }
  } catch (err) {
    if (err instanceof Refused) return err.allowance
    throw err
  }
}

/** Gives attempts back (a login that turned out right is not a failure). */
export async function returnAttempt(db: Kysely<DB>, keys: string[]) {
  if (keys.length === 0) return
  await db.updateTable('rate_limits').set({ attempts: sql<number>`greatest(attempts - 1, 0)` }).where('key', 'in', keys).execute()
}

/** Forgets the count of these keys (the owner proved who they are, e.g. through a reset link). */
export async function clearAttempts(db: Kysely<DB>, keys: string[]) {
  if (keys.length === 0) return
  await db.deleteFrom('rate_limits').where('key', 'in', keys).execute()
}

/** No limit counts over a longer window than this. */
export const LONGEST_WINDOW_MS = 60 * 60 * 1000

/** Rows whose window has ended count nothing; this only keeps the table small. */
export async function pruneRateLimits(db: Kysely<DB>, now: Date) {
  await db.deleteFrom('rate_limits').where('window_started_at', '<', new Date(now.getTime() - LONGEST_WINDOW_MS)).execute()
}

export const minutes = (n: number) => `${n} minute${n === 1 ? '' : 's'}`
