// The scheduler's jobs run on their own, survive a dead database, and stop() waits for a
// batch of emails in flight.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-app.js'
import { createTestAdmin } from '../support/factories.js'
import { startPostmarkStandIn, type PostmarkStandIn } from '../stand-ins/postmark.js'
import { startScheduler } from '../../src/scheduler.js'
import { createMailer } from '../../src/notifications/create-mailer.js'
import { createPostmarkMailer } from '../../src/notifications/postmark.js'
import { enqueueEmail } from '../../src/notifications/outbox.js'
import { openPostgres } from '../../src/db/database.js'
import { createLogger } from '../../src/lib/logger.js'
import { buildEmail } from '../../views/emails/email.js'
import type { Mailer } from '../../src/notifications/mailer.js'

const EVERY_SECOND = { drainOutbox: '* * * * * *', prune: '* * * * * *' }
const email = (to: string, url?: string) =>
  buildEmail({ template: 'verify_email', to, subject: `For ${to}`, greeting: 'Hello', paragraphs: ['Hi.'], ...(url ? { action: { label: 'Confirm', url } } : {}) })

function capturedLog() {
  const lines: Record<string, unknown>[] = []
  const log = createLogger('debug', {}, (line) => lines.push(JSON.parse(line)))
  return { log, lines }
}

// Generous: the jobs tick every second, but a busy test machine can be slow.
async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

let database: TestDatabase
let standIn: PostmarkStandIn
beforeAll(async () => {
  database = await createTestDatabase()
  standIn = await startPostmarkStandIn()
})
afterAll(async () => {
  await standIn?.close()
  await database?.drop()
})
beforeEach(async () => {
  await database.db.deleteFrom('outbox').execute()
  standIn.reset()
})

const statusOf = async (to: string) =>
  (await database.db.selectFrom('outbox').select('status').where('to_address', '=', to).executeTakeFirstOrThrow()).status

