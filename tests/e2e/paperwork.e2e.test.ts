// The paperwork of a finished deal in Chromium against the real server, with JavaScript and
// without: the buyer downloads the seller's invoice as a PDF, both sides fill in and sign the
// waste transfer note, both rate each other, and each rating shows on the rated company's
// public profile, reached from the listing page. And a company without a waste permit is
// refused a hazardous lot with the reason shown.
import { describe, expect, test } from 'vitest'
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { chromiumAvailable, visible, logIn } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { actOnDeal, type DealViewer } from '../../src/deals/act-on-deal.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { pickWindow, proposeWindows } from '../../src/deals/collection.js'
import { createTestCompany, type TestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { tinyPdf } from '../compliance/permit-world.js'

const hasBrowser = chromiumAvailable()
const HOUR = 3600_000

describe.skipIf(!hasBrowser)('the paperwork of a deal in a browser', () => {
  const world = browserWorld({ admin: true })

  const viewerOf = (c: TestCompany): DealViewer => ({ userId: c.owner.userId, companyId: c.companyId, isAdmin: false })

  /** A lot of scrap with an EWC code, bought, paid, collected and confirmed through the real steps. */
  async function completedDeal(seller: TestCompany, buyer: TestCompany, title: string) {
    const db = world.database.db
    const now = new Date()
    const listingId = await createTestListing(db, seller.companyId, {
      title, sale_type: 'fixed_price', fixed_price: 240_000, category: 'ferrous-metals', ewc_code: '120101', quantity: '8', unit: 't', now,
    })
    const user = { id: buyer.owner.userId, email: buyer.owner.email, name: buyer.owner.name }
    expect((await buyListing(db, { listingId, companyId: buyer.companyId, user, now, terms: world.terms })).ok).toBe(true)
    const deal = await db.selectFrom('deals').select(['id', 'number', 'amount', 'currency']).where('listing_id', '=', listingId).executeTakeFirstOrThrow()
    const adminViewer: DealViewer = { userId: world.admin.userId, companyId: null, isAdmin: true }
    const who = (viewer: DealViewer) => ({ dealId: deal.id, viewer, now: new Date(), terms: world.terms })
    const steps = [
      () => recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: deal.currency, receivedAt: new Date(), reference: `E2E-${deal.number}` },
        { viewer: adminViewer, now: new Date(), terms: world.terms }),
      () => proposeWindows(db, who(viewerOf(seller)), [{ startsAt: new Date(Date.now() + 2 * HOUR), endsAt: new Date(Date.now() + 4 * HOUR) }]),
      async () => {
        const window = await db.selectFrom('deal_collection_windows').select('id').where('deal_id', '=', deal.id).executeTakeFirstOrThrow()
        return pickWindow(db, who(viewerOf(buyer)), window.id)
      },
      () => actOnDeal(db, { ...who(viewerOf(seller)), action: { type: 'hand_over' } }),
      () => actOnDeal(db, { ...who(viewerOf(buyer)), action: { type: 'confirm_receipt' } }),
    ]
    for (const step of steps) {
      const result = await step()
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true })
    }
    return { ...deal, listingId }
  }

  async function signNote(page: Page, notePath: string, name: string, role: string) {
    await page.goto(notePath)
    await page.getByLabel('Your full name').fill(name)
    await page.getByLabel('Your role or job title').fill(role)
    await page.getByRole('button', { name: 'Sign the transfer note' }).click()
    await visible(page.getByText(/signed/i))
  }

  async function rate(page: Page, dealPath: string, stars: number, comment: string) {
    await page.goto(`${dealPath}#ratings`)
    await page.getByRole('radio', { name: new RegExp(`^${stars} ★`) }).check()
    await page.getByLabel(/^Comment/).fill(comment)
    await page.getByRole('button', { name: 'Send the rating' }).click()
    await visible(page.getByText(comment))
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with' : 'without'
    test(`invoice, transfer note, ratings and profiles ${mode} JavaScript`, async () => {
      const db = world.database.db
      const [seller, buyer] = await Promise.all([
        createTestCompany(db, { status: 'approved', legalName: `Skrot & Metall ${mode} AB` }),
        createTestCompany(db, { status: 'approved', legalName: `Stahlwerk Müller ${mode} GmbH`, country: 'DE' }),
      ])
      const deal = await completedDeal(seller, buyer, `Steel turnings ${mode} JavaScript, 8 t`)
      const dealPath = `/deals/${deal.id}`
      const [b, s] = await Promise.all([
        world.openPage({ javaScriptEnabled, viewport: { width: 360, height: 780 } }),
        world.openPage({ javaScriptEnabled }),
      ])
      await Promise.all([logIn(b.page, buyer.owner), logIn(s.page, seller.owner)])

      // The buyer downloads the seller's invoice as a PDF from the deal page.
      await b.page.goto(dealPath)
      const invoices = b.page.locator('#invoices')
      await visible(invoices)
      const [download] = await Promise.all([b.page.waitForEvent('download'), invoices.getByRole('link', { name: 'PDF' }).first().click()])
      expect(download.suggestedFilename()).toMatch(/\.pdf$/)
      const pdf = await readFile(await download.path())
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      // The printable page of the same invoice names both parties.
      await invoices.getByRole('link', { name: 'Printable page' }).first().click()
      await visible(b.page.getByText(seller.legalName).first())
      await visible(b.page.getByText(buyer.legalName).first())

      // Both fill in and sign the waste transfer note.
      const notePath = `${dealPath}/transfer-note`
      await s.page.goto(notePath)
      await s.page.getByLabel('How the waste is contained').fill('Loose in a 20 m³ tipping skip')
      await s.page.getByRole('button', { name: 'Save packaging' }).click()
      await visible(s.page.getByText(/packaging/i).first())
      await b.page.goto(notePath)
      await b.page.getByLabel('We collect it with our own transport').check()
      await b.page.getByRole('button', { name: 'Save carrier' }).click()
      await signNote(s.page, notePath, seller.owner.name, 'Production manager')
      await signNote(b.page, notePath, buyer.owner.name, 'Purchasing lead')
      await b.page.goto(notePath)
      await visible(b.page.getByRole('heading', { name: 'The note is final' }))
      expect(await b.page.getByRole('button', { name: 'Sign the transfer note' }).count()).toBe(0)
      const notePdf = await b.page.request.get(`${notePath}.pdf`)
      expect(notePdf.status()).toBe(200)
      expect((await notePdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')

      // Both rate each other on the deal page.
      await rate(b.page, dealPath, 5, `Clean turnings, on time (${mode} JavaScript)`)
      await rate(s.page, dealPath, 4, `Paid fast, collected as agreed (${mode} JavaScript)`)

      // The buyer finds the seller's profile from the listing page; the rating is on it.
      await b.page.goto(`/listings/${deal.listingId}`)
      await b.page.getByRole('link', { name: seller.legalName }).first().click()
      await visible(b.page.getByRole('heading', { name: seller.legalName }))
      await visible(b.page.getByText(`Clean turnings, on time (${mode} JavaScript)`))
      // And the seller's rating of the buyer is on the buyer's profile.
      await s.page.goto(`/companies/${buyer.companyId}`)
      await visible(s.page.getByText(`Paid fast, collected as agreed (${mode} JavaScript)`))
      for (const p of [b, s]) expect(p.watch.cspViolations()).toEqual([])
    })

    test(`a company without a waste permit is refused a hazardous lot ${mode} JavaScript`, async () => {
      const db = world.database.db
      const [seller, bidder] = await Promise.all([
        createTestCompany(db, { status: 'approved' }),
        createTestCompany(db, { status: 'approved' }),
      ])
      const auctionId = await createTestListing(db, seller.companyId, { title: `Waste engine oil ${mode} JavaScript`, category: 'chemicals-hazardous', ewc_code: '130205', unit: 'l', quantity: '2000' })
      const fixedId = await createTestListing(db, seller.companyId, { title: `Spent solvent ${mode} JavaScript`, category: 'chemicals-hazardous', ewc_code: '130205', sale_type: 'fixed_price' })
      const { page, watch } = await world.openPage({ javaScriptEnabled, viewport: { width: 360, height: 780 } })
      await logIn(page, bidder.owner)
      for (const id of [auctionId, fixedId]) {
        await page.goto(`/listings/${id}`)
        await visible(page.getByText(/hazardous/i).first())
        await visible(page.getByText(/waste permit/i).first())
        expect(await page.getByRole('button', { name: /place bid|buy now|buy/i }).count()).toBe(0)
        await visible(page.getByRole('link', { name: /permit/i }).first())
      }

      // What to do: the link leads to the permit upload; once an admin verifies it, the lot can be bid on.
      await page.getByRole('link', { name: /permit/i }).first().click()
      await page.getByLabel('Permit number').fill(`HW-${mode}-2291`)
      await page.getByLabel('Issuing authority').fill('Länsstyrelsen Västra Götaland')
      await page.getByLabel('Expiry date').fill(`${new Date().getUTCFullYear() + 2}-06-30`)
      await page.getByLabel('Scanned permit').setInputFiles({ name: 'permit.pdf', mimeType: 'application/pdf', buffer: Buffer.from(tinyPdf()) })
      await page.getByRole('button', { name: 'Upload the permit' }).click()
      await visible(page.getByText(`HW-${mode}-2291`))
      const adminPage = (await world.openPage({ javaScriptEnabled })).page
      await logIn(adminPage, world.admin)
      await adminPage.goto('/admin/permits')
      const entry = adminPage.locator('article, li, tr, section').filter({ hasText: `HW-${mode}-2291` }).last()
      await entry.getByRole('button', { name: 'Verify' }).click()
      await page.goto(`/listings/${auctionId}`)
      await visible(page.getByRole('button', { name: /place bid/i }))
      expect(watch.cspViolations()).toEqual([])
    })
  }
})
