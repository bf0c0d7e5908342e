import { beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { createTestCompany } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { DIGEST_DUE_AFTER_MS, sendSavedSearchDigests } from '../../src/listings/saved-search-digest.js'
import { startScheduler } from '../../src/scheduler.js'
import { createLogger } from '../../src/lib/logger.js'
import { createMailer } from '../../src/notifications/create-mailer.js'

const { db, config } = await createTestApp()
await categoryIds(db)

const DAY = 86400_000
const seller = await createTestCompany(db, { status: 'approved' })
const t0 = new Date('2026-11-20T07:00:00Z')
const t1 = new Date(t0.getTime() + DAY)

async function person(country = 'SE') {
  const company = await createTestCompany(db, { status: 'approved', country })
  return company.owner
}

async function saveSearch(userId: string, query: string, name: string, lastDigestAt = t0) {
  const row = await db.insertInto('saved_searches').values({ user_id: userId, name, query, last_digest_at: lastDigestAt }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** A live listing published at the given time (an hour after the last digest by default). */
function listing(overrides: Parameters<typeof createTestListing>[2] = {}) {
  const publishedAt = new Date(t0.getTime() + 3600_000)
  return createTestListing(db, seller.companyId, { now: publishedAt, published_at: publishedAt, ends_at: new Date(t1.getTime() + 3 * DAY), ...overrides })
}

const digests = () => db.selectFrom('outbox').select(['to_address', 'subject', 'html_body', 'text_body']).where('template', '=', 'saved-search-digest').execute()
const run = (now = t1) => sendSavedSearchDigests(db, { now, baseUrl: TEST_BASE_URL, limitPerSearch: 10 })

beforeEach(async () => {
  // Each test starts from a quiet market: no saved searches, no live listings, no emails.
  await db.deleteFrom('saved_searches').execute()
  await db.deleteFrom('outbox').execute()
  await db.deleteFrom('listings').execute()
})

describe('the saved-search digest', () => {
  it('emails each person once, with every new match of all their searches as absolute links', async () => {
    const anna = await person()
    const bo = await person()
    const cardboard = await listing({ title: 'Kartóng bales from Malmö', search_extra: 'Paper & cardboard' })
    const pallets = await listing({ title: 'Euro pallets, grade B', category: 'wood-pallets', sale_type: 'fixed_price', location_country: 'FI', location_city: 'Turku' })
    const searchA = await saveSearch(anna.userId, 'q=kartong&country=SE', 'kartong in Sweden')
    await saveSearch(anna.userId, 'sale=fixed_price', 'fixed price')
    await saveSearch(bo.userId, 'q=pallets', 'pallets')

    const result = await run()
    expect(result).toMatchObject({ people: 2, emails: 2, searches: 3 })
    const mails = await digests()
    expect(mails.map((m) => m.to_address).sort()).toEqual([anna.email, bo.email].sort())

    const toAnna = mails.find((m) => m.to_address === anna.email)!
    expect(toAnna.subject).toBe('New on NordicLoop: 2 listings for your saved searches')
    for (const body of [toAnna.html_body, toAnna.text_body]) {
      expect(body).toContain(`${TEST_BASE_URL}/listings/${cardboard}`)
      expect(body).toContain(`${TEST_BASE_URL}/listings/${pallets}`)
      expect(body).toContain(`${TEST_BASE_URL}/saved-searches`)
    }
    expect(toAnna.html_body).toContain(`href="${TEST_BASE_URL}/listings?q=kartong&amp;country=SE"`)
    expect(toAnna.text_body).toContain('Kartóng bales from Malmö')
    expect(toAnna.text_body).toContain('€1,500.00')

    const toBo = mails.find((m) => m.to_address === bo.email)!
    expect(toBo.subject).toBe('New on NordicLoop: 1 listing for “pallets”')
    expect(toBo.text_body).toContain(`${TEST_BASE_URL}/listings/${pallets}`)
    expect(toBo.text_body).not.toContain(cardboard)

    const advanced = await db.selectFrom('saved_searches').select('last_digest_at').where('id', '=', searchA).executeTakeFirstOrThrow()
    expect(advanced.last_digest_at.toISOString()).toBe(t1.toISOString())
  })

  it('sends nothing when nothing is new, and still moves the digest on', async () => {
    const anna = await person()
    // Published before the last digest: already reported then.
    await listing({ published_at: new Date(t0.getTime() - 3600_000) })
    const id = await saveSearch(anna.userId, 'q=cardboard', 'cardboard')
    expect(await run()).toMatchObject({ people: 1, emails: 0, searches: 1 })
    expect(await digests()).toEqual([])
    const row = await db.selectFrom('saved_searches').select('last_digest_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.last_digest_at.toISOString()).toBe(t1.toISOString())
  })

  it('leaves out listings that do not match or are not live', async () => {
    const anna = await person()
    await saveSearch(anna.userId, 'q=cardboard&sale=auction', 'cardboard auctions')
    const match = await listing({ title: 'Cardboard, the one that matches' })
    const others = [
      await listing({ title: 'Cardboard, fixed price', sale_type: 'fixed_price' }),
      await listing({ title: 'Scrap copper wire', description: 'Stripped copper, 99% pure.', category: 'non-ferrous-metals' }),
      await listing({ title: 'Cardboard, in review', status: 'pending_review' }),
      await listing({ title: 'Cardboard, draft', status: 'draft' }),
      await listing({ title: 'Cardboard, withdrawn', status: 'withdrawn' }),
      await listing({ title: 'Cardboard, ended', status: 'ended', outcome: 'unsold' }),
      await listing({ title: 'Cardboard, already over', ends_at: new Date(t1.getTime() - 3600_000) }),
    ]
    await run()
    const [mail] = await digests()
    expect(mail.text_body).toContain(`/listings/${match}`)
    for (const id of others) expect(mail.text_body).not.toContain(id)
    expect(mail.subject).toBe('New on NordicLoop: 1 listing for “cardboard auctions”')
  })

  it('sends nothing on a second run the same day, and the next day only what is new since', async () => {
    const anna = await person()
    await saveSearch(anna.userId, 'q=cardboard', 'cardboard')
    const first = await listing({ title: 'Cardboard first' })
    await run()
    expect(await digests()).toHaveLength(1)

    const later = await listing({ title: 'Cardboard later', published_at: new Date(t1.getTime() + 3600_000) })
    expect(await run(new Date(t1.getTime() + 5 * 3600_000))).toMatchObject({ people: 0, emails: 0 })
    expect(await digests()).toHaveLength(1)

    const t2 = new Date(t1.getTime() + DAY - 60_000) // a minute earlier than yesterday's run: still due
    expect(t2.getTime() - t1.getTime()).toBeGreaterThan(DIGEST_DUE_AFTER_MS)
    await run(t2)
    const mails = await digests()
    expect(mails).toHaveLength(2)
    const second = mails.find((m) => m.text_body.includes('Cardboard later'))!
    expect(second.text_body).toContain(`/listings/${later}`)
    expect(second.text_body).not.toContain(`/listings/${first}`)
  })

  it('sends one email when two instances run at the same moment', async () => {
    const people = await Promise.all([person(), person(), person()])
    for (const p of people) {
      await saveSearch(p.userId, 'q=cardboard', 'cardboard')
      await saveSearch(p.userId, 'country=SE', 'Sweden')
    }
    await listing({ title: 'Cardboard for everyone' })
    const results = await Promise.all([run(), run(), run()])
    expect(results.reduce((n, r) => n + r.emails, 0)).toBe(3)
    const mails = await digests()
    expect(mails.map((m) => m.to_address).sort()).toEqual(people.map((p) => p.email).sort())
  })

  it('caps each search at the limit and links to the rest', async () => {
    const anna = await person()
    await saveSearch(anna.userId, 'q=cardboard', 'cardboard')
    for (let i = 0; i < 4; i++) await listing({ title: `Cardboard lot number ${i}` })
    await sendSavedSearchDigests(db, { now: t1, baseUrl: TEST_BASE_URL, limitPerSearch: 3 })
    const [mail] = await digests()
    expect(mail.text_body.match(/\/listings\/[0-9a-f-]{36}/g)).toHaveLength(3)
    expect(mail.text_body).toContain(`See all new matches: ${TEST_BASE_URL}/listings?q=cardboard`)
    expect(mail.subject).toBe('New on NordicLoop: more than 3 listings for “cardboard”')
  })
})

describe('the scheduler', () => {
  it('runs the digest job on its schedule', async () => {
    const anna = await person()
    const realNow = Date.now()
    await saveSearch(anna.userId, 'q=cardboard', 'cardboard', new Date(realNow - 2 * DAY))
    const id = await listing({ title: 'Cardboard found by the job', published_at: new Date(realNow - DAY), ends_at: new Date(realNow + 3 * DAY) })
    const log = createLogger('silent')
    // Outbox draining is pushed far away so the queued email stays visible to the test.
    const far = '0 0 0 1 1 *'
    const scheduler = startScheduler({ db, log, mailer: createMailer(config, log), config }, { drainOutbox: far, prune: far, savedSearchDigest: '* * * * * *' })
    try {
      // The job ticks every second; the wait is generous for a busy machine.
      const deadline = Date.now() + 20_000
      while ((await digests()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    } finally {
      await scheduler.stop()
    }
    const mails = await digests()
    expect(mails).toHaveLength(1)
    expect(mails[0].text_body).toContain(`${config.BASE_URL}/listings/${id}`)
  })
})
