// A small cookie-keeping client for a real server process (tests/support/server-process.ts),
// over real sockets: logs in through the login form, submits forms with the CSRF token and
// Origin header as a browser does, and reads SSE streams frame by frame.
import { expect } from 'vitest'

export class HttpClient {
  cookies = new Map<string, string>()
  constructor(readonly baseUrl: string) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(this.baseUrl + path, { headers: { cookie: this.cookieHeader(), ...headers }, redirect: 'manual' })
    this.remember(res)
    return res
  }

  /** Submits a form the way a page does: CSRF cookie echoed in `_csrf`, Origin of the site. */
  async post(path: string, fields: Record<string, string>, opts: { htmx?: boolean } = {}) {
    if (!this.cookies.has('csrf')) await (await this.get('/login')).arrayBuffer()
    const body = new URLSearchParams({ ...fields, _csrf: this.cookies.get('csrf') ?? '' })
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), origin: this.baseUrl,
    }
    if (opts.htmx) headers['hx-request'] = 'true'
    const res = await fetch(this.baseUrl + path, { method: 'POST', body, headers, redirect: 'manual' })
    this.remember(res)
    return res
  }

  async login(user: { email: string; password: string }) {
    const res = await this.post('/login', { email: user.email, password: user.password })
    await res.arrayBuffer()
    expect(res.status, `login of ${user.email} should redirect`).toBe(303)
    expect(this.cookies.has('session'), 'a session cookie after login').toBe(true)
    return this
  }

  /** Opens an SSE stream with this client's cookies; resolves once the response headers are in. */
  async sse(path: string, opts: { lastEventId?: string | number } = {}) {
    const controller = new AbortController()
    const headers: Record<string, string> = { accept: 'text/event-stream', cookie: this.cookieHeader() }
    if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId)
    const res = await fetch(this.baseUrl + path, { headers, signal: controller.signal })
    expect(res.status, `GET ${path}`).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    return new SseReader(res, controller)
  }
}

export type SseFrame = { id?: string; event?: string; retry?: string; data: string; comments: string[]; receivedAt: number }

/** Reads an SSE body, parsing frames (id, event, data lines, comment lines) as they arrive. */
export class SseReader {
  readonly frames: SseFrame[] = []
  /** Comment lines (": ping") as they arrive, with their time. */
  readonly comments: { text: string; receivedAt: number }[] = []
  lastEventId: string | undefined
  /** Resolves when the server ends the stream (or it is aborted here). */
  readonly closed: Promise<void>
  isClosed = false
  bytes = 0
  /** Why the stream ended, when it was not a clean end or an abort from this side. */
  error: Error | undefined
  private waiters = new Set<() => void>()

  constructor(res: Response, private controller: AbortController) {
    this.closed = this.pump(res).finally(() => {
      this.isClosed = true
      this.wake()
    })
  }

  private wake() {
    for (const w of this.waiters) w()
  }

  private async pump(res: Response) {
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        this.bytes += value.byteLength
        buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = buffer.search(/\r?\n\r?\n/)) !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '')
          this.parse(block)
        }
      }
    } catch (err) {
      // Aborted here, or the server reset the connection: either way the stream is over.
      if ((err as Error).name !== 'AbortError') this.error = err as Error
    }
  }

  private parse(block: string) {
    const now = Date.now()
    const frame: SseFrame = { data: '', comments: [], receivedAt: now }
    const data: string[] = []
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) {
        frame.comments.push(line.slice(1).trim())
        this.comments.push({ text: line.slice(1).trim(), receivedAt: now })
        continue
      }
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'id') frame.id = value
      else if (field === 'event') frame.event = value
      else if (field === 'retry') frame.retry = value
      else if (field === 'data') data.push(value)
    }
    // A block of comments only is not a message.
    if (frame.id === undefined && frame.event === undefined && frame.retry === undefined && data.length === 0) {
      this.wake()
      return
    }
    frame.data = data.join('\n')
    if (frame.id !== undefined) this.lastEventId = frame.id
    this.frames.push(frame)
    this.wake()
  }

  /**
   * The first frame from index `from` on (all frames by default) that matches; waits up to
   * `timeoutMs` for one to arrive, and fails with what did arrive.
   */
  waitFor(predicate: (f: SseFrame) => boolean, timeoutMs: number, from = 0): Promise<SseFrame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.frames.slice(from).find(predicate)
        if (hit) return done(() => resolve(hit))
        if (this.isClosed) return done(() => reject(new Error(`stream closed before a matching frame; got:\n${this.describe(from)}`)))
      }
      const timer = setTimeout(() => done(() => reject(new Error(`no matching frame in ${timeoutMs} ms; got:\n${this.describe(from)}`))), timeoutMs)
      const done = (fn: () => void) => {
        clearTimeout(timer)
        this.waiters.delete(check)
        fn()
      }
      this.waiters.add(check)
      check()
    })
  }

  /** Waits up to `timeoutMs` for the server to end the stream; false if it is still open. */
  async waitForClose(timeoutMs: number) {
    let timer: NodeJS.Timeout | undefined
    const result = await Promise.race([
      this.closed.then(() => true),
      new Promise<boolean>((r) => { timer = setTimeout(() => r(false), timeoutMs) }),
    ])
    clearTimeout(timer)
    return result
  }

  describe(from = 0) {
    return this.frames.slice(from).map((f) => `id=${f.id} event=${f.event} data=${f.data.slice(0, 300)}`).join('\n') || '(nothing)'
  }

  close() {
    this.controller.abort()
  }
}
