// Emails about unread chat messages, on the test clock: a message unread for 10 minutes is
// emailed once to the people of the other side told about the deal (and anyone of that side
// who wrote in the chat); at most one email per deal and person an hour, the next one carrying
// what came meanwhile; none when the message was read in time; one per person however many job
// runs race.
import { describe, expect, it } from 'vitest'
import { sendChatEmails } from '../../src/deals/chat-emails.js'
import type { DealRow } from '../../src/deals/act-on-deal.js'
import { TEST_BASE_URL } from '../support/test-app.js'
import { chatWorld, HOUR, MINUTE, sendMessage } from './chat-world.js'

const w = await chatWorld()
const run = () => sendChatEmails(w.db, { now: w.clock(), baseUrl: TEST_BASE_URL })
const emailsAbout = (deal: DealRow) => w.db.selectFrom('outbox').selectAll()
  .where('template', '=', 'deal-chat').where('subject', 'like', `Deal ${deal.number} ·%`).orderBy('id').execute()
const send = async (who: keyof typeof w.browsers, deal: DealRow, text: string) =>
  expect((await sendMessage(w.browsers[who], deal.id, text)).status).toBe(303)

describe('a message not read within 10 minutes', () => {
  it('is emailed once, to the other side’s person told about the deal, with its text and a link to the chat', async () => {
    const deal = await w.buyLot()
    await send('buyer', deal, 'Is the pallet count 12?\nOr 14?')
    w.clock.advance(9 * MINUTE)
    await run()
    expect(await emailsAbout(deal)).toEqual([])
    w.clock.advance(MINUTE)
    await run()
    const emails = await emailsAbout(deal)
    expect(emails.map((e) => e.to_address)).toEqual([w.people.lister.email])
    const [email] = emails
    expect(email.subject).toBe(`Deal ${deal.number} · “${(await w.db.selectFrom('listings').select('title').where('id', '=', deal.listing_id).executeTakeFirstOrThrow()).title}”: a new message from Köpare Kartong Oy`)
    expect(email.text_body).toContain('Per Purchaser, Köpare Kartong Oy')
    expect(email.text_body).toContain('Is the pallet count 12?\nOr 14?')
    expect(email.text_body).toContain(`${TEST_BASE_URL}/deals/${deal.id}#chat`)
    expect(email.html_body).toContain('Is the pallet count 12?<br/>Or 14?')
    w.clock.advance(2 * HOUR)
    await run()
    expect(await emailsAbout(deal)).toHaveLength(1)
  })

  it('is not emailed when read in time, on the deal page or on a live page', async () => {
    const [onPage, live] = [await w.buyLot(), await w.buyLot()]
    await send('buyer', onPage, 'Read me on the page.')
    await send('buyer', live, 'Read me live.')
    w.clock.advance(9 * MINUTE)
    await w.browsers.seller.get(`/deals/${onPage.id}`)
    expect((await w.browsers.seller.get(`/deals/${live.id}/messages/seen?v=1`)).status).toBe(204)
    for (let i = 0; i < 8; i++) {
      w.clock.advance(10 * MINUTE)
      await run()
    }
    expect(await emailsAbout(onPage)).toEqual([])
    expect(await emailsAbout(live)).toEqual([])
  })

  it('is counted from when it was written, not from an earlier message that was read', async () => {
    const deal = await w.buyLot()
    await send('buyer', deal, 'First.')
    w.clock.advance(5 * MINUTE)
    await w.browsers.seller.get(`/deals/${deal.id}`)
    w.clock.advance(3 * MINUTE)
    await send('buyer', deal, 'Second.')
    w.clock.advance(2 * MINUTE) // the first message's 10 minutes are up, the second's are not
    await run()
    expect(await emailsAbout(deal)).toEqual([])
    w.clock.advance(8 * MINUTE)
    await run()
    const [email] = await emailsAbout(deal)
    expect(email.text_body).toContain('Second.')
    expect(email.text_body).not.toContain('First.')
  })
})

