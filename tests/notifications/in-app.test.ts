// Notifications in the app: every email to a person with an account appears on their
// Notifications page, newest first, marked "New" until the page has shown it once.
import { describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { enqueueEmail, enqueueEmails } from '../../src/notifications/outbox.js'
import { countUnreadNotifications, NOTIFICATIONS_PER_PAGE } from '../../src/notifications/in-app.js'
import { listingApprovedMessage } from '../../views/emails/listings.js'
import { passwordResetMessage, verifyEmailMessage } from '../../views/emails/accounts.js'
import { generateToken } from '../../src/lib/tokens.js'

const { app, db, clock } = await createTestApp()

const approved = (c: TestCompany, title: string, path = `/listings/${title.length}`) =>
  listingApprovedMessage(c.owner.email, c.owner.name, title, `${TEST_BASE_URL}${path}`)
const mine = (c: TestCompany) => db.selectFrom('notifications').selectAll().where('user_id', '=', c.owner.userId).orderBy('id').execute()
/** The titles the page lists, in order, and which are marked New. */
function shown(html: string) {
  return [...html.matchAll(/<li class="notification( unread)?"><h2>(?:<span class="notification-new">New<\/span> )?(?:<a href="([^"]*)">)?([^<]*)/g)]
    .map((m) => ({ unread: m[1] !== undefined, link: m[2] ?? null, title: m[3] }))
}
const companies = () => Promise.all([createTestCompany(db, { status: 'approved' }), createTestCompany(db, { status: 'approved' })])

describe('which emails become notifications', () => {
  it('each email to an account holder, with the subject, a summary and the button as a path on the site', async () => {
    const [a] = await companies()
    await enqueueEmail(db, approved(a, 'Baled PET “clear”', '/listings/123e4567-e89b-12d3-a456-426614174000?tab=bids#bids'))
    const [n] = await mine(a)
    expect(n).toMatchObject({
      template: 'listing-approved', title: 'Your listing “Baled PET “clear”” is live on NordicLoop', read_at: null,
      link: '/listings/123e4567-e89b-12d3-a456-426614174000?tab=bids#bids',
    })
    expect(n.summary).toContain('has been approved and is now live')
  })

  it('not for addresses without an account, nor for emails whose link is a secret', async () => {
    const [a] = await companies()
    const before = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    await enqueueEmails(db, [
      listingApprovedMessage('nobody-here@example.test', 'Nobody', 'Lot', `${TEST_BASE_URL}/listings/1`),
      passwordResetMessage(a.owner.email, a.owner.name, `${TEST_BASE_URL}/password-reset/${generateToken()}`),
      verifyEmailMessage(a.owner.email, a.owner.name, `${TEST_BASE_URL}/verify-email?token=${generateToken()}`),
    ])
    const after = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
    // The emails themselves went out all the same.
    expect(await db.selectFrom('outbox').select('template').where('to_address', '=', a.owner.email).execute()).toHaveLength(2)
  })

  it('a batch keeps its order, an address in capitals still finds its person, and a rolled-back change leaves neither email nor notification', async () => {
    const [a] = await companies()
    await enqueueEmails(db, ['First', 'Second', 'Third'].map((t) => approved(a, t)).map((e, i) => (i === 1 ? { ...e, to: e.to.toUpperCase() } : e)))
    expect((await mine(a)).map((n) => n.title)).toEqual(['First', 'Second', 'Third'].map((t) => `Your listing “${t}” is live on NordicLoop`))
    await expect(db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, approved(a, 'Rolled back'))
      throw new Error('the change failed')
    })).rejects.toThrow('the change failed')
    expect((await mine(a)).map((n) => n.title)).not.toContain('Your listing “Rolled back” is live on NordicLoop')
    expect(await db.selectFrom('outbox').select('id').where('subject', 'like', '%Rolled back%').execute()).toHaveLength(0)
  })

  it('an outbid bidder is told in the app too, linking to the auction like the email’s button', async () => {
    const [seller, a] = await companies()
    const b = await createTestCompany(db, { status: 'approved' })
    const id = await createTestListing(db, seller.companyId, { now: clock() })
    for (const [who, amount] of [[a, '1000'], [b, '1100']] as const) {
      const res = await (await logInAs(app, who.owner)).post(`/listings/${id}/bids`, { amount, idempotency_key: generateToken() })
      expect(res.status).toBe(303)
    }
    const [n] = await mine(a)
    expect(n).toMatchObject({ template: 'outbid', link: `/listings/${id}` })
    expect(n.summary).toContain('The current price is €1,100.00; the next bid is at least €1,150.00.')
    const email = await db.selectFrom('outbox').select(['html_body', 'text_body']).where('template', '=', 'outbid').where('to_address', '=', a.owner.email).executeTakeFirstOrThrow()
    expect(email.html_body).toContain(`<a href="${TEST_BASE_URL}${n.link}" class="button"`)
    // Worked out when the bid was taken: the auction ends 3 days after the test clock, told in the Swedish bidder's zone.
    expect(email.text_body).toContain('The current price is €1,100.00; to lead again, bid at least €1,150.00.\n\n3 days left (ends Wed, 25 Nov 2026, 11:00 CET).')
    expect(await mine(b)).toEqual([])
  })
})

