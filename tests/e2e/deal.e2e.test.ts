// A deal carried to the end in Chromium against the real server, with JavaScript and without:
// an auction closes (the server's own scheduler), the winner sees how to pay by bank transfer,
// the admin records the transfer, the seller proposes a collection time and the buyer picks
// it, the seller marks the material handed over, the buyer confirms, the admin records the
// payout. And a dispute decided with a partial refund.
import { beforeAll, describe, expect, test } from 'vitest'
import { chromiumAvailable, visible, logIn } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { placeBid } from '../../src/auctions/place-bid.js'
import { generateToken } from '../../src/lib/tokens.js'
import { utcToZonedLocal } from '../../src/lib/time.js'

const hasBrowser = chromiumAvailable()
const WAIT_MS = 20_000

describe.skipIf(!hasBrowser)('a deal in a browser', () => {
  const world = browserWorld({ admin: true })
  let seller: TestCompany
  let buyer: TestCompany

  beforeAll(async () => {
    ;[seller, buyer] = await Promise.all([
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Säljare Metall AB' }),
      createTestCompany(world.database.db, { status: 'approved', legalName: 'Köpare Kartong GmbH', country: 'DE' }),
    ])
  })

  /** An auction the buyer wins: it bids, then the auction's end is moved to now and the server's scheduler closes it. */
  async function wonAuction(title: string) {
    const db = world.database.db
    const id = await createTestListing(db, seller.companyId, { title })
    const bid = await placeBid(db, {
      listingId: id, companyId: buyer.companyId, userId: buyer.owner.userId, amount: 150_000, max: null,
      idempotencyKey: generateToken(), now: new Date(), baseUrl: world.server.baseUrl,
    })
    expect(bid.ok).toBe(true)
    await db.updateTable('listings').set({ ends_at: new Date(Date.now() + 500) }).where('id', '=', id).execute()
    const deadline = Date.now() + WAIT_MS
    for (;;) {
      const deal = await db.selectFrom('deals').select(['id', 'number', 'amount']).where('listing_id', '=', id).executeTakeFirst()
      if (deal) return deal
      if (Date.now() > deadline) throw new Error(`the scheduler did not close "${title}"\n${world.server.output()}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }

  const pages = async (javaScriptEnabled: boolean) => {
    const [b, s, a] = await Promise.all([world.openPage({ javaScriptEnabled }),
      world.openPage({ javaScriptEnabled }), world.openPage({ javaScriptEnabled })])
    await Promise.all([logIn(b.page, buyer.owner), logIn(s.page, seller.owner), logIn(a.page, world.admin)])
    return { buyerPage: b, sellerPage: s, adminPage: a }
  }

  for (const javaScriptEnabled of [true, false]) {
    test(`an auction closes, and the deal goes to payout ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const deal = await wonAuction(`Steel offcuts ${javaScriptEnabled ? 'A' : 'B'}`)
      const { buyerPage, sellerPage, adminPage } = await pages(javaScriptEnabled)
      const dealPath = `/deals/${deal.id}`

      // The buyer finds the deal on the Deals page and sees how to pay.
      await buyerPage.page.goto('/deals')
      await buyerPage.page.getByRole('link', { name: new RegExp(`Deal ${deal.number}:`) }).click()
      await visible(buyerPage.page.getByRole('heading', { name: /^Pay €1,500\.00 by/ }))
      const reference = await buyerPage.page.locator('.reference').first().innerText()
      expect(reference).toMatch(/^RF\d\d NL/)

      // The admin records the transfer from the queue.
      await adminPage.page.goto('/admin/payments')
      const card = adminPage.page.locator(`#deal-${deal.id}`)
      await expect(card.innerText()).resolves.toContain(reference)
      await card.getByText('Record a bank transfer received…').click()
      await card.getByLabel('Bank reference of the transfer').fill(`BANK-${deal.number}`)
      await card.getByRole('button', { name: 'Record the transfer' }).click()
      await visible(adminPage.page.getByText(/recorded/i).first())

      // The seller proposes a collection time (in their own zone); the buyer picks it.
      await sellerPage.page.goto(dealPath)
      const start = new Date(Date.now() + 2 * 24 * 3600_000)
      start.setUTCMinutes(0, 0, 0)
      const zone = 'Europe/Stockholm'
      await sellerPage.page.getByLabel('From').first().fill(utcToZonedLocal(start, zone))
      await sellerPage.page.getByLabel('Until').first().fill(utcToZonedLocal(new Date(start.getTime() + 3 * 3600_000), zone))
      await sellerPage.page.getByRole('button', { name: /^Propose/ }).click()
      await visible(sellerPage.page.getByRole('button', { name: 'Withdraw this time' }))
      await buyerPage.page.goto(dealPath)
      await visible(buyerPage.page.getByText('Säljare Metall AB').first())
      await buyerPage.page.getByRole('button', { name: 'Pick this time' }).click()
      await visible(buyerPage.page.locator('#collection').getByText(/Agreed/i).first())

      // The seller hands over; the buyer confirms.
      await sellerPage.page.goto(dealPath)
      await sellerPage.page.getByRole('button', { name: 'Mark as handed over' }).click()
      await visible(sellerPage.page.getByText('Marked as handed over.'))
      await buyerPage.page.goto(dealPath)
      await buyerPage.page.getByRole('button', { name: 'Confirm I received the material' }).click()
      await visible(buyerPage.page.getByText('the deal is complete'))

      // The admin records the payout: the price less the fee.
      await adminPage.page.goto('/admin/payouts')
      const payout = adminPage.page.locator('details', { has: adminPage.page.locator(`form[action="/admin/payouts/${deal.id}"]`) })
      await payout.getByText('Record the payout as sent…').click()
      await payout.getByLabel('Bank reference of the payment').fill(`OUT-${deal.number}`)
      await payout.getByRole('button', { name: /^Record the payout of €1,455\.00$/ }).click()
      await visible(adminPage.page.getByText(/recorded/i).first())

      const row = await world.database.db.selectFrom('deals').select(['status']).where('id', '=', deal.id).executeTakeFirstOrThrow()
      expect(row.status).toBe('completed')
      const payouts = await world.database.db.selectFrom('deal_payouts').select(['party', 'amount']).where('deal_id', '=', deal.id).execute()
      expect(payouts).toEqual([{ party: 'seller', amount: 145_500 }])
      const ics = await world.database.db.selectFrom('outbox_attachments').innerJoin('outbox', 'outbox.id', 'outbox_attachments.outbox_id')
        .select(['outbox.to_address', 'outbox_attachments.name']).where('outbox.text_body', 'like', `%${dealPath}%`).execute()
      expect(new Set(ics.map((a) => a.to_address))).toEqual(new Set([buyer.owner.email, seller.owner.email]))
      for (const p of [buyerPage, sellerPage, adminPage]) {
        expect(p.watch.cspViolations()).toEqual([])
        expect(p.watch.unexpected()).toEqual([])
      }
    })
  }

  test('a dispute ends in a partial refund that both sides see', async () => {
    const deal = await wonAuction('Baled stretch film')
    const { buyerPage, sellerPage, adminPage } = await pages(true)
    const dealPath = `/deals/${deal.id}`
    await adminPage.page.goto('/admin/payments')
    const card = adminPage.page.locator(`#deal-${deal.id}`)
    await card.getByText('Record a bank transfer received…').click()
    await card.getByLabel('Bank reference of the transfer').fill(`BANK-${deal.number}`)
    await card.getByRole('button', { name: 'Record the transfer' }).click()
    await visible(adminPage.page.getByText(/recorded/i).first())
    await sellerPage.page.goto(dealPath)
    await sellerPage.page.getByRole('button', { name: 'Mark as handed over' }).click()
    await visible(sellerPage.page.getByText('Marked as handed over.'))

    await buyerPage.page.goto(dealPath)
    await buyerPage.page.getByText('Something is wrong? Open a dispute').click()
    await buyerPage.page.getByLabel('What went wrong').selectOption('quantity_short')
    await buyerPage.page.getByLabel('Tell NordicLoop what happened').fill('Our weighbridge shows 1.6 t, not 2 t.')
    await buyerPage.page.getByRole('button', { name: 'Open the dispute' }).click()
    await visible(buyerPage.page.getByText('Your dispute is open.'))

    await adminPage.page.goto('/admin/disputes')
    const form = adminPage.page.locator(`form[action="/admin/disputes/${deal.id}/resolve"]`)
    await form.getByRole('radio', { name: 'Refund part of the price to the buyer' }).check()
    await form.getByLabel('Refund to the buyer, for a partial refund').fill('300')
    await form.getByLabel('Note to both sides').fill('The weighbridge slip shows 20 % short: 20 % of the price is refunded.')
    await form.getByRole('button', { name: 'Decide the dispute' }).click()
    await visible(adminPage.page.getByText(/decided|resolved/i).first())

    for (const p of [buyerPage, sellerPage]) {
      await p.page.goto(dealPath)
      await visible(p.page.getByText('the buyer is refunded €300.00, the seller keeps the rest').first())
    }
    const row = await world.database.db.selectFrom('deals').select(['status', 'refund_amount']).where('id', '=', deal.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'resolved', refund_amount: 30_000 })
  })
})
