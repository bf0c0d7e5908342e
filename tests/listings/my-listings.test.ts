import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestCompany, logInAs } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)

describe('My listings', () => {
  it('shows the company’s listings grouped by status, live first, with time left and edit links where editing is allowed', async () => {
    const seller = await createTestCompany(db, { status: 'approved' })
    const other = await createTestCompany(db, { status: 'approved' })
    const now = clock()
    const live = await createTestListing(db, seller.companyId, { now, title: 'Live copper lot', ends_at: new Date(now.getTime() + 5 * 3600_000) })
    const draft = await createTestListing(db, seller.companyId, { now, title: 'Draft pallets', status: 'draft', published_at: null })
    const rejected = await createTestListing(db, seller.companyId, { now, title: 'Rejected glass', status: 'rejected', status_reason: 'Photos missing', published_at: null })
    await createTestListing(db, seller.companyId, { now, title: 'Ended steel', status: 'ended', outcome: 'sold' })
    await createTestListing(db, seller.companyId, { now, title: 'In review textiles', status: 'pending_review', published_at: null })
    await createTestListing(db, other.companyId, { now, title: 'Somebody else’s lot' })

    // A colleague sees the company's listings too.
    const colleague = await addTestMember(db, seller.companyId)
    const html = await (await (await logInAs(app, colleague)).get('/my/listings')).text()
    const headings = [...html.matchAll(/<h2 id="status-([a-z_]+)"/g)].map((m) => m[1])
    expect(headings).toEqual(['live', 'pending_review', 'draft', 'rejected', 'ended'])
    const section = (status: string) => html.slice(html.indexOf(`id="status-${status}"`), html.indexOf('</table>', html.indexOf(`id="status-${status}"`)))
    expect(section('live')).toContain('Live copper lot')
    expect(section('live')).toContain('in 5 h 0 min')
    expect(section('draft')).toContain(`href="/listings/${draft}/edit"`)
    expect(section('rejected')).toContain(`href="/listings/${rejected}/edit"`)
    expect(section('rejected')).toContain('Photos missing')
    expect(section('ended')).toContain('sold')
    expect(section('live')).not.toContain(`/listings/${live}/edit`)
    expect(html).not.toContain('Somebody else’s lot')
  })
})
