// Emails about unread chat messages, on the test clock: a message unread for 10 minutes is
// emailed once to the people of the other side told about the deal; at most one email per deal
// and person an hour; none when it was read in time.
import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { sendChatEmails } from '../../src/deals/chat-emails.js'
import { TEST_BASE_URL } from '../support/test-app.js'
import { chatWorld, HOUR, MINUTE, sendMessage } from './chat-world.js'

const w = await chatWorld()
const run = () => sendChatEmails(w.db, { now: w.clock(), baseUrl: TEST_BASE_URL })

async function chatEmailsSince(id: number) {
  return w.db.selectFrom('outbox').selectAll().where('id', '>', id).where('template', '=', 'deal-chat').orderBy('id').execute()
}
async function lastOutboxId() {
  const row = await w.db.selectFrom('outbox').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow()
  return Number(row.id)
}

describe('the 10-minute email', () => {
  it('goes once, to the other side’s person told about the deal, with the text and a link to the chat', async () => {
    const deal = await w.buyLot()
    const before = await lastOutboxId()
    expect((await sendMessage(w.browsers.buyer, deal.id, 'Is the pallet count 12?')).status).toBe(303)
    w.clock.advance(9 * MINUTE)
    await run()
    expect(await chatEmailsSince(before)).toEqual([])
    w.clock.advance(MINUTE)
    await run()
    const emails = await chatEmailsSince(before)
    expect(emails.map((e) => e.to_address)).toEqual([w.people.lister.email])
    expect(emails[0].text_body).toContain('Is the pallet count 12?')
    expect(emails[0].text_body).toContain(`${TEST_BASE_URL}/deals/${deal.id}#chat`)
    expect(emails[0].subject).toContain(`Deal ${deal.number}`)
    w.clock.advance(5 * MINUTE)
    await run()
    expect(await chatEmailsSince(before)).toHaveLength(1)
  })
})
