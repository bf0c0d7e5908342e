// A deal's chat through the app: posting with and without htmx, refusals that keep what was
// typed, photos (checked, stripped, stored privately, served only to the deal's readers), and
// the unread count with the read marks behind it.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { gif, hasExif, phoneJpeg, pixel, pngBomb } from '../images/sample-images.js'
import type { TestBrowser } from '../support/browser.js'
import { chatFootprint, chatWorld, sendMessage } from './chat-world.js'

const w = await chatWorld()

const page = async (b: TestBrowser, path: string) => (await b.get(path)).text()
/** The header's "Messages (n)" link, or null when there is none. */
function unreadLink(html: string) {
  const m = /<a href="(\/deals\/[^"]+#chat)"[^>]*>Messages \((\d+)\)<\/a>/.exec(html)
  return m ? { href: m[1], count: Number(m[2]) } : null
}

describe('posting a message', () => {
  it('without JavaScript: 303 back to the chat, and the message is on both sides’ pages', async () => {
    const deal = await w.buyLot()
    const res = await sendMessage(w.browsers.buyer, deal.id, 'Can we collect on Tuesday?\r\nFrom 9 am.')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/deals/${deal.id}#chat`)
    for (const b of [w.browsers.buyer, w.browsers.seller, w.browsers.sellerOwner]) {
      const html = await page(b, `/deals/${deal.id}`)
      expect(html).toContain('Can we collect on Tuesday?<br/>From 9 am.')
      expect(html).toContain(`hx-sse:connect="/deals/${deal.id}/messages/live?v=1"`)
    }
    const [row] = await w.db.selectFrom('deal_chat_messages').selectAll().where('deal_id', '=', deal.id).execute()
    expect(row).toMatchObject({ seq: 1, author_side: 'buyer', author_user_id: w.people.purchaser.userId, body: 'Can we collect on Tuesday?\nFrom 9 am.', photo_id: null })
  })

  it('with htmx: the section comes back in place with the message, the cursor in the box and a live link after it', async () => {
    const deal = await w.buyLot()
    expect((await sendMessage(w.browsers.buyer, deal.id, 'Hello.')).status).toBe(303)
    const res = await sendMessage(w.browsers.seller, deal.id, 'Tuesday works.', { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^<section id="chat"/)
    expect(html).toContain('Hello.')
    expect(html).toContain('Tuesday works.')
    expect(html).toContain(`/deals/${deal.id}/messages/live?v=2`)
    expect(html).toMatch(/<textarea[^>]*autofocus/)
    expect(html).not.toContain('<html')
  })

  it.each([
    ['nothing', '   ', 'Write a message.'],
    ['more than 4,000 characters', 'x'.repeat(4001), 'Use at most 4,000 characters.'],
    ['a control character', 'Hi\u001b[31m', 'control characters'],
  ])('refuses %s with a 422 that keeps the text, in place or in the page, and saves nothing', async (_what, body, message) => {
    const deal = await w.buyLot()
    const before = await chatFootprint(w.db)
    const htmx = await sendMessage(w.browsers.buyer, deal.id, body, { htmx: true })
    expect(htmx.status).toBe(422)
    const fragment = await htmx.text()
    expect(fragment).toMatch(/^<section id="chat"/)
    expect(fragment).toContain(message)
    const plain = await sendMessage(w.browsers.buyer, deal.id, body)
    expect(plain.status).toBe(422)
    const html = await plain.text()
    expect(html).toContain('Your message was not sent.')
    expect(html).toContain(message)
    if (body.trim()) expect(html).toContain(`>${body}</textarea>`)
    expect(await chatFootprint(w.db)).toEqual(before)
  })

  it('counts a line break as one character, as the text box does', async () => {
    const deal = await w.buyLot()
    const body = `${'x'.repeat(1999)}\r\n${'y'.repeat(2000)}`
    expect((await sendMessage(w.browsers.buyer, deal.id, body)).status).toBe(303)
  })
})

describe('a photo', () => {
  it('is made upright and stripped of its metadata, stored privately, and shown only to the deal’s readers', async () => {
    const deal = await w.buyLot()
    const res = await sendMessage(w.browsers.buyer, deal.id, 'The bales as they arrived.', { photo: { name: 'IMG_0001.jpg', bytes: await phoneJpeg() } })
    expect(res.status).toBe(303)
    const row = await w.db.selectFrom('deal_chat_messages').selectAll().where('deal_id', '=', deal.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ photo_width: 600, photo_height: 1000, photo_variants: [400, 600] })
    const files = (await readdir(join(w.uploadDir, 'deal-chat', deal.id, row.photo_id!))).sort()
    expect(files).toEqual(['400.webp', '600.webp'])

    const html = await page(w.browsers.seller, `/deals/${deal.id}`)
    const url = `/deals/${deal.id}/messages/photos/${row.photo_id}/600.webp`
    expect(html).toContain(`href="${url}"`)
    expect(html).toContain('alt="Photo sent by Per Purchaser"')
    for (const b of [w.browsers.seller, w.browsers.buyerOwner, w.browsers.admin]) {
      const img = await b.get(url)
      expect(img.status).toBe(200)
      expect(img.headers.get('content-type')).toBe('image/webp')
      expect(img.headers.get('cache-control')).toBe('private, max-age=3600')
      const bytes = new Uint8Array(await img.arrayBuffer())
      expect(await hasExif(bytes)).toBe(false)
      expect(await sharp(bytes).metadata()).toMatchObject({ width: 600, height: 1000 })
      // Upright: the stored-left red half is now on top.
      expect((await pixel(bytes, 300, 100))[0]).toBeGreaterThan(200)
    }
    // Not a public listing photo, under any name.
    expect((await w.browsers.seller.get(`/media/photos/${row.photo_id}/600.webp`)).status).toBe(404)
    // Only the widths stored, only under its own deal.
    expect((await w.browsers.seller.get(`/deals/${deal.id}/messages/photos/${row.photo_id}/800.webp`)).status).toBe(404)
    const other = await w.buyLot()
    expect((await w.browsers.seller.get(`/deals/${other.id}/messages/photos/${row.photo_id}/600.webp`)).status).toBe(404)
  })

  it.each([
    ['a file that is not an image', async () => ({ name: 'notes.jpg', bytes: new TextEncoder().encode('not a photo at all') }), 'not a JPEG, PNG or WebP image'],
    ['a GIF', async () => ({ name: 'anim.gif', bytes: await gif(), type: 'image/gif' }), 'not a JPEG, PNG or WebP image'],
    ['a decompression bomb', async () => ({ name: 'bomb.png', bytes: await pngBomb(), type: 'image/png' }), 'at most 40 megapixels'],
  ])('refuses %s with a 422 that keeps the text, and stores nothing', async (_what, make, message) => {
    const deal = await w.buyLot()
    const before = await chatFootprint(w.db)
    const res = await sendMessage(w.browsers.buyer, deal.id, 'See attached.', { htmx: true, photo: await make() })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(message)
    expect(html).toContain('>See attached.</textarea>')
    expect(await chatFootprint(w.db)).toEqual(before)
    await expect(readdir(join(w.uploadDir, 'deal-chat', deal.id))).rejects.toThrow()
  })

  it('one at a time', async () => {
    const deal = await w.buyLot()
    const photo = { name: 'a.jpg', bytes: await phoneJpeg(200, 100) }
    const res = await sendMessage(w.browsers.buyer, deal.id, 'Two.', { photos: [photo, photo] })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Attach one photo to a message.')
  })

  it('over 15 MB is refused with a 413 saying so; with htmx above the form, which keeps the text', async () => {
    const deal = await w.buyLot()
    const before = await chatFootprint(w.db)
    const huge = { name: 'huge.jpg', bytes: new Uint8Array(16 * 1024 * 1024) }
    const plain = await sendMessage(w.browsers.buyer, deal.id, 'Big.', { photo: huge })
    expect(plain.status).toBe(413)
    expect(await plain.text()).toContain('at most 15 MB')
    const htmx = await sendMessage(w.browsers.buyer, deal.id, 'Big.', { photo: huge, htmx: true })
    expect(htmx.status).toBe(413)
    expect(htmx.headers.get('hx-retarget')).toBe(`#chat-error-${deal.id}`)
    expect(htmx.headers.get('hx-reswap')).toBe('innerHTML')
    expect(await htmx.text()).toContain('at most 15 MB')
    expect(await chatFootprint(w.db)).toEqual(before)
  })
})

