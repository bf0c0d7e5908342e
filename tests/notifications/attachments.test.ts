// Emails with files, end to end: queued in the caller's transaction, stored beside the outbox
// row, sent by the real postmark client to the stand-in, shown and served by /dev/mail.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { startPostmarkStandIn, type PostmarkStandIn } from '../stand-ins/postmark.js'
import { createPostmarkMailer } from '../../src/notifications/postmark.js'
import { drainOutbox, enqueueEmail, enqueueEmails } from '../../src/notifications/outbox.js'
import { AttachmentError, MAX_MESSAGE_BYTES } from '../../src/notifications/attachments.js'
import { CALENDAR_CONTENT_TYPE, calendarEvent } from '../../src/lib/calendar.js'
import { createLogger } from '../../src/lib/logger.js'
import { buildEmail, type Email } from '../../views/emails/email.js'
import type { Mailer } from '../../src/notifications/mailer.js'

const { app, db } = await createTestApp()
const loopback = { incoming: { socket: { remoteAddress: '127.0.0.1' } } }
const log = createLogger('silent')
let standIn: PostmarkStandIn
let mailer: Mailer

beforeAll(async () => {
  standIn = await startPostmarkStandIn()
  mailer = createPostmarkMailer({ serverToken: standIn.token, from: 'NordicLoop <no-reply@nordicloop.example>', apiHost: standIn.host, timeoutSeconds: 5 })
})
afterAll(() => standIn?.close())
beforeEach(async () => {
  await db.deleteFrom('outbox').execute()
  standIn.reset()
})

const drain = () => drainOutbox(db, mailer, { now: new Date(Date.now() + 1000), leaseMs: 60_000, log })
const invitation = calendarEvent({
  uid: 'deal-1042-collection@nordicloop.example', stamp: new Date('2026-12-02T12:00:00Z'),
  start: new Date('2026-12-07T07:00:00Z'), end: new Date('2026-12-07T15:30:00Z'),
  summary: 'Collect 12 t baled cardboard, Vänerpack AB', location: 'Industrivägen 4, 352 46 Växjö',
})
// Every byte value, so a text or encoding step anywhere on the way would show.
const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)])

function dealEmail(to: string, attachments: Email['attachments']): Email {
  return { ...buildEmail({ template: 'deal_collection', to, subject: `Collection window for ${to}`, greeting: 'Hello', paragraphs: ['The collection window is agreed.'] }), attachments }
}
const files = (to: string) => [
  { name: 'Hämtning Växjö.ics', contentType: CALENDAR_CONTENT_TYPE, content: invitation },
  { name: 'weighbridge.bin', contentType: 'application/octet-stream', content: binary },
]
const outboxIds = async () => (await db.selectFrom('outbox').select('id').orderBy('id').execute()).map((r) => r.id)
const storedFiles = () => db.selectFrom('outbox_attachments').select(['outbox_id', 'position', 'name']).orderBy('outbox_id').orderBy('position').execute()

describe('emails with attachments', () => {
  it('queued in a transaction, sent to Postmark as Attachments with the same names, types and bytes', async () => {
    await db.transaction().execute((trx) => enqueueEmail(trx, dealEmail('karin@vanerpack.example', files('karin'))))
    expect(await drain()).toMatchObject({ claimed: 1, sent: 1 })

    const [request] = standIn.delivered()
    expect(request.body.Attachments?.map((a) => [a.Name, a.ContentType])).toEqual([
      ['Hämtning Växjö.ics', 'text/calendar; charset=utf-8; method=PUBLISH'], ['weighbridge.bin', 'application/octet-stream'],
    ])
    const [ics, bin] = standIn.attachmentsOf(request)
    expect(ics.content.toString('utf8')).toBe(invitation)
    expect(ics.content.equals(Buffer.from(invitation, 'utf8'))).toBe(true)
    expect(bin.content.equals(binary)).toBe(true)
    // The bodies travel as before, beside the files.
    expect(request.body).toMatchObject({ To: 'karin@vanerpack.example', Tag: 'deal_collection' })
    expect(request.body.TextBody).toContain('The collection window is agreed.')
  })

  it('a rolled-back transaction leaves neither the email nor its files', async () => {
    await expect(db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, dealEmail('gone@x.example', files('gone')))
      throw new Error('the deal change failed')
    })).rejects.toThrow('the deal change failed')
    expect(await outboxIds()).toEqual([])
    expect(await storedFiles()).toEqual([])
    expect((await drain()).claimed).toBe(0)
    expect(standIn.requests).toHaveLength(0)
  })

  it('a batch keeps its order and each email its own files; plain emails send no Attachments', async () => {
    await enqueueEmails(db, [
      dealEmail('a@x.example', []), dealEmail('b@x.example', files('b')), dealEmail('c@x.example', undefined),
      dealEmail('d@x.example', [{ name: 'note.txt', contentType: 'text/plain; charset=utf-8', content: 'for d' }]),
    ])
    const ids = await outboxIds()
    const order = await db.selectFrom('outbox').select('to_address').orderBy('id').execute()
    expect(order.map((r) => r.to_address)).toEqual(['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example'])
    expect(await storedFiles()).toEqual([
      { outbox_id: ids[1], position: 1, name: 'Hämtning Växjö.ics' }, { outbox_id: ids[1], position: 2, name: 'weighbridge.bin' },
      { outbox_id: ids[3], position: 1, name: 'note.txt' },
    ])
    expect(await drain()).toMatchObject({ claimed: 4, sent: 4 })
    const sent = Object.fromEntries(standIn.delivered().map((r) => [r.body.To, standIn.attachmentsOf(r).map((a) => a.name)]))
    expect(sent).toEqual({ 'a@x.example': [], 'b@x.example': ['Hämtning Växjö.ics', 'weighbridge.bin'], 'c@x.example': [], 'd@x.example': ['note.txt'] })
    expect(standIn.delivered().find((r) => r.body.To === 'a@x.example')?.body).not.toHaveProperty('Attachments')
  })

  it('refuses at enqueue a message Postmark would refuse, and takes one just under the limit', async () => {
    const email = dealEmail('big@x.example', [])
    const bodies = Buffer.byteLength(email.html) + Buffer.byteLength(email.text)
    // The most bytes whose base64 still fits beside the bodies, and one 3-byte group more.
    const fits = Math.floor((MAX_MESSAGE_BYTES - bodies) / 4) * 3
    const tooBig = { ...email, attachments: [{ name: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.alloc(fits + 3, 1) }] }
    await expect(db.transaction().execute((trx) => enqueueEmail(trx, tooBig))).rejects.toThrow(AttachmentError)
    await expect(enqueueEmail(db, tooBig)).rejects.toThrow(/email deal_collection to big@x\.example: .*9,500,000 .*Postmark refuses messages over 10 MB/)
    expect(await outboxIds()).toEqual([])

    await enqueueEmail(db, { ...email, attachments: [{ name: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.alloc(fits, 1) }] })
    // The stand-in refuses what Postmark refuses: over 10 MB once encoded.
    expect(await drain()).toMatchObject({ sent: 1, failed: 0, retrying: 0 })
    expect(standIn.attachmentsOf(standIn.delivered()[0])[0].content.length).toBe(fits)
  }, 30_000)

  it('refuses names and content types no mail header can carry, before writing anything', async () => {
    const bad: Array<[string, string, RegExp]> = [
      ['', 'text/plain', /file name/], ['../etc/passwd', 'text/plain', /file name/], ['a\r\nBcc: x@y.example', 'text/plain', /file name/],
      ['x'.repeat(201), 'text/plain', /file name/], ['ok.txt', 'text/plain\r\nX-Evil: 1', /content type/], ['ok.txt', 'plain', /content type/],
      ['ok.txt', 'text/plain; charset="utf-8\n"', /content type/], ['ok.txt', '', /content type/],
    ]
    for (const [name, contentType, why] of bad) {
      const emails = [dealEmail('fine@x.example', []), dealEmail('bad@x.example', [{ name, contentType, content: 'x' }])]
      await expect(enqueueEmails(db, emails), JSON.stringify([name, contentType])).rejects.toThrow(why)
    }
    expect(await outboxIds()).toEqual([])
  })
})

