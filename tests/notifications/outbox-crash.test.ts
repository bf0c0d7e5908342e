// A drain process dies mid-batch (SIGKILL while Postmark holds one request open). After the
// lease expires, another drain finishes the batch: every email goes out at least once, and
// only the one in flight at the crash goes twice.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { POSTGRES_REQUIRED, createTestDatabase, type TestDatabase } from '../support/test-app.js'
import { startPostmarkStandIn, type PostmarkStandIn } from '../stand-ins/postmark.js'
import { createPostmarkMailer } from '../../src/notifications/postmark.js'
import { drainOutbox, enqueueEmails } from '../../src/notifications/outbox.js'
import { createLogger } from '../../src/lib/logger.js'
import { buildEmail } from '../../views/emails/email.js'

const LEASE_MS = 60_000
const CHILD = fileURLToPath(new URL('./drain-child.ts', import.meta.url))
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

// A second process needs a database server to share; in-memory PGlite has none. Under CI=true
// there is no skipping: createTestDatabase fails when no PostgreSQL server answers.
it('recovers a batch whose drain was killed mid-send, resending only the email in flight', async (ctx) => {
  if (!database.url && POSTGRES_REQUIRED) throw new Error('CI=true: this test needs the PostgreSQL server')
  if (!database.url) ctx.skip()
  const addresses = ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}@crash.example`)
  await enqueueEmails(database.db, addresses.map((to) => buildEmail({ template: 'verify_email', to, subject: `For ${to}`, greeting: 'Hello', paragraphs: ['Hi.'] })))
  standIn.hangWhen((body) => body.To === 'c@crash.example')

  const crashedAt = new Date(Date.now() + 1000)
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, DATABASE_URL: database.url!, POSTMARK_HOST: standIn.host, POSTMARK_TOKEN: standIn.token, DRAIN_NOW: crashedAt.toISOString(), LEASE_MS: String(LEASE_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  const exited = once(child, 'exit')
  try {
    await standIn.waitForRequests(3, 20_000)
  } catch (err) {
    child.kill('SIGKILL')
    throw new Error(`${(err as Error).message}; child stderr: ${stderr}`)
  }
  expect(standIn.requests.map((r) => [r.body.To, r.outcome])).toEqual([['a@crash.example', 200], ['b@crash.example', 200], ['c@crash.example', 'hang']])
  child.kill('SIGKILL')
  const [code, signal] = await exited
  expect([code, signal]).toEqual([null, 'SIGKILL'])

  const statusOf = async () => Object.fromEntries(
    (await database.db.selectFrom('outbox').select(['to_address', 'status']).execute()).map((r) => [r.to_address, r.status]),
  )
  expect(await statusOf()).toEqual({
    'a@crash.example': 'sent', 'b@crash.example': 'sent',
    'c@crash.example': 'sending', 'd@crash.example': 'sending', 'e@crash.example': 'sending',
  })

  standIn.hangWhen(null)
  const log = createLogger('silent')
  const mailer = createPostmarkMailer({ serverToken: standIn.token, from: 'NordicLoop <no-reply@nordicloop.example>', apiHost: standIn.host, timeoutSeconds: 2 })
  // While the dead drain's lease holds, nobody takes its rows.
  const during = await drainOutbox(database.db, mailer, { now: new Date(crashedAt.getTime() + LEASE_MS - 1000), leaseMs: LEASE_MS, log })
  expect(during.claimed).toBe(0)
  const after = await drainOutbox(database.db, mailer, { now: new Date(crashedAt.getTime() + LEASE_MS + 1000), leaseMs: LEASE_MS, log })
  expect(after).toMatchObject({ claimed: 3, sent: 3 })

  expect(Object.values(await statusOf()).every((s) => s === 'sent')).toBe(true)
  const requestsPerAddress = Object.fromEntries(addresses.map((to) => [to, standIn.requests.filter((r) => r.body.To === to).length]))
  expect(requestsPerAddress).toEqual({ 'a@crash.example': 1, 'b@crash.example': 1, 'c@crash.example': 2, 'd@crash.example': 1, 'e@crash.example': 1 })
  expect(standIn.delivered().map((r) => r.body.To).sort()).toEqual(addresses)
})
