// Fan-out of auction changes to open pages. One LISTEN connection per app instance receives
// "<listing id>:<version>" from whichever instance committed the change; the hub loads the new
// state once per listing (coalescing bursts of bids into one load) and writes a rendered
// fragment to each page watching that listing. Subscribers live in this process's memory
// only; a page that reconnects to another instance catches up through Last-Event-ID.
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { loadLiveStates, type LiveState } from '../auctions/live-state.js'
import { LISTING_EVENTS_CHANNEL } from '../listings/listing-state.js'

export type Subscriber = {
  listingId: string
  companyId: string | null
  timeZone: string
  /** The version the page already shows; older or equal events are not sent. */
  version: number
  /** Writes SSE bytes; returns false when the client is too slow and was dropped. */
  write(chunk: string | Uint8Array): boolean
  close(): void
}

export type RenderLive = (state: LiveState, viewer: { companyId: string | null; timeZone: string }, now: Date) => string

export const HEARTBEAT_MS = 15_000
const HEARTBEAT = Buffer.from(': ping\n\n')
// Writes to this many connections, then lets other work run (a bid's own response, new
// connections) before the next slice: a fan-out to thousands never blocks the process long.
const WRITE_SLICE = 500

/** One SSE message; each line of the HTML becomes a `data:` line. */
export function sseFrame(html: string, id?: number, event?: string): string {
  let frame = id !== undefined ? `id: ${id}\n` : ''
  if (event) frame += `event: ${event}\n`
  return frame + html.split('\n').map((line) => `data: ${line}`).join('\n') + '\n\n'
}

/**
 * The last frame of a stream when this instance shuts down. `retry:` sets how long the page
 * waits before reconnecting; htmx applies it only from a message with an event, hence the
 * `event:` line (no handler listens for it, and no `id:`, so Last-Event-ID is kept).
 */
export function retryFrame(retryMs: number) {
  return `retry: ${Math.round(retryMs)}\nevent: reconnect\n\n`
}

export class ListingHub {
  private subscribers = new Map<string, Set<Subscriber>>()
  private pending = new Set<string>()
  private flushing: Promise<void> | null = null
  private scheduled = false
  private listener: { close(): Promise<void> } | null = null
  private heartbeat: NodeJS.Timeout | null = null
  private stopped: { retryMs?: number } | null = null

  constructor(private deps: { db: Kysely<DB>; log: Logger; clock: () => Date; render: RenderLive }) {}

  async start(database: Database) {
    this.listener = await database.listen(LISTING_EVENTS_CHANNEL, {
      onNotify: (payload) => this.notify(payload),
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
    const subs = [...this.subscribers.values()].flatMap((set) => [...set])
    this.subscribers.clear()
    for (const s of subs) this.end(s)
    await this.listener?.close()
  }

  /** Closes one stream, with the retry hint when the hub is stopping. */
  private end(sub: Subscriber) {
    const retryMs = this.stopped?.retryMs
    if (retryMs !== undefined) sub.write(retryFrame(retryMs))
    sub.close()
  }

  get connectionCount() {
    let n = 0
    for (const set of this.subscribers.values()) n += set.size
    return n
  }

  subscribe(sub: Subscriber): () => void {
    // A request that was already under way when the hub stopped: nothing will ever write to
    // it, so it ends at once (and the page reconnects elsewhere).
    if (this.stopped) {
      this.end(sub)
      return () => {}
    }
    let set = this.subscribers.get(sub.listingId)
    if (!set) this.subscribers.set(sub.listingId, (set = new Set()))
    set.add(sub)
    // Whatever changed between the page render (or the last event seen) and now.
    this.pending.add(sub.listingId)
    this.schedule()
    return () => {
      const s = this.subscribers.get(sub.listingId)
      s?.delete(sub)
      if (s && s.size === 0) this.subscribers.delete(sub.listingId)
    }
  }

  notify(payload: string) {
    const id = payload.split(':')[0]
    if (!this.subscribers.has(id)) return
    this.pending.add(id)
    this.schedule()
  }

  refreshAll() {
    for (const id of this.subscribers.keys()) this.pending.add(id)
    this.schedule()
  }

  /** Resolves once everything announced so far has been sent (for tests and shutdown). */
  async idle() {
    while (this.scheduled || this.flushing) await (this.flushing ?? new Promise((r) => setImmediate(r)))
  }

  private schedule() {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      // Flushes run one after another. Only the last one chained may clear `flushing`: an
      // earlier one clearing it would let the next flush start beside the one still queued.
      const run: Promise<void> = (this.flushing ?? Promise.resolve()).then(() => this.flush())
        // A failed render must not become an unhandled rejection, which ends the process.
        .catch((err: unknown) => this.deps.log.error('live update failed', { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          if (this.flushing === run) this.flushing = null
          if (this.pending.size) this.schedule()
        })
      this.flushing = run
    })
  }

  private async flush() {
    const ids = [...this.pending].filter((id) => this.subscribers.has(id))
    this.pending.clear()
    if (ids.length === 0) return
    let states: Map<string, LiveState>
    try {
      states = await loadLiveStates(this.deps.db, ids)
    } catch (err) {
      // The database is away; the LISTEN reconnect will refresh every page when it is back.
      this.deps.log.warn('live update failed', { error: (err as Error).message })
      return
    }
    const now = this.deps.clock()
    for (const id of ids) {
      const state = states.get(id)
      const subs = this.subscribers.get(id)
      if (!state || !subs) continue
      const closed = state.status !== 'live'
      // Render and encode once per kind of viewer, not once per connection.
      const rendered = new Map<string, Buffer>()
      let written = 0
      for (const sub of [...subs]) {
        if (sub.version >= state.version && !closed) continue
        const key = `${sub.companyId ?? ''}|${sub.timeZone}`
        let frame = rendered.get(key)
        if (!frame) {
          let text = sseFrame(this.deps.render(state, sub, now), state.version)
          if (closed) text += sseFrame('', undefined, 'closed')
          frame = Buffer.from(text)
          rendered.set(key, frame)
        }
        sub.version = state.version
        if (sub.write(frame) && closed) sub.close()
        if (++written % WRITE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve))
      }
    }
  }

  private broadcastRaw(chunk: Uint8Array) {
    for (const set of this.subscribers.values()) for (const s of set) s.write(chunk)
  }
}
