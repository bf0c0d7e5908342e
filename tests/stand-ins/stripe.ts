// A local stand-in for Stripe, spoken to by the real `stripe` client (STRIPE_API_URL): it creates
// and reads Checkout Sessions, replays a repeated idempotency key as Stripe does, serves a hosted
// checkout page whose Pay button sends a signed checkout.session.completed to the webhook and
// returns the buyer to success_url, and sends forged, stale or replayed events on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { checkoutPage, parseStripeForm, sessionFromForm, type StandInSession } from './stripe-objects.js'

export type { StandInSession } from './stripe-objects.js'

export type StripeApiRequest = {
  method: string
  path: string
  authorization: string | undefined
  idempotencyKey: string | undefined
  /** The form the client sent, decoded into nested objects (line_items[0][price_data][…]). */
  body: Record<string, unknown>
  status: number
  /** True when the answer was the stored one for a repeated idempotency key. */
  replayed: boolean
}

export type WebhookDelivery = { eventId: string | null; status: number; body: string }

export type StripeStandIn = Awaited<ReturnType<typeof startStripeStandIn>>

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`

export async function startStripeStandIn(opts: { secretKey?: string; webhookSecret?: string; webhookUrl?: string; clock?: () => Date; port?: number } = {}) {
  const secretKey = opts.secretKey ?? 'sk_test_stand_in_secret_key'
  const webhookSecret = opts.webhookSecret ?? 'whsec_stand_in_signing_secret'
  let webhookUrl = opts.webhookUrl ?? null
  let clock = opts.clock ?? (() => new Date())
  const signer = new Stripe(secretKey).webhooks
  const sessions = new Map<string, StandInSession>()
  const requests: StripeApiRequest[] = []
  const deliveries: WebhookDelivery[] = []
  const idempotent = new Map<string, { body: string; status: number; json: unknown }>()
  const seconds = () => Math.floor(clock().getTime() / 1000)

  function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers })
    res.end(JSON.stringify(json))
  }
  const stripeError = (message: string, param?: string) => ({ error: { type: 'invalid_request_error', message, ...(param && { param }) } })

  async function sendEvent(event: object | string, o: { signWith?: string; timestamp?: number; signature?: string; url?: string } = {}): Promise<WebhookDelivery> {
    const url = o.url ?? webhookUrl
    if (!url) throw new Error('stand-in: no webhook URL set')
    // Pretty-printed like Stripe's own deliveries: the receiver must verify the bytes, not re-serialised JSON.
    const payload = typeof event === 'string' ? event : JSON.stringify(event, null, 2)
    const signature = o.signature ?? signer.generateTestHeaderString({ payload, secret: o.signWith ?? webhookSecret, timestamp: o.timestamp ?? seconds() })
    const res = await fetch(url, {
      method: 'POST', body: payload,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
    })
    const delivery = { eventId: typeof event === 'string' ? null : String((event as { id?: unknown }).id ?? ''), status: res.status, body: await res.text() }
    deliveries.push(delivery)
    return delivery
  }

  function eventFor(type: string, object: object) {
    return { id: id('evt'), object: 'event', api_version: '2026-10-28.endive', created: seconds(), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } }
  }

  function markPaid(sessionId: string): StandInSession {
    const session = sessions.get(sessionId)
    if (!session) throw new Error(`stand-in: no session ${sessionId}`)
    if (session.status === 'open') Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: id('pi') })
    return session
  }

  async function createSession(req: IncomingMessage, res: ServerResponse, raw: string, record: (status: number, replayed: boolean) => void) {
    const key = req.headers['idempotency-key'] as string | undefined
    const seen = key ? idempotent.get(key) : undefined
    if (seen) {
      if (seen.body !== raw) {
        record(400, false)
        return send(res, 400, { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } })
      }
      record(seen.status, true)
      return send(res, seen.status, seen.json, { 'idempotent-replayed': 'true' })
    }
    const made = sessionFromForm(parseStripeForm(raw), { id: id('cs'), created: seconds(), url: (sid) => `${base}/pay/${sid}` })
    const [status, json] = 'error' in made ? [400, stripeError(made.error, made.param)] : [200, made]
    if (!('error' in made)) sessions.set(made.id, made)
    if (key) idempotent.set(key, { body: raw, status, json })
    record(status, false)
    return send(res, status, json)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const path = new URL(req.url ?? '/', base).pathname
    const method = req.method ?? 'GET'

    // The hosted checkout page, where a browser goes; no API key there.
    const page = /^\/pay\/(cs_test_\w+)$/.exec(path)
    if (page) {
      const session = sessions.get(page[1]!)
      if (!session) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No such checkout session')
      if (method === 'GET') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(checkoutPage(session))
      if (session.status !== 'open') return void res.writeHead(409, { 'content-type': 'text/plain' }).end('This checkout session is no longer open')
      await sendEvent(eventFor('checkout.session.completed', structuredClone(markPaid(session.id))))
      return void res.writeHead(303, { location: session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id) }).end()
    }

    const authorization = req.headers.authorization
    const record = (status: number, replayed: boolean) => requests.push({
      method, path, authorization, idempotencyKey: req.headers['idempotency-key'] as string | undefined, body: parseStripeForm(raw), status, replayed,
    })
    // The key as a bearer token (the client) or as the basic-auth user name (curl -u key:), as Stripe takes it.
    if (authorization !== `Bearer ${secretKey}` && authorization !== `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`) {
      record(401, false)
      return send(res, 401, stripeError('Invalid API Key provided.'))
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') return createSession(req, res, raw, record)
    const expire = /^\/v1\/checkout\/sessions\/(\w+)\/expire$/.exec(path)
    if (method === 'POST' && expire) {
      const session = sessions.get(expire[1]!)
      const status = !session ? 404 : session.status === 'open' ? 200 : 400
      record(status, false)
      if (session && status === 200) Object.assign(session, { status: 'expired', expires_at: seconds() })
      return status === 200 ? send(res, 200, session) : send(res, status, stripeError(session ? `Only Checkout Sessions with a status in ["open"] can be expired.` : `No such checkout.session: '${expire[1]}'`))
    }
    const read = /^\/v1\/checkout\/sessions\/([\w-]+)$/.exec(path)
    if (method === 'GET' && read) {
      const session = sessions.get(read[1]!)
      record(session ? 200 : 404, false)
      return session ? send(res, 200, session) : send(res, 404, stripeError(`No such checkout.session: '${read[1]}'`, 'id'))
    }
    record(404, false)
    return send(res, 404, stripeError(`Unrecognized request URL (${method}: ${path}).`))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    /** STRIPE_API_URL for the app. */
    url: base,
    secretKey,
    webhookSecret,
    /** The app's environment for card payments against this stand-in. */
    env: () => ({ STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: base }),
    requests,
    sessions,
    /** Every webhook call made (by the Pay button or sendEvent), with the app's answer. */
    deliveries,
    setWebhookUrl(url: string) { webhookUrl = url },
    /** Signs with this clock's time (the app's test clock, so "stale" means stale to the app). */
    setClock(next: () => Date) { clock = next },
    /** What the Pay button does: marks the session paid and delivers the signed event. */
    pay: (sessionId: string) => sendEvent(eventFor('checkout.session.completed', structuredClone(markPaid(sessionId)))),
    /** A checkout.session.completed event for the session, paid (the session is marked paid). */
    completedEvent: (sessionId: string) => eventFor('checkout.session.completed', structuredClone(markPaid(sessionId))),
    eventFor,
    /** Sends an event (or a raw body) to the webhook: signed with another secret, at another time, or with a given header. */
    sendEvent,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
