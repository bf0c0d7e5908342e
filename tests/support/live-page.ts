// A page following a live topic straight through the hub, without a socket: the bytes the hub
// writes are kept and read back as SSE messages, and closing the stream unsubscribes, as the
// route's stream does.
import type { LiveHub } from '../../src/live/hub.js'
import type { Topic } from '../../src/live/topic.js'

export type Frame = { id?: string; event?: string; data: string }
export type Page = { readonly text: string; readonly frames: Frame[]; readonly closed: boolean }

export function followPage<State, Viewer>(hub: LiveHub, topic: Topic<State, Viewer>, id: string, viewer: Viewer, version: number): Page {
  const decoder = new TextDecoder()
  let text = ''
  let closed = false
  let unsubscribe: (() => void) | null = null
  unsubscribe = hub.subscribe(topic, {
    id, viewer, version,
    write(chunk) {
      if (closed) return false
      text += typeof chunk === 'string' ? chunk : decoder.decode(chunk)
      return true
    },
    close() {
      closed = true
      unsubscribe?.()
    },
  })
  if (closed) unsubscribe()
  return { get text() { return text }, get frames() { return readFrames(text) }, get closed() { return closed } }
}

/** The SSE messages in `text`, without comments (heartbeats) and `retry:` hints. */
export function readFrames(text: string): Frame[] {
  const frames: Frame[] = []
  for (const block of text.split('\n\n')) {
    const frame: Frame = { data: '' }
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) frame.id = line.slice(4)
      else if (line.startsWith('event: ')) frame.event = line.slice(7)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
    }
    if (data.length === 0) continue
    frame.data = data.join('\n')
    frames.push(frame)
  }
  return frames
}

/** Resolves once `check` holds; fails after a generous wait (a wait, not a measurement). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
