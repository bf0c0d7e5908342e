// Nobody outside a deal reads or writes its chat: every address of it (the page, posting, the
// live stream, the "seen" mark, a photo) is refused to another company's owner, a member of a
// third company and a visitor, with nothing changed; staff read it always and write once the
// deal is disputed (chat-rules.ts says why).
import { describe, expect, it } from 'vitest'
import { phoneJpeg } from '../images/sample-images.js'
import type { TestBrowser } from '../support/browser.js'
import { chatFootprint, chatWorld, openChatStream, sendMessage } from './chat-world.js'

const w = await chatWorld()
const SECRET = 'The price for the next lot is 40 euros a tonne.'

const deal = await w.buyLot()
expect((await sendMessage(w.browsers.seller, deal.id, SECRET, { photo: { name: 'bales.jpg', bytes: await phoneJpeg() } })).status).toBe(303)
const photo = (await w.db.selectFrom('deal_chat_messages').select(['photo_id', 'photo_variants']).where('deal_id', '=', deal.id).executeTakeFirstOrThrow())
const photoUrl = `/deals/${deal.id}/messages/photos/${photo.photo_id}/${photo.photo_variants![0]}.webp`

type Visit = { name: string; go: (b: TestBrowser) => Promise<Response> }
const VISITS: Visit[] = [
  { name: 'the deal page', go: (b) => b.get(`/deals/${deal.id}`) },
  { name: 'posting a message', go: (b) => sendMessage(b, deal.id, 'Let me in.') },
  { name: 'posting a message with htmx', go: (b) => sendMessage(b, deal.id, 'Let me in.', { htmx: true }) },
  { name: 'posting an empty message', go: (b) => sendMessage(b, deal.id, '') },
  { name: 'posting a photo', go: async (b) => sendMessage(b, deal.id, 'Look.', { photo: { name: 'x.jpg', bytes: await phoneJpeg(200, 100) } }) },
  { name: 'the live stream', go: (b) => b.get(`/deals/${deal.id}/messages/live?v=0`, { accept: 'text/event-stream' }) },
  { name: 'the live stream, catching up', go: (b) => b.get(`/deals/${deal.id}/messages/live`, { accept: 'text/event-stream', 'last-event-id': '0' }) },
  { name: 'the seen mark', go: (b) => b.get(`/deals/${deal.id}/messages/seen?v=1`) },
  { name: 'the photo', go: (b) => b.get(photoUrl) },
]

describe('people outside the deal', () => {
  for (const who of ['thirdOwner', 'thirdMember'] as const) {
    it.each(VISITS.map((v) => [v.name, v] as const))(`${who}: %s is a 404 that shows nothing and changes nothing`, async (_name, visit) => {
      const before = await chatFootprint(w.db)
      const res = await visit.go(w.browsers[who])
      expect(res.status).toBe(404)
      const body = await res.text()
      expect(body).not.toContain(SECRET)
      expect(body).not.toContain(photo.photo_id!)
      expect(await chatFootprint(w.db)).toEqual(before)
    })
  }

  it.each(VISITS.map((v) => [v.name, v] as const))('a visitor: %s sends them to log in (a form post is refused), showing nothing and changing nothing', async (_name, visit) => {
    const before = await chatFootprint(w.db)
    const res = await visit.go(w.browsers.visitor)
    const body = await res.text()
    if (_name.startsWith('posting')) {
      expect(res.status).toBe(401)
    } else {
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toMatch(/^\/login\?next=/)
    }
    expect(body).not.toContain(SECRET)
    expect(await chatFootprint(w.db)).toEqual(before)
  })

  it('a deal that does not exist looks the same as one that is not yours', async () => {
    const res = await w.browsers.buyer.get(`/deals/${crypto.randomUUID()}/messages/live?v=0`, { accept: 'text/event-stream' })
    expect(res.status).toBe(404)
  })
})

describe('NordicLoop staff', () => {
  it('read a deal’s chat before any dispute, but may not write in it; nothing changes', async () => {
    const page = await (await w.browsers.admin.get(`/deals/${deal.id}`)).text()
    expect(page).toContain(SECRET)
    expect(page).toContain('NordicLoop staff write here once the deal is disputed')
    expect(page).not.toContain(`action="/deals/${deal.id}/messages"`)
    expect((await w.browsers.admin.get(photoUrl)).status).toBe(200)
    const stream = await openChatStream(w.browsers.admin, deal.id, { v: 0 })
    await stream.waitFor((f) => f.data.includes(SECRET), 10_000)
    stream.close()

    const before = await chatFootprint(w.db)
    for (const htmx of [false, true]) {
      const res = await sendMessage(w.browsers.admin, deal.id, 'Staff here.', { htmx })
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('once the deal is disputed')
    }
    expect(await chatFootprint(w.db)).toEqual(before)
  })

  it('write once the deal is disputed, and both sides read it signed NordicLoop', async () => {
    const disputed = await w.buyLot()
    await w.dispute(disputed)
    expect((await sendMessage(w.browsers.admin, disputed.id, 'Please send photos of the bales.')).status).toBe(303)
    for (const b of [w.browsers.buyer, w.browsers.seller]) {
      const html = await (await b.get(`/deals/${disputed.id}`)).text()
      expect(html).toContain('Please send photos of the bales.')
      expect(html).toContain('Ada Admin, NordicLoop')
    }
  })
})

describe('both companies', () => {
  it('any member of either side reads and writes, in every state of the deal', async () => {
    const cancelled = await w.buyLot()
    await w.db.updateTable('deals').set({ status: 'cancelled', cancelled_at: w.clock(), cancel_reason: 'mutual' }).where('id', '=', cancelled.id).execute()
    for (const who of ['buyer', 'buyerOwner', 'seller', 'sellerOwner'] as const) {
      expect((await sendMessage(w.browsers[who], cancelled.id, `A word from ${who}.`)).status).toBe(303)
    }
    const html = await (await w.browsers.buyerOwner.get(`/deals/${cancelled.id}`)).text()
    for (const who of ['buyer', 'buyerOwner', 'seller', 'sellerOwner']) expect(html).toContain(`A word from ${who}.`)
  })
})