describe('scheduler', () => {
  it('drains the outbox through Postmark when a token is configured', async () => {
    const config = testConfig({ POSTMARK_SERVER_TOKEN: standIn.token, POSTMARK_API_HOST: standIn.host })
    const { log } = capturedLog()
    const mailer = createMailer(config, log)
    expect(mailer.name).toBe('postmark')
    const scheduler = startScheduler({ db: database.db, log, mailer, config }, EVERY_SECOND)
    try {
      await enqueueEmail(database.db, email('cron@x.example'))
      await until(async () => (await statusOf('cron@x.example')) === 'sent')
    } finally {
      await scheduler.stop()
    }
    expect(standIn.delivered().map((r) => r.body.To)).toEqual(['cron@x.example'])
    expect(standIn.requests[0].body.From).toBe(config.MAIL_FROM)
  })

  it('without a token, logs each email with its links and marks it sent as log-<id>', async () => {
    const config = testConfig()
    const { log, lines } = capturedLog()
    const mailer = createMailer(config, log)
    expect(mailer.name).toBe('log')
    const scheduler = startScheduler({ db: database.db, log, mailer, config }, EVERY_SECOND)
    try {
      await enqueueEmail(database.db, email('dev@x.example', 'http://localhost:3000/verify-email?token=t0k3n'))
      await until(async () => (await statusOf('dev@x.example')) === 'sent')
    } finally {
      await scheduler.stop()
    }
    const row = await database.db.selectFrom('outbox').selectAll().where('to_address', '=', 'dev@x.example').executeTakeFirstOrThrow()
    expect(row.provider_message_id).toBe(`log-${row.id}`)
    const line = lines.find((l) => l.to === 'dev@x.example')
    expect(line).toMatchObject({ subject: 'For dev@x.example', links: ['http://localhost:3000/verify-email?token=t0k3n'], outboxId: row.id })
    expect(standIn.requests).toHaveLength(0)
  })

  it('stop() waits for the email being sent', async () => {
    const config = testConfig()
    const { log } = capturedLog()
    const postmark = createPostmarkMailer({ serverToken: standIn.token, from: config.MAIL_FROM, apiHost: standIn.host, timeoutSeconds: 5 })
    let sendStarted!: () => void
    const started = new Promise<void>((r) => { sendStarted = r })
    const mailer: Mailer = { name: 'watched', send: (e, ctx) => { sendStarted(); return postmark.send(e, ctx) } }
    standIn.setDelay(800)
    try {
      const scheduler = startScheduler({ db: database.db, log, mailer, config }, { ...EVERY_SECOND, prune: '0 0 1 1 *' })
      await enqueueEmail(database.db, email('inflight@x.example'))
      await started
      expect(await statusOf('inflight@x.example')).toBe('sending')
      await scheduler.stop()
      // Without the wait, stop() would return with the row still claimed.
      expect(await statusOf('inflight@x.example')).toBe('sent')
      // And nothing runs after stop(). The marker: a second scheduler, with a mailer of its
      // own, sends the email queued after the stop; the stopped one must not have sent it first.
      await enqueueEmail(database.db, email('after-stop@x.example'))
      const { log: markerLog } = capturedLog()
      const marker = startScheduler({ db: database.db, log: markerLog, mailer: createMailer(config, markerLog), config }, { ...EVERY_SECOND, prune: '0 0 1 1 *' })
      try {
        await until(async () => (await statusOf('after-stop@x.example')) === 'sent')
      } finally {
        await marker.stop()
      }
      const row = await database.db.selectFrom('outbox').select('provider_message_id').where('to_address', '=', 'after-stop@x.example').executeTakeFirstOrThrow()
      expect(row.provider_message_id, 'sent by the second scheduler').toMatch(/^log-/)
      expect(standIn.requests.map((r) => r.body.To)).not.toContain('after-stop@x.example')
    } finally {
      standIn.setDelay(0)
    }
  })

  it('prunes expired sessions and rate-limit counts whose window has ended', async () => {
    const config = testConfig()
    const { log } = capturedLog()
    const admin = await createTestAdmin(database.db)
    const now = Date.now()
    await database.db.insertInto('sessions').values([
      { id: 'expired-session', user_id: admin.userId, expires_at: new Date(now - 1000) },
      { id: 'live-session', user_id: admin.userId, expires_at: new Date(now + 3600_000) },
    ]).execute()
    await database.db.insertInto('rate_limits').values([
      { key: 'login:ip:203.0.113.9', window_started_at: new Date(now - 2 * 3600_000), attempts: 3 },
      { key: 'login:ip:203.0.113.10', window_started_at: new Date(now - 1000), attempts: 3 },
    ]).execute()
    const scheduler = startScheduler({ db: database.db, log, mailer: createMailer(config, log), config }, EVERY_SECOND)
    try {
      await until(async () => (await database.db.selectFrom('sessions').select('id').execute()).length === 1)
    } finally {
      await scheduler.stop()
    }
    expect((await database.db.selectFrom('sessions').select('id').execute()).map((r) => r.id)).toEqual(['live-session'])
    expect((await database.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key)).toEqual(['login:ip:203.0.113.10'])
  })

  it('logs and survives jobs failing because the database is unreachable', async () => {
    const config = testConfig()
    const { log, lines } = capturedLog()
    const dead = openPostgres('postgres://postgres@127.0.0.1:1/nowhere', log)
    const scheduler = startScheduler({ db: dead.db, log, mailer: createMailer(config, log), config }, EVERY_SECOND)
    try {
      await until(() => {
        const failed = lines.filter((l) => l.msg === 'scheduled job failed').map((l) => l.job)
        return failed.includes('drain-outbox') && failed.includes('prune')
      }, 5000)
      // Still ticking after the failures.
      const count = lines.filter((l) => l.msg === 'scheduled job failed').length
      await until(() => lines.filter((l) => l.msg === 'scheduled job failed').length > count, 3000)
    } finally {
      await scheduler.stop()
      await dead.close()
    }
  })
})
