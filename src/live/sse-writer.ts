// The SSE frames live pages receive, and two ways to hold a stream open. On the Node server
// the frames are written straight to the socket's response: measured here at ~14 KB per idle
// connection against 34–50 KB for a web ReadableStream (Hono's streamSSE), and a third of the
// fan-out latency. Under app.request() (tests) there is no Node response, so a ReadableStream
// stands in.
import type { ServerResponse } from 'node:http'
import type { Context } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'

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

/** Frames are encoded once per fan-out and the same bytes written to every connection. */
export type SseStream = { write(chunk: string | Uint8Array): boolean; close(): void; onClose(fn: () => void): void }

// A client that has not read this much is too slow: it is dropped, reconnects with
// Last-Event-ID and catches up, instead of buffering without bound in our memory.
export const MAX_BUFFERED_BYTES = 64 * 1024

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no', // tell a reverse proxy not to hold frames back
}

export function nodeSseStream(res: ServerResponse): SseStream {
  res.writeHead(200, { ...HEADERS, connection: 'keep-alive' })
  res.socket?.setNoDelay(true)
  res.write(': connected\n\n')
  return {
    write(chunk) {
      if (res.destroyed || res.writableEnded) return false
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        res.destroy()
        return false
      }
      res.write(chunk)
      return true
    },
    close: () => res.end(),
    onClose: (fn) => res.on('close', fn),
  }
}

export function webSseStream(): { stream: SseStream; response: Response } {
  const encoder = new TextEncoder()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let closed = false
  const closeHandlers: (() => void)[] = []
  const finish = () => {
    if (closed) return
    closed = true
    for (const fn of closeHandlers) fn()
  }
  const body = new ReadableStream<Uint8Array>({
    start: (c) => { controller = c; c.enqueue(encoder.encode(': connected\n\n')) },
    cancel: finish,
  }, { highWaterMark: MAX_BUFFERED_BYTES, size: (chunk) => chunk.byteLength })
  const stream: SseStream = {
    write(chunk) {
      if (closed) return false
      if ((controller.desiredSize ?? 0) <= 0) {
        controller.error(new Error('client too slow'))
        finish()
        return false
      }
      controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      return true
    },
    close() {
      if (closed) return
      controller.close()
      finish()
    },
    onClose: (fn) => { closeHandlers.push(fn) },
  }
  return { stream, response: new Response(body, { headers: HEADERS }) }
}

/**
 * Hono's streamSSE behind the same interface. Not used by default (SSE_WRITER=stream): it is
 * kept so the bench can measure it against nodeSseStream on the same server.
 */
export function honoSseStream(c: Context): { stream: SseStream; response: Response } {
  let api!: SSEStreamingApi
  let release!: () => void
  const released = new Promise<void>((resolve) => { release = resolve })
  let closed = false
  let pendingBytes = 0
  const closeHandlers: (() => void)[] = []
  const finish = () => {
    if (closed) return
    closed = true
    release()
    for (const fn of closeHandlers) fn()
  }
  // streamSSE calls this at once (up to its first await), so `api` is set before we return;
  // the callback stays pending until the stream closes, which is what keeps it open.
  const response = streamSSE(c, async (s) => {
    api = s
    s.onAbort(finish)
    void s.write(': connected\n\n')
    await released
  })
  const stream: SseStream = {
    write(chunk) {
      if (closed || api.aborted) return false
      // Bytes handed to the stream but not yet taken by the socket: the same bound as above.
      if (pendingBytes > MAX_BUFFERED_BYTES) {
        api.abort()
        finish()
        return false
      }
      pendingBytes += chunk.length
      void api.write(chunk).then(() => { pendingBytes -= chunk.length })
      return true
    },
    close() {
      if (closed) return
      finish()
      void api.close()
    },
    onClose: (fn) => { closeHandlers.push(fn) },
  }
  return { stream, response }
}
