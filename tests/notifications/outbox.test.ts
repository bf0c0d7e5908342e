// The outbox drain with the real postmark client against the local stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/test-app.js'
import { startPostmarkStandIn, type PostmarkStandIn } from '../stand-ins/postmark.js'
import { createPostmarkMailer } from '../../src/notifications/postmark.js'
import { drainOutbox, enqueueEmail, enqueueEmails } from '../../src/notifications/outbox.js'
import { MAX_SEND_ATTEMPTS, retryCeilingMs } from '../../src/notifications/retry.js'
import { createLogger } from '../../src/lib/logger.js'
import { buildEmail, type Email } from '../../views/emails/email.js'
import type { Mailer } from '../../src/notifications/mailer.js'

const log = createLogger('silent')
const LEASE_MS = 60_000
let database: TestDatabase
let standIn: PostmarkStandIn
let mailer: Mailer

const email = (to: string, url = `https://nordicloop.example/verify?token=${to}`): Email =>
  buildEmail({ template: 'verify_email', to, subject: `Confirm ${to}`, greeting: 'Hello', paragraphs: ['Please confirm.'], action: { label: 'Confirm', url } })

const rowFor = (to: string) => database.db.selectFrom('outbox').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow()
const drain = (now: Date, extra: { batchSize?: number; concurrency?: number; random?: () => number; mailer?: Mailer } = {}) =>
  drainOutbox(database.db, extra.mailer ?? mailer, { now, leaseMs: LEASE_MS, log, batchSize: extra.batchSize, concurrency: extra.concurrency, random: extra.random })
// A little ahead of the database's own clock, so rows queued just now are due.
const soon = () => new Date(Date.now() + 1000)

beforeAll(async () => {
  database = await createTestDatabase()
  standIn = await startPostmarkStandIn()
  mailer = createPostmarkMailer({ serverToken: standIn.token, from: 'NordicLoop <no-reply@nordicloop.example>', apiHost: standIn.host, timeoutSeconds: 1 })
})
afterAll(async () => {
  await standIn?.close()
  await database?.drop()
})
beforeEach(async () => {
  await database.db.deleteFrom('outbox').execute()
  standIn.reset()
})