describe('unread messages', () => {
  it('are counted in the header across deals, for everyone of the other company and the writer’s colleagues, never the writer', async () => {
    const [a, b] = [await w.buyLot(), await w.buyLot()]
    // Start from nothing unread for the people looked at.
    for (const who of ['seller', 'sellerOwner', 'buyer', 'buyerOwner'] as const) {
      for (const d of await w.db.selectFrom('deals').select('id').execute()) await w.browsers[who].get(`/deals/${d.id}`)
    }
    for (const text of ['One.', 'Two.']) expect((await sendMessage(w.browsers.buyer, a.id, text)).status).toBe(303)
    w.clock.advance(1000)
    expect((await sendMessage(w.browsers.buyer, b.id, 'Three.')).status).toBe(303)

    expect(unreadLink(await page(w.browsers.seller, '/deals'))).toEqual({ href: `/deals/${b.id}#chat`, count: 3 })
    expect(unreadLink(await page(w.browsers.sellerOwner, '/deals'))).toEqual({ href: `/deals/${b.id}#chat`, count: 3 })
    expect(unreadLink(await page(w.browsers.buyerOwner, '/deals'))).toEqual({ href: `/deals/${b.id}#chat`, count: 3 })
    expect(unreadLink(await page(w.browsers.buyer, '/deals'))).toBeNull()
    expect(unreadLink(await page(w.browsers.thirdOwner, '/deals'))).toBeNull()

    // Reading a deal's page marks its chat read: the page itself already counts without it.
    expect(unreadLink(await page(w.browsers.seller, `/deals/${b.id}`))).toEqual({ href: `/deals/${a.id}#chat`, count: 2 })
    expect(unreadLink(await page(w.browsers.sellerOwner, '/deals'))?.count).toBe(3)

    // A live page that has shown new messages says so; a number past the chat's end marks no further.
    const seen = await w.browsers.seller.get(`/deals/${a.id}/messages/seen?v=1`)
    expect(seen.status).toBe(204)
    expect(unreadLink(await page(w.browsers.seller, '/deals'))?.count).toBe(1)
    expect((await w.browsers.seller.get(`/deals/${a.id}/messages/seen?v=999`)).status).toBe(204)
    expect(unreadLink(await page(w.browsers.seller, '/deals'))).toBeNull()
    const mark = await w.db.selectFrom('deal_chat_reads').select('read_seq').where('deal_id', '=', a.id).where('user_id', '=', w.people.lister.userId).executeTakeFirstOrThrow()
    expect(mark.read_seq).toBe(2)
    expect((await w.browsers.seller.get(`/deals/${a.id}/messages/seen?v=x`)).status).toBe(400)

    // Writing marks everything up to one's own message read.
    expect((await sendMessage(w.browsers.sellerOwner, a.id, 'Noted.')).status).toBe(303)
    expect(unreadLink(await page(w.browsers.sellerOwner, '/deals'))?.count).toBe(1) // b's message, still unread
    expect(unreadLink(await page(w.browsers.buyer, '/deals'))).toEqual({ href: `/deals/${a.id}#chat`, count: 1 })
  })
})
