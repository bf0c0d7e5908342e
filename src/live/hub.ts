// Fan-out of changes to open pages, the same for every topic kind (topic.ts). One LISTEN
// connection per app instance carries every kind's channel; an announcement "<id>:<version>"
// from whichever instance committed the change marks that id, bursts coalesce into one load
// per kind (and, while changes to one id pour in, into at most one frame per interval), and
// each page following the id gets the frame for its kind of viewer (fan-out.ts).
// Subscribers live in this process's memory only; a page that reconnects to another instance
// catches up through Last-Event-ID.
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { announcedId, topicChannel, type Subscription, type Topic } from './topic.js'
import { FanOut } from './fan-out.js'
import { retryFrame } from './sse-writer.js'

export const HEARTBEAT_MS = 15_000
const HEARTBEAT = Buffer.from(': ping\n\n')

export class LiveHub {
  /** By channel name, which is how announcements arrive. */
  private fanOuts = new Map<string, FanOut>()
  private flushing: Promise<void> | null = null
  private scheduled = false
  /** A flush waiting for an id's frame interval (fan-out.ts), and when it fires (monotonic ms). */
  private timer: { handle: NodeJS.Timeout; at: number } | null = null
  private listener: { close(): Promise<void> } | null = null
  private heartbeat: NodeJS.Timeout | null = null
  private stopped: { retryMs?: number } | null = null

  constructor(private deps: { db: Kysely<DB>; log: Logger; clock: () => Date; topics: readonly Topic<unknown, unknown>[]; frameIntervalMs?: number }) {
    for (const topic of deps.topics) {
      const channel = topicChannel(topic.kind)
      if (this.fanOuts.has(channel)) throw new Error(`Two live topics of the kind "${topic.kind}"`)
      this.fanOuts.set(channel, new FanOut(topic, deps.frameIntervalMs))
    }
  }

  async start(database: Database) {
    this.listener = await database.listen([...this.fanOuts.keys()], {
      onNotify: (channel, payload) => this.notify(channel, payload),
      // Notifications sent while the connection was down are lost: refresh every open page.
      onReconnect: () => this.refreshAll(),
    })
    // One timer for all connections: a comment line keeps proxies from closing idle streams.
    this.heartbeat = setInterval(() => this.broadcastRaw(HEARTBEAT), HEARTBEAT_MS)
    this.heartbeat.unref()
  }

  /**
   * Ends every stream. With `retryMs` (a shutdown) each stream's last frame is an SSE `retry:`
   * hint, so pages wait that long before reconnecting (to another instance, through the load
   * balancer) instead of all coming back at once; the page catches up through its version.
   */
  async stop(opts: { retryMs?: number } = {}) {
    this.stopped = opts
    if (this.heartbeat) clearInterval(this.heartbeat)
    if (this.timer) clearTimeout(this.timer.handle)
    this.timer = null
    for (const fanOut of this.fanOuts.values()) for (const sub of fanOut.takeAll()) this.end(sub)
    await this.listener?.close()
  }

  /** Closes one stream, with the retry hint when the hub is stopping. */
  private end(sub: Subscription<unknown>) {
    const retryMs = this.stopped?.retryMs
    if (retryMs !== undefined) sub.write(retryFrame(retryMs))
    sub.close()
  }

  get connectionCount() {
    let n = 0
    for (const fanOut of this.fanOuts.values()) n += fanOut.connectionCount
    return n
  }

  /** Follows one id of `topic` for one page; returns the unsubscribe to call when the page goes. */
  subscribe<State, Viewer>(topic: Topic<State, Viewer>, sub: Subscription<Viewer>): () => void {
    const fanOut = this.fanOuts.get(topicChannel(topic.kind))
    // The same object, not only the same kind: the viewer handed to its render is the one it expects.
    if (fanOut?.topic !== topic) throw new Error(`This hub carries no live topic "${topic.kind}"`)
    // A request that was already under way when the hub stopped: nothing will ever write to
    // it, so it ends at once (and the page reconnects elsewhere).
    if (this.stopped) {
      this.end(sub)
      return () => {}
    }
    const unsubscribe = fanOut.add(sub)
    this.schedule()
    return unsubscribe
  }

  /** An announcement from any instance (see announce in topic.ts). */
  notify(channel: string, payload: string) {
    if (this.fanOuts.get(channel)?.mark(announcedId(payload))) this.schedule()
  }

  refreshAll() {
    for (const fanOut of this.fanOuts.values()) fanOut.markAll()
    this.schedule()
  }

  /** Resolves once everything announced so far has been sent (for tests and shutdown). */
  async idle() {
    while (this.scheduled || this.flushing || this.timer) await (this.flushing ?? new Promise((r) => setTimeout(r, this.timer ? 5 : 0)))
  }

  private schedule() {
    if (this.scheduled) return
    const nowMs = performance.now()
    const wait = this.dueIn(nowMs)
    if (wait === null) return
    if (wait > 0) {
      // Nothing is due yet: come back when the first is (sooner if something due at once comes).
      if (this.timer && this.timer.at <= nowMs + wait) return
      if (this.timer) clearTimeout(this.timer.handle)
      const handle = setTimeout(() => {
        this.timer = null
        this.schedule()
      }, wait)
      handle.unref()
      this.timer = { handle, at: nowMs + wait }
      return
    }
    if (this.timer) clearTimeout(this.timer.handle)
    this.timer = null
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      // Flushes run one after another. Only the last one chained may clear `flushing`: an
      // earlier one clearing it would let the next flush start beside the one still queued.
      const run: Promise<void> = (this.flushing ?? Promise.resolve()).then(() => this.flush())
        .finally(() => {
          if (this.flushing === run) this.flushing = null
          if (this.hasPending()) this.schedule()
        })
      this.flushing = run
    })
  }

  private async flush() {
    const now = this.deps.clock()
    for (const fanOut of this.fanOuts.values()) {
      if (!fanOut.hasPending) continue
      // One kind's failed render must neither keep the others' pages waiting nor become an
      // unhandled rejection, which ends the process.
      await fanOut.flush(this.deps.db, now, this.deps.log).catch((err: unknown) =>
        this.deps.log.error('live update failed', { kind: fanOut.topic.kind, error: err instanceof Error ? err.message : String(err) }))
    }
  }

  private hasPending() {
    for (const fanOut of this.fanOuts.values()) if (fanOut.hasPending) return true
    return false
  }

  private dueIn(nowMs: number): number | null {
    let soonest: number | null = null
    for (const fanOut of this.fanOuts.values()) {
      const wait = fanOut.dueIn(nowMs)
      if (wait !== null) soonest = soonest === null ? wait : Math.min(soonest, wait)
    }
    return soonest
  }

  private broadcastRaw(chunk: Uint8Array) {
    for (const fanOut of this.fanOuts.values()) fanOut.forEach((s) => s.write(chunk))
  }
}
