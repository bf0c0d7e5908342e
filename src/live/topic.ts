// What an open page can follow live: one id of a topic kind (a listing; a deal's chat). A kind
// says how to read the current state of many of its ids at once, which version a state is,
// whether it is closed for good and how one kind of viewer sees it; the hub (hub.ts) does the
// rest alike for every kind. A writer announces a change inside its own transaction, so the
// announcement goes out exactly when the change commits (NOTIFY is delivered on commit only)
// and a page that reconnects with Last-Event-ID can tell that it missed something.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../db/schema.js'

// The members are methods, not function-valued properties, on purpose: TypeScript then accepts
// a Topic<LiveState, PanelViewer> where the hub keeps topics of every kind as
// Topic<unknown, unknown>. The hub only ever hands a topic its own states and its own
// subscribers' viewers, so the types hold at run time.
export type Topic<State, Viewer> = {
  /** Names the NOTIFY channel, "<kind>_events": lowercase letters and "_". */
  readonly kind: string
  /** The current states of many ids, read in one snapshot; an id missing from the map sends nothing. */
  load(db: Kysely<DB>, ids: string[]): Promise<Map<string, State>>
  version(state: State): number
  /** Nothing more will change: pages get this state, then a `closed` event, and their streams end. */
  isClosed(state: State): boolean
  /** Viewers with the same key see the same frame, which is rendered once for all of them. */
  viewerKey(viewer: Viewer): string
  /** The frame's HTML for one kind of viewer whose page shows version `since` (-1: nothing yet). */
  render(state: State, viewer: Viewer, since: number, now: Date): string
  /**
   * True when a frame holds only what is newer than `since` (a chat's new messages): it is
   * then rendered once per viewer key and version. False when it is the whole state (a
   * listing's panel): once per viewer key, whatever each page showed before.
   */
  readonly incremental: boolean
}

/** One page following one id of a topic. */
export type Subscription<Viewer> = {
  id: string
  viewer: Viewer
  /** The version the page shows; older or equal states are not sent. The hub moves it on as it sends. */
  version: number
  /** Writes SSE bytes; returns false when the client is too slow and was dropped. */
  write(chunk: string | Uint8Array): boolean
  close(): void
}

const KIND = /^[a-z][a-z_]*$/

/** The channel a kind is announced on; a name of lowercase letters needs no quoting in LISTEN. */
export function topicChannel(kind: string): string {
  if (!KIND.test(kind)) throw new Error(`A live topic kind is lowercase letters and "_", not ${JSON.stringify(kind)}`)
  return `${kind}_events`
}

/**
 * The NOTIFY for a change, as a fragment for a write that folds it into one statement (the bid
 * path). The payload "<id>:<version>" stays far below NOTIFY's 8,000-byte limit.
 */
export function announceSql(kind: string, id: string, version: number): RawBuilder<unknown> {
  return sql`pg_notify(${topicChannel(kind)}, ${`${id}:${version}`})`
}

/** Tells every app instance that `id` of `kind` is now at `version` (delivered only if the transaction commits). */
export async function announce(db: Kysely<DB>, kind: string, id: string, version: number) {
  await sql`SELECT ${announceSql(kind, id, version)}`.execute(db)
}

/** The id an announcement is about ("<id>:<version>"; an id may itself hold colons). */
export function announcedId(payload: string): string {
  const colon = payload.lastIndexOf(':')
  return colon < 0 ? payload : payload.slice(0, colon)
}
