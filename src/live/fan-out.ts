// The pages following one topic kind in this process, and the sending of its changes: the ids
// announced since the last flush are loaded in one read, each state is rendered once per kind
// of viewer and the same encoded bytes are written to every page of that kind.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import type { Subscription, Topic } from './topic.js'
import { sseFrame } from './sse-writer.js'

// Writes to this many connections, then lets other work run (a bid's own response, new
// connections) before the next slice: a fan-out to thousands never blocks the process long.
const WRITE_SLICE = 500
const CLOSED = sseFrame('', undefined, 'closed')

/**
 * While changes to one id pour in (a hot auction's bids), its pages get a fresh frame at most
 * this often (by default; LIVE_FRAME_INTERVAL_MS), each with the latest state; after a quiet
 * spell a change goes out at once. A page needs the newest price, not every one in between,
 * and each frame costs a load, a render and a write to every page.
 */
export const FRAME_INTERVAL_MS = 100

/** A page and the key of its kind of viewer, worked out once when it subscribes. */
type Follower = { sub: Subscription<unknown>; viewerKey: string }

export class FanOut {
  private followers = new Map<string, Set<Follower>>()
  private pending = new Set<string>()
  /** When each id's last frames went out (a monotonic clock, ms). */
  private lastSent = new Map<string, number>()

  constructor(readonly topic: Topic<unknown, unknown>, private frameIntervalMs = FRAME_INTERVAL_MS) {}

  get hasPending() {
    return this.pending.size > 0
  }

  get connectionCount() {
    let n = 0
    for (const set of this.followers.values()) n += set.size
    return n
  }

  /** Adds a page; its id is loaded at the next flush, to send whatever changed since the page was rendered. */
  add(sub: Subscription<unknown>): () => void {
    const follower = { sub, viewerKey: this.topic.viewerKey(sub.viewer) }
    let set = this.followers.get(sub.id)
    if (!set) this.followers.set(sub.id, (set = new Set()))
    set.add(follower)
    this.pending.add(sub.id)
    return () => {
      const s = this.followers.get(sub.id)
      s?.delete(follower)
      if (s && s.size === 0) {
        this.followers.delete(sub.id)
        this.lastSent.delete(sub.id)
      }
    }
  }

  /** Marks an announced id for the next flush; false when no page here follows it. */
  mark(id: string): boolean {
    if (!this.followers.has(id)) return false
    this.pending.add(id)
    return true
  }

  markAll() {
    for (const id of this.followers.keys()) this.pending.add(id)
  }

  /** How long until an id waiting for a frame may have one: 0 for now, null when none waits. */
  dueIn(nowMs: number): number | null {
    let soonest: number | null = null
    for (const id of this.pending) {
      const wait = this.waitFor(id, nowMs)
      if (wait === 0) return 0
      soonest = soonest === null ? wait : Math.min(soonest, wait)
    }
    return soonest
  }

  private waitFor(id: string, nowMs: number) {
    const last = this.lastSent.get(id)
    return last === undefined ? 0 : Math.max(0, last + this.frameIntervalMs - nowMs)
  }

  /** Takes every page out (the hub is stopping), to be ended by the caller. */
  takeAll(): Subscription<unknown>[] {
    const subs = [...this.followers.values()].flatMap((set) => [...set].map((f) => f.sub))
    this.followers.clear()
    this.pending.clear()
    this.lastSent.clear()
    return subs
  }

  forEach(fn: (sub: Subscription<unknown>) => void) {
    for (const set of this.followers.values()) for (const f of set) fn(f.sub)
  }

  /** Sends the ids that are due (see FRAME_INTERVAL_MS); the others wait for a later flush. */
  async flush(db: Kysely<DB>, now: Date, log: Logger, nowMs = performance.now()) {
    const ids: string[] = []
    for (const id of this.pending) {
      if (!this.followers.has(id)) this.pending.delete(id)
      else if (this.waitFor(id, nowMs) === 0) {
        ids.push(id)
        this.pending.delete(id)
        this.lastSent.set(id, nowMs)
      }
    }
    if (ids.length === 0) return
    const topic = this.topic
    let states: Map<string, unknown>
    try {
      states = await topic.load(db, ids)
    } catch (err) {
      // The database is away; the LISTEN reconnect will refresh every page when it is back.
      log.warn('live update failed', { kind: topic.kind, error: (err as Error).message })
      return
    }
    let written = 0
    for (const id of ids) {
      const state = states.get(id)
      const set = this.followers.get(id)
      if (state === undefined || !set) continue
      const version = topic.version(state)
      const closed = topic.isClosed(state)
      // Rendered and encoded once per kind of viewer, not once per connection.
      const rendered = new Map<string, Buffer>()
      for (const { sub, viewerKey } of [...set]) {
        // A closed state goes to every page, current or not: it tells the page to stop.
        if (sub.version >= version && !closed) continue
        const key = topic.incremental ? `${viewerKey}@${sub.version}` : viewerKey
        let frame = rendered.get(key)
        if (!frame) {
          const text = sseFrame(topic.render(state, sub.viewer, sub.version, now), version)
          frame = Buffer.from(closed ? text + CLOSED : text)
          rendered.set(key, frame)
        }
        sub.version = version
        if (sub.write(frame) && closed) sub.close()
        if (++written % WRITE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve))
      }
    }
  }
}
