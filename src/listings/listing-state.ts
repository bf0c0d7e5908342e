// One home for a listing's state as watchers see it. Every write that changes what an open
// listing page shows — a bid, a purchase, a close, a withdrawal, new auction terms, a photo, a
// bidder's retraction — locks the row here, bumps `version` and announces the change inside the
// write's own transaction, so the announcement goes out exactly when the change commits and a
// page that reconnects with Last-Event-ID can tell that it missed something.
//
// The predicates every page, query and rule asks of a listing live here too: whether it is
// public, whether bidding has started or ended, whether a company may trade. Code that needs
// them in SQL uses the fragments below, so the words and the queries cannot drift apart.
import { sql, type Kysely, type RawBuilder, type Updateable } from 'kysely'
import type { DB } from '../db/schema.js'
import type { ListingStatus } from '../db/types.js'
import { announce, announceSql } from '../live/topic.js'

/** The live topic kind of listings: announced on "listing_events" as "<listing id>:<version>". */
export const LISTING_TOPIC = 'listing'

// ── what a listing is, at a moment ─────────────────────────────────────────────────────────

/** Statuses anyone may see; drafts, listings in review and rejected ones are their seller's (and admins') only. */
export const PUBLIC_STATUSES: readonly ListingStatus[] = ['live', 'ended', 'withdrawn']

export function isPubliclyVisible(status: ListingStatus): boolean {
  return PUBLIC_STATUSES.includes(status)
}

type Timed = { status: ListingStatus; starts_at: Date | null; ends_at: Date | null }

/** Bidding (or buying) has opened: the listing is live and its start time, if any, has passed. */
export function hasStarted(l: Pick<Timed, 'status' | 'starts_at'>, now: Date): boolean {
  return l.status === 'live' && (l.starts_at === null || l.starts_at.getTime() <= now.getTime())
}

/**
 * The listing is over for buyers: closed by the scheduler or a sale, withdrawn, or live past its
 * end time (the scheduler closes it within moments; until then nobody may bid).
 */
export function hasEnded(l: Pick<Timed, 'status' | 'ends_at'>, now: Date): boolean {
  if (l.status === 'ended' || l.status === 'withdrawn') return true
  return l.status === 'live' && l.ends_at !== null && l.ends_at.getTime() <= now.getTime()
}

/** On the market right now: live and not past its end. */
export function isOpenForTrade(l: Pick<Timed, 'status' | 'ends_at'>, now: Date): boolean {
  return l.status === 'live' && !hasEnded(l, now)
}

/** Only approved companies list, bid and buy; pending, rejected and suspended ones browse. */
export function companyMayTrade(status: string): boolean {
  return status === 'approved'
}

// ── the same rules as SQL, for queries ─────────────────────────────────────────────────────

/** `<alias>.status` is one of the public statuses. */
export function publiclyVisibleSql(alias: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.status`)} IN (${sql.join(PUBLIC_STATUSES.map((s) => sql.lit(s)))})`
}

/** The listing `<alias>` is on the market at `now` (see isOpenForTrade). */
export function openForTradeSql(alias: string, now: Date): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.status`)} = 'live' AND (${sql.ref(`${alias}.ends_at`)} IS NULL OR ${sql.ref(`${alias}.ends_at`)} > ${now}))`
}

/** The company whose id is the column `companyIdRef` may trade (see companyMayTrade). */
export function companyMayTradeSql(companyIdRef: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM companies mt WHERE mt.id = ${sql.ref(companyIdRef)} AND mt.status = 'approved')`
}

// ── writes ─────────────────────────────────────────────────────────────────────────────────

/** The columns a lock returns (lockListing, claimDueAuctions), with the lot's hazardous flag (its waste code's). */
function lockedColumns(db: Kysely<DB>) {
  return db.selectFrom('listings')
    .select(['id', 'status', 'sale_type', 'company_id', 'currency', 'title', 'start_price', 'bid_increment', 'reserve_price',
      'buy_now_price', 'current_price', 'bid_count', 'starts_at', 'ends_at', 'leading_company_id', 'leading_max', 'version', 'created_by',
      'fixed_price', 'outcome'])
    .select((eb) => eb.selectFrom('ewc_codes').select('hazardous').whereRef('ewc_codes.code', '=', 'listings.ewc_code').as('hazardous'))
}

/**
 * Locks the listing row: every bid, purchase, close and edit of one listing queues here, one at
 * a time. Whether the lot is hazardous waste comes with it (its waste code's flag).
 */
export function lockListing(db: Kysely<DB>, listingId: string) {
  return lockedColumns(db).where('id', '=', listingId).forUpdate().executeTakeFirst()
}

/**
 * Locks up to `limit` live auctions whose end has passed at `now`, earliest end first, as
 * lockListing locks one; rows another transaction holds are skipped (SKIP LOCKED), so several
 * closers share a burst without waiting on each other.
 */
export function claimDueAuctions(db: Kysely<DB>, now: Date, limit: number) {
  return lockedColumns(db).where('status', '=', 'live').where('sale_type', '=', 'auction').where('ends_at', '<=', now)
    .orderBy('ends_at').limit(limit).forUpdate().skipLocked().execute()
}

export type LockedListing = NonNullable<Awaited<ReturnType<typeof lockListing>>>

/** The announcement of a listing's change, as a fragment for writes that fold it into one statement (the bid path). */
export function announceListingSql(listingId: string, version: number): RawBuilder<unknown> {
  return announceSql(LISTING_TOPIC, listingId, version)
}

/**
 * Writes a change to a listing the caller has locked (lockListing) in its transaction: the new
 * values, the next version and the announcement, together. Returns the new version.
 */
export async function changeListing(
  trx: Kysely<DB>,
  locked: { id: string; version: number },
  changes: Omit<Updateable<DB['listings']>, 'version' | 'updated_at' | 'id'>,
  now: Date,
): Promise<number> {
  const version = locked.version + 1
  await trx.updateTable('listings').set({ ...changes, version, updated_at: now }).where('id', '=', locked.id).execute()
  await announce(trx, LISTING_TOPIC, locked.id, version)
  locked.version = version
  return version
}

/**
 * changeListing for several locked listings, each with its own changes, in one statement per
 * set of changed columns (one for a burst of closes): the values, each listing's next version
 * and its announcement. Versions move on in the objects given.
 */
export async function changeListings(
  trx: Kysely<DB>,
  rows: { locked: { id: string; version: number }; changes: Omit<Updateable<DB['listings']>, 'version' | 'updated_at' | 'id'> }[],
  now: Date,
): Promise<void> {
  const groups = new Map<string, typeof rows>()
  for (const row of rows) {
    const key = Object.keys(row.changes).sort().join(',')
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  for (const [key, group] of groups) {
    const columns = [...(key ? key.split(',') : []), 'version', 'updated_at']
    const values = group.map((r) => ({ ...r.changes, id: r.locked.id, version: r.locked.version + 1, updated_at: now }))
    // jsonb_populate_recordset types each value as its listings column; the announcements go
    // in the same statement, delivered on commit like changeListing's.
    await sql`
      WITH changed AS (
        UPDATE listings l SET ${sql.join(columns.map((c) => sql`${sql.id(c)} = v.${sql.id(c)}`))}
        FROM jsonb_populate_recordset(NULL::listings, ${JSON.stringify(values)}::jsonb) v
        WHERE l.id = v.id
        RETURNING l.id
      )
      SELECT ${sql.join(group.map((r) => announceListingSql(r.locked.id, r.locked.version + 1)))}`.execute(trx)
    for (const r of group) r.locked.version += 1
  }
}