describe('drainOutbox with Postmark', () => {
  it('sends a queued email in Postmark wire format and records the MessageID', async () => {
    await enqueueEmail(database.db, email('anna@buyer.example'))
    const now = soon()
    expect(await drain(now)).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 })

    expect(standIn.requests).toHaveLength(1)
    const [req] = standIn.requests
    expect(req.token).toBe(standIn.token)
    expect(req.body).toMatchObject({
      From: 'NordicLoop <no-reply@nordicloop.example>', To: 'anna@buyer.example', Subject: 'Confirm anna@buyer.example',
      MessageStream: 'outbound', Tag: 'verify_email',
    })
    expect(req.body.TextBody).toContain('https://nordicloop.example/verify?token=anna@buyer.example')
    expect(req.body.HtmlBody).toContain('<a href="https://nordicloop.example/verify?token=anna@buyer.example"')

    const row = await rowFor('anna@buyer.example')
    expect(row).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: req.messageId, last_error: null, lease_until: null })
    expect(req.body.Metadata).toEqual({ outboxId: String(row.id) })
    expect(row.sent_at?.getTime()).toBe(now.getTime())

    // Nothing left to do: a second drain claims nothing and sends nothing.
    expect((await drain(soon())).claimed).toBe(0)
    expect(standIn.requests).toHaveLength(1)
  })

  it('retries after 500s with backoff and delivers exactly once', async () => {
    await enqueueEmail(database.db, email('bo@seller.example'))
    standIn.failNext(2, 500)
    const half = () => 0.5
    let now = soon()

    expect(await drain(now, { random: half })).toMatchObject({ claimed: 1, retrying: 1 })
    let row = await rowFor('bo@seller.example')
    const firstDelay = retryCeilingMs(1) / 2
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lease_until: null, provider_message_id: null })
    expect(row.last_error).toMatch(/Postmark HTTP 500/)
    expect(row.next_attempt_at.getTime()).toBe(now.getTime() + firstDelay)

    // Not due a millisecond before its time.
    expect((await drain(new Date(now.getTime() + firstDelay - 1), { random: half })).claimed).toBe(0)
    now = new Date(now.getTime() + firstDelay)
    expect(await drain(now, { random: half })).toMatchObject({ claimed: 1, retrying: 1 })
    row = await rowFor('bo@seller.example')
    expect(row.attempts).toBe(2)
    // The second wait is drawn under a doubled ceiling.
    expect(row.next_attempt_at.getTime()).toBe(now.getTime() + retryCeilingMs(2) / 2)

    now = new Date(now.getTime() + retryCeilingMs(2))
    expect(await drain(now)).toMatchObject({ claimed: 1, sent: 1 })
    row = await rowFor('bo@seller.example')
    expect(row).toMatchObject({ status: 'sent', attempts: 3 })
    expect(standIn.requests.map((r) => r.outcome)).toEqual([500, 500, 200])
    expect(standIn.delivered()).toHaveLength(1)
    expect(row.provider_message_id).toBe(standIn.delivered()[0].messageId)

    expect((await drain(new Date(now.getTime() + 24 * 3600_000))).claimed).toBe(0)
  })

  it('retries a 429 and a timeout', async () => {
    await enqueueEmails(database.db, [email('rate@x.example'), email('slow@x.example')])
    standIn.failNext(1, 429, 'Rate limit exceeded')
    standIn.hangNext(1)
    const now = soon()
    // The hung request never gets an answer: the drain returning at all is the mailer's
    // timeout at work (a drain without it would hold the test until its own timeout).
    expect(await drain(now)).toMatchObject({ claimed: 2, retrying: 2, sent: 0 })
    const rate = await rowFor('rate@x.example')
    const slow = await rowFor('slow@x.example')
    expect(rate).toMatchObject({ status: 'pending', attempts: 1 })
    expect(rate.last_error).toMatch(/429/)
    expect(slow).toMatchObject({ status: 'pending', attempts: 1 })
    expect(slow.last_error).toMatch(/Postmark unreachable/)

    const later = new Date(now.getTime() + retryCeilingMs(1))
    expect(await drain(later)).toMatchObject({ claimed: 2, sent: 2 })
    expect(standIn.delivered().map((r) => r.body.To).sort()).toEqual(['rate@x.example', 'slow@x.example'])
  })

  it('marks a 422 failed with the reason and never retries it', async () => {
    await enqueueEmail(database.db, email('broken@x.example'))
    standIn.rejectNext(1, "Invalid 'To' address: 'broken@x.example'.")
    const now = soon()
    expect(await drain(now)).toMatchObject({ claimed: 1, failed: 1 })
    const row = await rowFor('broken@x.example')
    expect(row.status).toBe('failed')
    expect(row.last_error).toContain("Invalid 'To' address")
    expect(row.last_error).toContain('ErrorCode 300')
    expect((await drain(new Date(now.getTime() + 7 * 24 * 3600_000))).claimed).toBe(0)
    expect(standIn.requests).toHaveLength(1)
  })

  it('gives up as failed after the last allowed attempt', async () => {
    await enqueueEmail(database.db, email('down@x.example'))
    standIn.failNext(MAX_SEND_ATTEMPTS, 503, 'Service unavailable')
    let now = soon()
    for (let attempt = 1; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      expect((await drain(now)).claimed).toBe(1)
      now = new Date(now.getTime() + retryCeilingMs(attempt))
    }
    const row = await rowFor('down@x.example')
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS })
    expect(row.last_error).toMatch(/503/)
    expect((await drain(new Date(now.getTime() + 24 * 3600_000))).claimed).toBe(0)
  })

  it('never keeps an email queued in a transaction that rolled back', async () => {
    await expect(database.db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, email('ghost@x.example'))
      throw new Error('the change the email speaks of failed')
    })).rejects.toThrow('failed')
    await database.db.transaction().execute((trx) => enqueueEmail(trx, email('kept@x.example')))

    const rows = await database.db.selectFrom('outbox').select('to_address').execute()
    expect(rows.map((r) => r.to_address)).toEqual(['kept@x.example'])
    await drain(soon())
    expect(standIn.requests.map((r) => r.body.To)).toEqual(['kept@x.example'])
  })

  it('never sends one row twice when two drains run at once', async () => {
    const addresses = Array.from({ length: 30 }, (_, i) => `c${i}@x.example`)
    await enqueueEmails(database.db, addresses.map((a) => email(a)))
    standIn.setDelay(15)
    try {
      const now = soon()
      const drainer = async () => {
        let sent = 0
        for (;;) {
          const r = await drain(now, { batchSize: 4 })
          if (r.claimed === 0) return sent
          sent += r.sent
        }
      }
      const [a, b] = await Promise.all([drainer(), drainer()])
      expect(a + b).toBe(30)
      // Only where the database runs transactions side by side can both drains get work.
      if (database.url) expect(Math.min(a, b)).toBeGreaterThan(0)
    } finally {
      standIn.setDelay(0)
    }
    const tos = standIn.requests.map((r) => r.body.To)
    expect(tos).toHaveLength(30)
    expect(new Set(tos).size).toBe(30)
    const statuses = await database.db.selectFrom('outbox').select(['status', 'attempts']).execute()
    expect(statuses.every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true)
  })

  it('sends a batch several at a time, never more than asked, each once and each recorded, failures too', async () => {
    const addresses = Array.from({ length: 24 }, (_, i) => `p${i}@x.example`)
    await enqueueEmails(database.db, addresses.map((a) => email(a)))
    standIn.setDelay(40)
    standIn.rejectNext(1)
    try {
      expect(await drain(soon(), { batchSize: 24, concurrency: 6 })).toEqual({ claimed: 24, sent: 23, retrying: 0, failed: 1 })
    } finally {
      standIn.setDelay(0)
    }
    expect(standIn.mostAtOnce()).toBe(6)
    const tos = standIn.requests.map((r) => r.body.To)
    expect(new Set(tos)).toEqual(new Set(addresses))
    expect(tos).toHaveLength(24)
    const rows = await database.db.selectFrom('outbox').select(['status', 'provider_message_id']).execute()
    expect(rows.filter((r) => r.status === 'sent' && r.provider_message_id)).toHaveLength(23)
    expect(rows.filter((r) => r.status === 'failed')).toHaveLength(1)
    // One at a time unless asked: the default never has two in flight.
    standIn.reset()
    await enqueueEmails(database.db, [email('q1@x.example'), email('q2@x.example'), email('q3@x.example')])
    standIn.setDelay(20)
    try {
      expect((await drain(soon())).sent).toBe(3)
    } finally {
      standIn.setDelay(0)
    }
    expect(standIn.mostAtOnce()).toBe(1)
  })

  it('keeps an email queued when Postmark is unreachable or our token is wrong', async () => {
    await enqueueEmails(database.db, [email('refused@x.example'), email('token@x.example')])
    const unreachable = createPostmarkMailer({ serverToken: standIn.token, from: 'a@nordicloop.example', apiHost: '127.0.0.1:1', timeoutSeconds: 1 })
    const wrongToken = createPostmarkMailer({ serverToken: 'not-the-token', from: 'a@nordicloop.example', apiHost: standIn.host, timeoutSeconds: 1 })
    const now = soon()
    expect(await drain(now, { batchSize: 1, mailer: unreachable })).toMatchObject({ claimed: 1, retrying: 1 })
    expect(await drain(now, { batchSize: 1, mailer: wrongToken })).toMatchObject({ claimed: 1, retrying: 1 })
    expect(await rowFor('refused@x.example')).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/Postmark unreachable/) })
    expect(await rowFor('token@x.example')).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/Postmark HTTP 401/) })
    expect(standIn.requests.map((r) => r.outcome)).toEqual([401])
  })
})
