// Run as a separate process by the crash test: one drain of the outbox, which the test kills
// part-way through. Not a test file itself.
import { openPostgres } from '../../src/db/database.js'
import { createLogger } from '../../src/lib/logger.js'
import { drainOutbox } from '../../src/notifications/outbox.js'
import { createPostmarkMailer } from '../../src/notifications/postmark.js'

const env = (name: string) => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

const log = createLogger('silent')
const database = openPostgres(env('DATABASE_URL'), log, 2)
const mailer = createPostmarkMailer({ serverToken: env('POSTMARK_TOKEN'), from: 'NordicLoop <no-reply@nordicloop.example>', apiHost: env('POSTMARK_HOST'), timeoutSeconds: 60 })
const result = await drainOutbox(database.db, mailer, { now: new Date(env('DRAIN_NOW')), leaseMs: Number(env('LEASE_MS')), batchSize: 10, log })
process.stdout.write(JSON.stringify(result) + '\n')
await database.close()
