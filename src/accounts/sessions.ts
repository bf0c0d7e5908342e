// Sessions as in the Lucia guide: a random token in the cookie, its SHA-256 as the row id,
// a 30-day expiry that slides forward when the session is used in its second half, and an
// absolute end 90 days after login that no amount of use moves: a stolen cookie kept busy by
// its thief still dies, and a person logs in (and proves the password) at least that often.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { generateToken, hashToken } from '../lib/tokens.js'
import type { Viewer } from './viewer.js'
import { findSessionViewers, type SessionViewer } from './queries.js'
import { batchedLookup, type Lookup } from '../lib/batched-lookup.js'

const DAY = 24 * 60 * 60 * 1000
export const SESSION_LIFETIME_MS = 30 * DAY
export const SESSION_ABSOLUTE_LIFETIME_MS = 90 * DAY

export type SessionRow = { id: string; userId: string; expiresAt: Date }

export async function createSession(db: Kysely<DB>, userId: string, now: Date) {
  const token = generateToken()
  const session: SessionRow = { id: hashToken(token), userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) }
  await db.insertInto('sessions').values({
    id: session.id, user_id: userId, expires_at: session.expiresAt,
    absolute_expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_LIFETIME_MS),
  }).execute()
  return { token, session }
}

const sessionLookups = new WeakMap<Kysely<DB>, Lookup<string, SessionViewer>>()

/** Every request looks up its session: those that arrive together share one query. */
function findSessionViewer(db: Kysely<DB>, id: string) {
  let lookup = sessionLookups.get(db)
  if (!lookup) {
    lookup = batchedLookup((ids) => findSessionViewers(db, ids))
    sessionLookups.set(db, lookup)
  }
  return lookup(id)
}

/**
 * The session for a cookie token and its viewer, extended if it is past half its life; null
 * when unknown or expired.
 */
export async function validateSessionToken(db: Kysely<DB>, token: string, now: Date): Promise<{ session: SessionRow; viewer: Viewer } | null> {
  const id = hashToken(token)
  const found = await findSessionViewer(db, id)
  if (!found) return null
  if (found.expiresAt.getTime() <= now.getTime() || found.absoluteExpiresAt.getTime() <= now.getTime()) {
    await db.deleteFrom('sessions').where('id', '=', id).execute()
    return null
  }
  let expiresAt = found.expiresAt
  if (expiresAt.getTime() - now.getTime() < SESSION_LIFETIME_MS / 2) {
    // Slides forward, but never past the absolute end.
    expiresAt = new Date(Math.min(now.getTime() + SESSION_LIFETIME_MS, found.absoluteExpiresAt.getTime()))
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute()
  }
  return { session: { id, userId: found.viewer.userId, expiresAt }, viewer: found.viewer }
}

export async function invalidateSession(db: Kysely<DB>, token: string) {
  await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute()
}

export async function invalidateUserSessions(db: Kysely<DB>, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}
