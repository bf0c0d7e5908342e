// A deal's chat through the app: posting with and without htmx, what the page shows, photos.
import { describe, expect, it } from 'vitest'
import { chatWorld, sendMessage } from './chat-world.js'

const w = await chatWorld()

describe('posting a message', () => {
  it('without JavaScript: 303 back to the chat, and the message is on both sides’ pages', async () => {
    const deal = await w.buyLot()
    const res = await sendMessage(w.browsers.buyer, deal.id, 'Can we collect on Tuesday?\nFrom 9 am.')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/deals/${deal.id}#chat`)
    for (const b of [w.browsers.buyer, w.browsers.seller, w.browsers.sellerOwner]) {
      const html = await (await b.get(`/deals/${deal.id}`)).text()
      expect(html).toContain('Can we collect on Tuesday?<br/>From 9 am.')
      expect(html).toContain(`hx-sse:connect="/deals/${deal.id}/messages/live?v=1"`)
    }
  })

  it('with htmx: the section comes back in place with the message and a live link after it', async () => {
    const deal = await w.buyLot()
    const res = await sendMessage(w.browsers.seller, deal.id, 'Tuesday works.', { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^<section id="chat"/)
    expect(html).toContain('Tuesday works.')
    expect(html).toContain(`/deals/${deal.id}/messages/live?v=1`)
  })
})
