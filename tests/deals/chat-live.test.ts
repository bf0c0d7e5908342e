// New messages reach the open deal pages of both sides over SSE, and only those of that deal;
// a page that reconnects catches up through Last-Event-ID with only what it missed. The streams
// are the app's own (in process), fed by the hub's LISTEN on the test database.
import { afterAll, describe, expect, it } from 'vitest'
import type { SseReader } from '../support/http-client.js'
import { chatWorld, openChatStream, sendMessage } from './chat-world.js'

const w = await chatWorld()
const streams: SseReader[] = []
afterAll(() => { for (const s of streams) s.close() })

async function follow(who: keyof typeof w.browsers, dealId: string, opts: { v?: number; lastEventId?: number } = {}) {
  const s = await openChatStream(w.browsers[who], dealId, opts)
  streams.push(s)
  return s
}
const versionOf = async (dealId: string) =>
  (await w.db.selectFrom('deal_chats').select('version').where('deal_id', '=', dealId).executeTakeFirst())?.version ?? 0

describe('a new message', () => {
  it('arrives within a second on the buyer’s and the seller’s open pages, and not on another deal’s', async () => {
    const deal = await w.buyLot()
    const other = await w.buyLot()
    const buyerPage = await follow('buyer', deal.id, { v: 0 })
    const sellerPage = await follow('sellerOwner', deal.id, { v: 0 })
    const otherPage = await follow('buyer', other.id, { v: 0 })

    expect((await sendMessage(w.browsers.buyer, deal.id, 'Loading dock 3, please.')).status).toBe(303)
    // The brief's bound: in process the frame takes milliseconds, so a second is a wide margin.
    const [mine, theirs] = await Promise.all([buyerPage, sellerPage].map((s) => s.waitFor((f) => f.id === '1', 1_000)))
    for (const frame of [mine, theirs]) {
      expect(frame.data).toContain('Loading dock 3, please.')
      expect(frame.data).toContain('Per Purchaser, Köpare Kartong Oy')
    }
    // The writer's own side sees it as theirs; the frame says the reader has seen it once shown.
    expect(mine.data).toContain('class="chat-message ours"')
    expect(theirs.data).toContain('class="chat-message"')
    expect(theirs.data).toContain(`hx-get="/deals/${deal.id}/messages/seen?v=1"`)

    // The other deal's page got nothing: its first frame is the message posted there afterwards.
    expect((await sendMessage(w.browsers.seller, other.id, 'Other deal.')).status).toBe(303)
    const first = await otherPage.waitFor((f) => f.id !== undefined, 10_000)
    expect(first.data).toContain('Other deal.')
    expect(first.data).not.toContain('Loading dock')
  })

  it('frames carry only messages newer than the page shows', async () => {
    const deal = await w.buyLot()
    expect((await sendMessage(w.browsers.buyer, deal.id, 'First.')).status).toBe(303)
    const page = await follow('seller', deal.id, { v: await versionOf(deal.id) })
    expect((await sendMessage(w.browsers.buyer, deal.id, 'Second.')).status).toBe(303)
    const frame = await page.waitFor((f) => f.id === '2', 10_000)
    expect(frame.data).toContain('Second.')
    expect(frame.data).not.toContain('First.')
  })
})

describe('a page that reconnects', () => {
  it('sends Last-Event-ID and gets only the messages it missed, at once', async () => {
    const deal = await w.buyLot()
    for (const text of ['One.', 'Two.', 'Three.']) expect((await sendMessage(w.browsers.seller, deal.id, text)).status).toBe(303)
    // The page was opened at version 0 (its link) but last got message 1 before the connection dropped.
    const page = await follow('buyer', deal.id, { v: 0, lastEventId: 1 })
    const frame = await page.waitFor((f) => f.id !== undefined, 10_000)
    expect(frame.id).toBe('3')
    expect(frame.data).toContain('Two.')
    expect(frame.data).toContain('Three.')
    expect(frame.data).not.toContain('One.')
  })

  it('that is up to date gets nothing until the next message', async () => {
    const deal = await w.buyLot()
    expect((await sendMessage(w.browsers.seller, deal.id, 'Seen already.')).status).toBe(303)
    const page = await follow('buyer', deal.id, { v: 0, lastEventId: 1 })
    expect((await sendMessage(w.browsers.seller, deal.id, 'New.')).status).toBe(303)
    const frame = await page.waitFor((f) => f.id !== undefined, 10_000)
    expect(frame.id).toBe('2')
    expect(frame.data).not.toContain('Seen already.')
  })
})
