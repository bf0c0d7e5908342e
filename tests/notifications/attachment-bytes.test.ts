// The embedded database (PGlite, the default for `npm start`) reads bytea as a plain
// Uint8Array, not a Buffer as node-postgres does: the files must come out the same either way.
// And the log mailer, used when no Postmark token is set, names the files it did not send.
import { afterAll, describe, expect, it } from 'vitest'
import { openPglite } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { enqueueEmail } from '../../src/notifications/outbox.js'
import { loadAttachments } from '../../src/notifications/attachments.js'
import { createLogMailer } from '../../src/notifications/create-mailer.js'
import { findAttachment } from '../../src/dev/mail-routes.js'
import { createLogger } from '../../src/lib/logger.js'
import { buildEmail, type Email } from '../../views/emails/email.js'

const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256))
const email: Email = {
  ...buildEmail({ template: 'deal_collection', to: 'mikko@saimaansaha.example', subject: 'Collection', greeting: 'Hei', paragraphs: [] }),
  attachments: [
    { name: 'Lappeenranta.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: 'BEGIN:VCALENDAR\r\nSUMMARY:Växjö\r\n' },
    { name: 'scan.bin', contentType: 'application/octet-stream', content: bytes },
  ],
}

describe('attachment bytes on PGlite', async () => {
  const database = await openPglite(undefined)
  await migrateToLatest(database)
  afterAll(() => database.close())

  it('are read back as Buffers holding the same bytes', async () => {
    await enqueueEmail(database.db, email)
    const { id } = await database.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()
    const [ics, bin] = await loadAttachments(database.db, id)
    expect(Buffer.isBuffer(ics.content) && Buffer.isBuffer(bin.content)).toBe(true)
    expect(ics.content.toString('utf8')).toBe('BEGIN:VCALENDAR\r\nSUMMARY:Växjö\r\n')
    // A Uint8Array's own toString() would give "66,69,71,…", and base64 of it nonsense.
    expect((bin.content as Buffer).toString('base64')).toBe(bytes.toString('base64'))
    const served = await findAttachment(database.db, id, 2)
    expect(served && Buffer.isBuffer(served.content) && served.content.equals(bytes)).toBe(true)
  })
})

describe('the log mailer', () => {
  it('logs each file by name, type and size, not its content', async () => {
    const lines: string[] = []
    const mailer = createLogMailer(createLogger('info', {}, (line) => lines.push(line)))
    await mailer.send(email, { outboxId: 7 })
    const logged = JSON.parse(lines[0]) as { attachments?: string[] }
    expect(logged.attachments).toEqual([
      'Lappeenranta.ics (text/calendar; charset=utf-8; method=PUBLISH, 34 bytes)', 'scan.bin (application/octet-stream, 512 bytes)',
    ])
    expect(lines[0]).not.toContain('VCALENDAR')
  })
})
