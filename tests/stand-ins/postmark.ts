// A local stand-in for Postmark's email API, spoken to by the real `postmark` client.
// It records every request and can be told to fail, refuse or hang on the next ones.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'

/** A file as Postmark's API takes it: the content base64-encoded. */
export type PostmarkAttachment = { Name?: string; Content?: string; ContentType?: string; ContentID?: string | null }

export type PostmarkRequest = {
  token: string | undefined
  body: {
    From?: string; To?: string; Subject?: string; HtmlBody?: string; TextBody?: string; MessageStream?: string; Tag?: string
    Metadata?: Record<string, string>; Attachments?: PostmarkAttachment[]
  }
  /** The HTTP status answered, or 'hang' when the request was left without an answer. */
  outcome: number | 'hang'
  messageId?: string
}

type Behaviour =
  | { kind: 'status'; status: number; errorCode: number; message: string }
  | { kind: 'hang' }

export type PostmarkStandIn = Awaited<ReturnType<typeof startPostmarkStandIn>>

export async function startPostmarkStandIn(opts: { token?: string; delayMs?: number } = {}) {
  const token = opts.token ?? 'test-server-token'
  const requests: PostmarkRequest[] = []
  const queue: Behaviour[] = []
  let hangWhen: ((body: PostmarkRequest['body']) => boolean) | null = null
  let delayMs = opts.delayMs ?? 0
  const hanging = new Set<ServerResponse>()
  const waiters: (() => void)[] = []
  let handling = 0
  let mostAtOnce = 0

  function record(r: PostmarkRequest) {
    requests.push(r)
    for (const w of waiters.splice(0)) w()
  }

  function reply(res: ServerResponse, status: number, json: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(json))
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    if (req.method !== 'POST' || req.url !== '/email') return reply(res, 404, { ErrorCode: 404, Message: 'Not found' })
    const given = req.headers['x-postmark-server-token']
    const presented = Array.isArray(given) ? given[0] : given
    let body: PostmarkRequest['body']
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      record({ token: presented, body: {}, outcome: 422 })
      return reply(res, 422, { ErrorCode: 402, Message: 'Received invalid JSON input.' })
    }
    if (presented !== token) {
      record({ token: presented, body, outcome: 401 })
      return reply(res, 401, { ErrorCode: 10, Message: 'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.' })
    }
    const scripted = queue.shift() ?? (hangWhen?.(body) ? { kind: 'hang' as const } : undefined)
    if (scripted?.kind === 'hang') {
      record({ token: presented, body, outcome: 'hang' })
      hanging.add(res)
      res.on('close', () => hanging.delete(res))
      return
    }
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    if (scripted) {
      record({ token: presented, body, outcome: scripted.status })
      return reply(res, scripted.status, { ErrorCode: scripted.errorCode, Message: scripted.message })
    }
    if (!body.To || !body.From) {
      record({ token: presented, body, outcome: 422 })
      return reply(res, 422, { ErrorCode: 300, Message: "Invalid email request: 'To' and 'From' are required." })
    }
    const refused = refuseAttachments(body)
    if (refused) {
      record({ token: presented, body, outcome: 422 })
      return reply(res, 422, { ErrorCode: 300, Message: refused })
    }
    const messageId = randomUUID()
    record({ token: presented, body, outcome: 200, messageId })
    reply(res, 200, { To: body.To, SubmittedAt: new Date().toISOString(), MessageID: messageId, ErrorCode: 0, Message: 'OK' })
  }

  const server = createServer((req, res) => {
    mostAtOnce = Math.max(mostAtOnce, ++handling)
    res.on('close', () => { handling -= 1 })
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    token,
    /** `host:port`, as the postmark client's `requestHost` wants it. */
    host: `127.0.0.1:${port}`,
    requests,
    /** Requests Postmark would have accepted, i.e. answered 200. */
    delivered: () => requests.filter((r) => r.outcome === 200),
    /** The files a request carried, decoded as the recipient gets them. */
    attachmentsOf: (request: PostmarkRequest) => (request.body.Attachments ?? []).map((a) => ({
      name: a.Name, contentType: a.ContentType, content: Buffer.from(a.Content ?? '', 'base64'),
    })),
    failNext(n: number, status = 500, message = 'Internal server error') {
      for (let i = 0; i < n; i++) queue.push({ kind: 'status', status, errorCode: status === 429 ? 429 : 0, message })
    },
    /** A 422 with ErrorCode 300, which the client raises as InvalidEmailRequestError. */
    rejectNext(n: number, message = "Invalid 'To' address: 'not an address'.") {
      for (let i = 0; i < n; i++) queue.push({ kind: 'status', status: 422, errorCode: 300, message })
    },
    hangNext(n: number) {
      for (let i = 0; i < n; i++) queue.push({ kind: 'hang' })
    },
    hangWhen(predicate: ((body: PostmarkRequest['body']) => boolean) | null) {
      hangWhen = predicate
    },
    /** The most requests that were being answered at the same moment since the last reset. */
    mostAtOnce: () => mostAtOnce,
    setDelay(ms: number) {
      delayMs = ms
    },
    /** Drops the connections of hanging requests, as a network failure would. */
    releaseHanging() {
      for (const res of hanging) res.destroy()
      hanging.clear()
    },
    async waitForRequests(count: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (requests.length < count) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`stand-in saw ${requests.length} requests, expected ${count}`)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left)
          waiters.push(() => { clearTimeout(t); resolve() })
        })
      }
    },
    reset() {
      mostAtOnce = handling
      requests.length = 0
      queue.length = 0
      hangWhen = null
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

// A character class, not a repeated group: a group repeated a million times overflows the regex stack.
const isBase64 = (s: string) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)
/** Postmark's limit per message, counted after base64 encoding, bodies included. */
const POSTMARK_MESSAGE_LIMIT = 10_000_000

/** What Postmark answers with a 422 about a message's files, or null when it would take them. */
function refuseAttachments(body: PostmarkRequest['body']): string | null {
  const files = body.Attachments ?? []
  if (!Array.isArray(files)) return "Invalid email request: 'Attachments' must be an array."
  let size = Buffer.byteLength(body.HtmlBody ?? '') + Buffer.byteLength(body.TextBody ?? '')
  for (const file of files) {
    if (!file.Name || !file.ContentType || typeof file.Content !== 'string') return 'Invalid email request: an attachment needs Name, Content and ContentType.'
    if (!isBase64(file.Content)) return `Invalid email request: the content of attachment '${file.Name}' is not base64.`
    size += file.Content.length
  }
  return size > POSTMARK_MESSAGE_LIMIT ? 'Invalid email request: the message exceeds the 10 MB size limit.' : null
}