describe('the Notifications page', () => {
  it('sends a visitor to log in and back', async () => {
    const res = await app.request('/notifications')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fnotifications')
  })

  it('shows a person only their own, newest first, marked New the first time only, and counts the unread', async () => {
    const [a, b] = await companies()
    await enqueueEmails(db, [approved(a, 'A one'), approved(b, 'B one'), approved(a, 'A two'), approved(b, 'B two')])
    expect(await countUnreadNotifications(db, a.owner.userId)).toBe(2)
    const browserA = await logInAs(app, a.owner)
    const first = await browserA.get('/notifications')
    expect(first.status).toBe(200)
    const html = await first.text()
    expect(shown(html)).toEqual([
      { unread: true, link: '/listings/5', title: 'Your listing “A two” is live on NordicLoop' },
      { unread: true, link: '/listings/5', title: 'Your listing “A one” is live on NordicLoop' },
    ])
    expect(html).not.toContain('B one')
    expect(await countUnreadNotifications(db, a.owner.userId)).toBe(0)
    expect(shown(await (await browserA.get('/notifications')).text()).map((n) => n.unread)).toEqual([false, false])
    // B's are untouched by A's visit, and B sees only B's.
    expect(await countUnreadNotifications(db, b.owner.userId)).toBe(2)
    const htmlB = await (await (await logInAs(app, b.owner)).get('/notifications')).text()
    expect(shown(htmlB).map((n) => n.title)).toEqual(['Your listing “B two” is live on NordicLoop', 'Your listing “B one” is live on NordicLoop'])
  })

  it('pages through older ones, marking only those shown read; "Mark all read" clears the rest', async () => {
    const [a] = await companies()
    const total = NOTIFICATIONS_PER_PAGE + 5
    await enqueueEmails(db, Array.from({ length: total }, (_, i) => approved(a, `Lot ${i + 1}`)))
    const browser = await logInAs(app, a.owner)
    const page1 = await (await browser.get('/notifications')).text()
    expect(shown(page1).map((n) => n.title)).toEqual(Array.from({ length: NOTIFICATIONS_PER_PAGE }, (_, i) => `Your listing “Lot ${total - i}” is live on NordicLoop`))
    expect(await countUnreadNotifications(db, a.owner.userId)).toBe(5)
    expect(page1).toContain('Mark all read')
    const older = /<a href="(\/notifications\?before=\d+)">Older notifications<\/a>/.exec(page1)![1]
    const page2 = await (await browser.get(older)).text()
    expect(shown(page2).map((n) => n.title)).toEqual([5, 4, 3, 2, 1].map((i) => `Your listing “Lot ${i}” is live on NordicLoop`))
    expect(shown(page2).every((n) => n.unread)).toBe(true)
    expect(page2).not.toContain('Older notifications')

    await enqueueEmail(db, approved(a, 'Later'))
    const refused = await browser.post('/notifications/read-all', {}, { csrf: null })
    expect(refused.status).toBe(403)
    expect(await countUnreadNotifications(db, a.owner.userId)).toBe(1)
    const res = await browser.post('/notifications/read-all', {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/notifications')
    expect(await countUnreadNotifications(db, a.owner.userId)).toBe(0)
    expect(await (await browser.get('/notifications')).text()).not.toContain('Mark all read')
  })

  it('answers a damaged page link with 400 and a message, never a 500', async () => {
    const [a] = await companies()
    const browser = await logInAs(app, a.owner)
    for (const before of ['abc', '-1', '0', '1.5', '9'.repeat(16), '', '%00', '1e3']) {
      const res = await browser.get(`/notifications?before=${before}`)
      expect(res.status, before).toBe(400)
      expect(await res.text(), before).toContain('This page link is damaged')
    }
  })

  it('says so when there is nothing yet', async () => {
    const [a] = await companies()
    const html = await (await (await logInAs(app, a.owner)).get('/notifications')).text()
    expect(html).toContain('You have no notifications yet.')
    expect(html).not.toContain('Mark all read')
  })
})