describe('/dev/mail with attachments', () => {
  it('lists each file with a download link that serves its bytes as a download, never inline', async () => {
    await enqueueEmail(db, dealEmail('mette@fynskfoedevarer.example', files('mette')))
    const [id] = await outboxIds()
    const page = await (await app.request(`/dev/mail/${id}`, {}, loopback)).text()
    expect(page).toContain('<h2>Attachments</h2>')
    expect(page).toContain(`<a href="/dev/mail/${id}/attachments/1" download="Hämtning Växjö.ics">Hämtning Växjö.ics</a>`)
    expect(page).toContain(`<a href="/dev/mail/${id}/attachments/2" download="weighbridge.bin">weighbridge.bin</a>`)
    expect(page).toContain(`application/octet-stream, ${binary.length.toLocaleString('en')} bytes`)

    const ics = await app.request(`/dev/mail/${id}/attachments/1`, {}, loopback)
    expect(ics.status).toBe(200)
    expect(ics.headers.get('content-type')).toBe(CALENDAR_CONTENT_TYPE)
    expect(ics.headers.get('content-disposition')).toBe(`attachment; filename="H_mtning_V_xj_.ics"; filename*=UTF-8''H%C3%A4mtning%20V%C3%A4xj%C3%B6.ics`)
    expect(ics.headers.get('x-content-type-options')).toBe('nosniff')
    expect(ics.headers.get('cache-control')).toBe('no-store')
    expect(await ics.text()).toBe(invitation)
    const bin = await app.request(`/dev/mail/${id}/attachments/2`, {}, loopback)
    expect(Buffer.from(await bin.arrayBuffer()).equals(binary)).toBe(true)
  })

  it('an email without files shows no attachment section', async () => {
    await enqueueEmail(db, dealEmail('plain@x.example', undefined))
    const [id] = await outboxIds()
    expect(await (await app.request(`/dev/mail/${id}`, {}, loopback)).text()).not.toContain('Attachments')
  })

  it('answers 404, not 500, for files that do not exist or positions that are not positions, and to other addresses', async () => {
    await enqueueEmail(db, dealEmail('one@x.example', files('one')))
    await enqueueEmail(db, dealEmail('two@x.example', undefined))
    const [one, two] = await outboxIds()
    for (const path of [`/dev/mail/${one}/attachments/3`, `/dev/mail/${two}/attachments/1`, `/dev/mail/999999/attachments/1`,
      `/dev/mail/${one}/attachments/0`, `/dev/mail/${one}/attachments/01`, `/dev/mail/${one}/attachments/40000`,
      `/dev/mail/${one}/attachments/-1`, `/dev/mail/${one}/attachments/x`, `/dev/mail/${one}/attachments/`]) {
      expect((await app.request(path, {}, loopback)).status, path).toBe(404)
    }
    const remote = { incoming: { socket: { remoteAddress: '203.0.113.5' } } }
    const res = await app.request(`/dev/mail/${one}/attachments/1`, { headers: { 'x-forwarded-for': '127.0.0.1' } }, remote)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('VCALENDAR')
  })
})
