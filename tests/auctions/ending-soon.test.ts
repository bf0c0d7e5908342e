import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { notifyWatchersEndingSoon } from '../../src/auctions/ending-soon.js'

const { app, db, clock } = await createTestApp()

describe('ending-soon emails for watchers', () => {
  it('tells each watcher once, within the last hour, with a deep link', async () => {
    const now = clock()
    const seller = await createTestCompany(db, { status: 'approved' })
    const soon = await createTestListing(db, seller.companyId, { now, ends_at: new Date(now.getTime() + 50 * 60_000) })
    const later = await createTestListing(db, seller.companyId, { now, ends_at: new Date(now.getTime() + 3 * 3600_000) })
    const fixed = await createTestListing(db, seller.companyId, { now, sale_type: 'fixed_price' })
    const watchers = await Promise.all([1, 2].map(() => createTestCompany(db, { status: 'approved' })))
    for (const w of watchers) {
      const browser = await logInAs(app, w.owner)
      for (const id of [soon, later, fixed]) expect((await browser.post(`/listings/${id}/watch`, { back: `/listings/${id}` })).status).toBe(303)
    }
    const base = 'http://localhost:3000'
    expect(await notifyWatchersEndingSoon(db, { now, baseUrl: base })).toBe(2)
    expect(await notifyWatchersEndingSoon(db, { now, baseUrl: base })).toBe(0)
    const mails = await db.selectFrom('outbox').select(['to_address', 'text_body']).where('template', '=', 'watch-ending-soon').execute()
    expect(mails.map((m) => m.to_address).sort()).toEqual(watchers.map((w) => w.owner.email).sort())
    for (const m of mails) expect(m.text_body).toContain(`${base}/listings/${soon}`)
    // Two hours later the other auction enters its last hour: its watchers hear once too.
    expect(await notifyWatchersEndingSoon(db, { now: new Date(now.getTime() + 2.5 * 3600_000), baseUrl: base })).toBe(2)
  })
})