describe('at most one email an hour per deal and person', () => {
  it('later messages wait for the hour, then go together in one email', async () => {
    const deal = await w.buyLot()
    await send('seller', deal, 'Collection from 8 am.')
    w.clock.advance(10 * MINUTE)
    await run()
    expect((await emailsAbout(deal)).map((e) => e.to_address)).toEqual([w.people.purchaser.email])
    const firstAt = w.clock().getTime()

    w.clock.advance(5 * MINUTE)
    await send('seller', deal, 'Bring a forklift.')
    w.clock.advance(20 * MINUTE)
    await send('seller', deal, 'And straps.')
    for (let t = w.clock().getTime(); t < firstAt + HOUR - MINUTE; t = w.clock().getTime()) {
      w.clock.advance(MINUTE)
      await run()
    }
    expect(await emailsAbout(deal)).toHaveLength(1)
    w.clock.advance(MINUTE)
    await run()
    const emails = await emailsAbout(deal)
    expect(emails).toHaveLength(2)
    expect(emails[1].subject).toContain('2 new messages from Säljare Papper AB')
    expect(emails[1].text_body).toContain('Bring a forklift.')
    expect(emails[1].text_body).toContain('And straps.')
    expect(emails[1].text_body).not.toContain('Collection from 8 am.')
  })
})

describe('who is emailed', () => {
  it('the other side’s person told about the deal, plus anyone of that side who wrote in the chat; never the writer’s own side', async () => {
    const deal = await w.buyLot()
    await send('buyer', deal, 'Hello both.')
    await send('sellerOwner', deal, 'I am the owner, hello.') // has read "Hello both." by answering it
    await send('buyerOwner', deal, 'Hello from the buyer’s owner too.')
    w.clock.advance(10 * MINUTE)
    await run()
    const emails = await emailsAbout(deal)
    const to = (email: string) => emails.filter((e) => e.to_address === email)
    expect(emails).toHaveLength(3)
    const [lister] = to(w.people.lister.email)
    expect(lister.text_body).toContain('Hello both.')
    expect(lister.text_body).toContain('Hello from the buyer’s owner too.')
    expect(lister.text_body).not.toContain('I am the owner')
    const [owner] = to(w.people.sellerOwner.email)
    expect(owner.text_body).toContain('Hello from the buyer’s owner too.')
    expect(owner.text_body).not.toContain('Hello both.')
    const [purchaser] = to(w.people.purchaser.email)
    expect(purchaser.text_body).toContain('I am the owner, hello.')
    expect(purchaser.text_body).not.toContain('buyer’s owner')
    // The buyer's owner wrote after the seller's owner: they had read it, and nothing since is from the other side.
    expect(to(w.people.buyerOwner.email)).toEqual([])
  })

  it('both sides when NordicLoop writes on a disputed deal', async () => {
    const deal = await w.buyLot()
    await w.dispute(deal)
    expect((await sendMessage(w.browsers.admin, deal.id, 'We are looking into it.')).status).toBe(303)
    w.clock.advance(10 * MINUTE)
    await run()
    const emails = await emailsAbout(deal)
    expect(emails.map((e) => e.to_address).sort()).toEqual([w.people.lister.email, w.people.purchaser.email].sort())
    for (const e of emails) expect(e.subject).toContain('a new message from NordicLoop')
  })
})

describe('several job runs at once', () => {
  it('queue each email once', async () => {
    const deals = [await w.buyLot(), await w.buyLot(), await w.buyLot()]
    for (const d of deals) await send('buyer', d, 'Race me.')
    w.clock.advance(10 * MINUTE)
    await Promise.all([run(), run(), run(), run()])
    for (const d of deals) expect((await emailsAbout(d)).map((e) => e.to_address)).toEqual([w.people.lister.email])
  })
})
