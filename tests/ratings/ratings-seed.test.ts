// The demo ratings: given through the real functions on completed (or resolved) deals only, so
// that the completed demo deal's two sides have rated each other, Saimaan Saha shows an average
// and the other demo companies "New on NordicLoop"; seeding again adds none.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createLogger } from '../../src/lib/logger.js'
import { createPhotoStorage } from '../../src/images/storage.js'
import { dealTerms } from '../../src/deals/terms.js'
import { seedDemoData, seedIfEmpty } from '../../src/seed/seed.js'
import { DEMO_DEAL_LISTINGS } from '../../src/seed/deal-listings.js'

const uploads = await mkdtemp(join(tmpdir(), 'nordicloop-rating-seed-'))
afterAll(() => rm(uploads, { recursive: true, force: true }))
const { app, db, clock, config } = await createTestApp({ config: { UPLOAD_DIR: uploads } })
const deps = () => ({ storage: createPhotoStorage(config), terms: dealTerms(config), clock })
const log = createLogger('silent')
await seedIfEmpty(db, log, deps())
const company = (name: string) => db.selectFrom('companies').select('id').where('legal_name', '=', name).executeTakeFirstOrThrow()

describe('demo ratings', () => {
  it('are all on completed or resolved deals, between the two sides', async () => {
    const rows = await db.selectFrom('ratings').innerJoin('deals', 'deals.id', 'ratings.deal_id')
      .select(['deals.status', 'deals.buyer_company_id', 'deals.seller_company_id', 'ratings.rater_company_id', 'ratings.rated_company_id']).execute()
    expect(rows.length).toBeGreaterThanOrEqual(6)
    for (const r of rows) {
      expect(['completed', 'resolved']).toContain(r.status)
      expect([r.rater_company_id, r.rated_company_id].sort()).toEqual([r.buyer_company_id, r.seller_company_id].sort())
    }
  })

  it('include both sides of the completed demo deal', async () => {
    const completed = DEMO_DEAL_LISTINGS.find((d) => d.deal.state === 'completed')!
    const deal = await db.selectFrom('deals').innerJoin('listings', 'listings.id', 'deals.listing_id').select('deals.id')
      .where('listings.title', '=', completed.title).executeTakeFirstOrThrow()
    expect(await db.selectFrom('ratings').select('id').where('deal_id', '=', deal.id).execute()).toHaveLength(2)
  })

  it('give Saimaan Saha an average on its profile and leave the others New on NordicLoop', async () => {
    const visitor = new TestBrowser(app)
    const saimaan = await (await visitor.get(`/companies/${(await company('Saimaan Saha Oy')).id}`)).text()
    expect(saimaan).toMatch(/★ \d\.\d<\/strong> from 4 ratings/)
    expect(saimaan).toContain('We have changed how we sort pallets')
    for (const name of ['Fynsk Fødevarer ApS', 'Brenner Metallbau GmbH', 'Vänerpack AB']) {
      const html = await (await visitor.get(`/companies/${(await company(name)).id}`)).text()
      expect(html, name).toContain('<strong>New</strong> on NordicLoop')
    }
  })

  it('are not given again when the seed runs again', async () => {
    const before = await db.selectFrom('ratings').selectAll().orderBy('id').execute()
    await seedDemoData(db, log, deps())
    expect(await db.selectFrom('ratings').selectAll().orderBy('id').execute()).toEqual(before)
  })
})
