// Load generator for the bids bench, run as its own process so its CPU is not the server's:
// `concurrency` bidders, each with its company's session, POST bids in a loop over keep-alive
// connections, as htmx does from the bid form. It receives its job over IPC, tells the parent
// when the measuring window opens and closes (so that it can sample CPU and the listing at those
// instants), and answers with the counts and latencies of the requests it started inside it.
import http from 'node:http'
import { amountField, idempotencyKey, type Session } from './auction-setup.js'

export type LoadJob = {
  /** The app instances; bidder i posts to urls[i % urls.length]. */
  urls: string[]
  listingId: string
  sessions: Session[]
  concurrency: number
  increment: number
  startPrice: number
  warmupMs: number
  durationMs: number
  /** Share of bids that also give a maximum (proxy bidding), 0..1. */
  proxyShare: number
}

export type LoadResult = {
  windowStart: number
  windowEnd: number
  sent: number
  accepted: number
  refusals: number
  refusalKinds: Record<string, number>
  errors: number
  latenciesMs: number[]
}

/** What this process sends its parent: the window's edges as they pass, then the result. */
export type LoadMessage =
  | { type: 'window-start'; at: number }
  | { type: 'window-end'; at: number }
  | { type: 'result'; result: LoadResult }

const send = (m: LoadMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()))

const euro = (s: string) => Math.round(Number(s.replace(/,/g, '')) * 100)

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency })
  // What this process knows of the price: the lowest amount the server would take next, and
  // the last amount sent. Amounts rise in the order bids are sent, so most arrive in order.
  let floor = job.startPrice
  let lastSent = job.startPrice - job.increment
  const learn = (html: string) => {
    let m = /highest bidder at €([\d,]+\.\d\d)/.exec(html) ?? /the price is now €([\d,]+\.\d\d)/.exec(html)
    if (m) floor = Math.max(floor, euro(m[1]) + job.increment)
    m = /must be at least €([\d,]+\.\d\d)/.exec(html)
    if (m) floor = Math.max(floor, euro(m[1]))
  }
  const started = Date.now()
  const windowStart = started + job.warmupMs
  const windowEnd = windowStart + job.durationMs
  const result: LoadResult = { windowStart, windowEnd, sent: 0, accepted: 0, refusals: 0, refusalKinds: {}, errors: 0, latenciesMs: [] }
  setTimeout(() => void send({ type: 'window-start', at: Date.now() }), windowStart - Date.now())
  setTimeout(() => void send({ type: 'window-end', at: Date.now() }), windowEnd - Date.now())

  const post = (url: string, session: Session, body: string) => new Promise<{ status: number; html: string }>((resolve, reject) => {
    const target = new URL(url)
    const req = http.request({
      host: target.hostname, port: target.port, path: `/listings/${job.listingId}/bids`, method: 'POST', agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body),
        origin: url, cookie: session.cookie, 'hx-request': 'true',
      },
    }, (res) => {
      let html = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => { html += d })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, html }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })

  const bidder = async (i: number) => {
    const session = job.sessions[i % job.sessions.length]
    const url = job.urls[i % job.urls.length]!
    while (Date.now() < windowEnd) {
      const amount = Math.max(lastSent, floor - job.increment) + job.increment * (1 + Math.floor(Math.random() * 3))
      lastSent = amount
      const fields: Record<string, string> = { amount: amountField(amount), idempotency_key: idempotencyKey(), _csrf: session.csrf }
      if (Math.random() < job.proxyShare) fields.max_amount = amountField(amount + job.increment * 4)
      const t0 = Date.now()
      const p0 = performance.now()
      try {
        const res = await post(url, session, new URLSearchParams(fields).toString())
        const ms = performance.now() - p0
        learn(res.html)
        if (t0 < windowStart) continue
        result.sent += 1
        result.latenciesMs.push(ms)
        if (res.status === 200) result.accepted += 1
        else {
          result.refusals += 1
          const text = /must be at least/.test(res.html) ? 'too low' : /already the highest bidder/.test(res.html) ? 'already leading' : `status ${res.status}`
          result.refusalKinds[text] = (result.refusalKinds[text] ?? 0) + 1
        }
      } catch {
        if (t0 >= windowStart) result.errors += 1
        await new Promise((r) => setTimeout(r, 10))
      }
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, (_, i) => bidder(i)))
  agent.destroy()
  return result
}

process.once('message', (job: LoadJob) => {
  run(job).then((result) => send({ type: 'result', result }).then(() => process.exit(0)), (err) => {
    console.error(err)
    process.exit(1)
  })
})
