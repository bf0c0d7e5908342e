// The chat in Debian's Chromium against the real server process: the buyer writes (with a
// photo) through the htmx form, which swaps the section in place; the seller's open page shows
// the message without reloading, drops "No messages yet", shows the private photo and tells the
// server it has been seen; the answer reaches the buyer's page the same way. With JavaScript
// off the form still posts and lands on the chat. No console errors, no CSP violations.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { chromiumAvailable, gone, logIn, visible } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { dealTerms } from '../../src/deals/terms.js'
import { addTestMember, createTestCompany, type TestCompany, type TestUser } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { testConfig } from '../support/test-app.js'
import { phoneJpeg } from '../images/sample-images.js'

const hasBrowser = chromiumAvailable()
/** Far beyond the time an update takes; a wait, not a measurement. */
const LIVE_TIMEOUT_MS = 15_000

/** Opens the deal page and waits until its chat's live stream is connected. */
async function openDeal(page: Page, id: string) {
  const stream = page.waitForResponse((res) => new URL(res.url()).pathname === `/deals/${id}/messages/live`)
  await page.goto(`/deals/${id}`)
  expect((await stream).status()).toBe(200)
  await page.evaluate(() => { (window as unknown as { noReload: boolean }).noReload = true })
}
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload === true)

describe.skipIf(!hasBrowser)('a deal’s chat in a browser', () => {
  let uploadDir: string
  let seller: TestCompany
  let buyer: TestCompany
  let lister: TestUser

  // Registered before the world's hooks, so the folder is there before the server starts and
  // is removed only after it has stopped.
  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'nordicloop-chat-e2e-'))
    // The server process takes its environment from this one: its photos go to the temporary folder.
    process.env.UPLOAD_DIR = uploadDir
  })
  afterAll(async () => {
    delete process.env.UPLOAD_DIR
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true })
  })

  const world = browserWorld()

  beforeAll(async () => {
    await categoryIds(world.database.db)
    ;[seller, buyer] = await Promise.all([
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Säljare Papper AB' }),
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Köpare Kartong Oy', country: 'FI' }),
    ])
    lister = await addTestMember(world.database.db, seller.companyId, { name: 'Lisa Lister' })
  }, 120_000)

  async function newDeal() {
    const listingId = await createTestListing(world.database.db, seller.companyId, { sale_type: 'fixed_price', created_by: lister.userId, title: 'Baled cardboard, 12 t' })
    const bought = await buyListing(world.database.db, {
      listingId, companyId: buyer.companyId, user: { id: buyer.owner.userId, email: buyer.owner.email, name: buyer.owner.name },
      now: new Date(), terms: dealTerms(testConfig()),
    })
    expect(bought.ok).toBe(true)
    return (await world.database.db.selectFrom('deals').select('id').where('listing_id', '=', listingId).executeTakeFirstOrThrow()).id
  }

  test('a message with a photo reaches the other side’s open page, and the answer comes back', async () => {
    const id = await newDeal()
    const b = await world.openPage()
    const s = await world.openPage()
    await Promise.all([logIn(b.page, buyer.owner), logIn(s.page, lister)])
    await Promise.all([openDeal(b.page, id), openDeal(s.page, id)])
    await visible(s.page.getByText('No messages yet.'))

    await b.page.getByLabel('Message to Säljare Papper AB').fill('Two bales are wet.\nSee the photo.')
    await b.page.getByLabel('Photo').setInputFiles({ name: 'wet.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(800, 500) })
    await b.page.getByRole('button', { name: 'Send' }).click()

    // The buyer's section is swapped in place: the message, an empty box with the cursor in it.
    const mine = b.page.locator('#chat .chat-message.ours')
    await visible(mine.getByText('Two bales are wet.'))
    await b.page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('#chat-body')?.value === '')
    expect(await b.page.evaluate(() => document.activeElement?.id)).toBe('chat-body')
    expect(await notReloaded(b.page)).toBe(true)

    // The seller's page gets it live, with the photo through the private route.
    const theirs = s.page.locator('#chat .chat-message:not(.ours)')
    await visible(theirs.getByText('See the photo.'), LIVE_TIMEOUT_MS)
    await gone(s.page.getByText('No messages yet.'))
    const img = theirs.getByRole('img', { name: 'Photo sent by Olle Owner' })
    await visible(img)
    await s.page.waitForFunction(() => {
      const el = document.querySelector<HTMLImageElement>('#chat .chat-message img')
      return el !== null && el.complete && el.naturalWidth > 0
    })
    expect(await notReloaded(s.page)).toBe(true)
    // Shown on the open page, so seen: no email will go for it.
    const seen = async () => (await world.database.db.selectFrom('deal_chat_reads').select('read_seq')
      .where('deal_id', '=', id).where('user_id', '=', lister.userId).executeTakeFirst())?.read_seq
    for (let i = 0; (await seen()) !== 1; i++) {
      if (i > 100) throw new Error('the seller’s page never said it had seen the message')
      await new Promise((r) => setTimeout(r, 100))
    }

    await s.page.getByLabel('Message to Köpare Kartong Oy').fill('Sorry! We will replace them on Tuesday.')
    await s.page.getByRole('button', { name: 'Send' }).click()
    await visible(b.page.locator('#chat .chat-message:not(.ours)').getByText('We will replace them on Tuesday.'), LIVE_TIMEOUT_MS)
    expect(await notReloaded(b.page)).toBe(true)
    // One copy of each message on each page, whatever came by SSE and by the swap.
    for (const page of [b.page, s.page]) expect(await page.locator('#chat .chat-message').count()).toBe(2)

    for (const { watch } of [b, s]) {
      expect(watch.cspViolations()).toEqual([])
      expect(watch.unexpected()).toEqual([])
    }
  }, 90_000)

  test('with JavaScript off the form posts and lands on the chat', async () => {
    const id = await newDeal()
    const { page } = await world.openPage({ javaScriptEnabled: false })
    await logIn(page, lister)
    await page.goto(`/deals/${id}`)
    await page.getByLabel('Message to Köpare Kartong Oy').fill('Collection from 8 am works.')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.waitForURL(`**/deals/${id}#chat`)
    await visible(page.locator('#chat .chat-message.ours').getByText('Collection from 8 am works.'))
  }, 90_000)
})
