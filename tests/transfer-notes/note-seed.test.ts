// The demo data's transfer notes: the completed demo deal's note is filled in and signed by both
// sides through the real steps, every other paid demo deal of waste has an open note, and
// seeding again changes none of them.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { logInAs } from '../support/factories.js'
import { createLogger } from '../../src/lib/logger.js'
import { createPhotoStorage } from '../../src/images/storage.js'
import { dealTerms } from '../../src/deals/terms.js'
import { DEMO_COMPANIES, DEMO_PASSWORD, seedDemoData, seedIfEmpty } from '../../src/seed/seed.js'
import { DEMO_DEAL_LISTINGS } from '../../src/seed/deal-listings.js'

const uploads = await mkdtemp(join(tmpdir(), 'nordicloop-note-seed-'))
afterAll(() => rm(uploads, { recursive: true, force: true }))
const { app, db, clock, config } = await createTestApp({ config: { UPLOAD_DIR: uploads } })
const deps = () => ({ storage: createPhotoStorage(config), terms: dealTerms(config), clock })
await seedIfEmpty(db, createLogger('silent'), deps())

// The notes of the deals in each state (src/seed/deal-listings.ts); the completed lots seeded for the
// impact reports (src/seed/impact-deals.ts) come after them with open notes of their own.
const notes = () => db.selectFrom('transfer_notes').innerJoin('deals', 'deals.id', 'transfer_notes.deal_id')
  .innerJoin('listings', 'listings.id', 'deals.listing_id').where('listings.title', 'in', DEMO_DEAL_LISTINGS.map((d) => d.title))
  .select(['deals.id as deal_id', 'deals.status', 'transfer_notes.number', 'transfer_notes.finalised_at', 'transfer_notes.packaging', 'transfer_notes.haulier_name'])
  .orderBy('transfer_notes.number').execute()

describe('demo transfer notes', () => {
  it('gives the completed demo deal a final note signed by both sides, and every other paid deal of waste an open one', async () => {
    const completed = DEMO_DEAL_LISTINGS.find((d) => d.deal.state === 'completed')!
    expect(completed.ewc, 'the completed demo lot is waste').toBeTruthy()
    const all = await notes()
    expect(all.map((n) => n.status).sort()).toEqual(['completed', 'disputed', 'handed_over', 'paid', 'resolved'])
    expect(all.map((n) => n.number)).toEqual([1, 2, 3, 4, 5])
    const final = all.find((n) => n.status === 'completed')!
    expect(final).toMatchObject({ packaging: expect.stringContaining('tipping trailers'), haulier_name: 'Fyns Bulktransport ApS' })
    expect(final.finalised_at).not.toBeNull()
    expect(all.filter((n) => n.finalised_at !== null)).toHaveLength(1)

    const note = await db.selectFrom('transfer_notes').select('id').where('deal_id', '=', final.deal_id).executeTakeFirstOrThrow()
    const signatures = await db.selectFrom('transfer_note_signatures').select(['party', 'signer_name', 'signer_role', 'signed_at', 'voided_at'])
      .where('note_id', '=', note.id).orderBy('id').execute()
    expect(signatures.map((s) => [s.party, s.signer_role, s.voided_at])).toEqual([['seller', 'Production manager', null], ['buyer', 'Managing director', null]])
    // Signed before the hand-over, as a note goes with the waste.
    const handOver = await db.selectFrom('deals').select('handed_over_at').where('id', '=', final.deal_id).executeTakeFirstOrThrow()
    for (const s of signatures) expect(s.signed_at.getTime()).toBeLessThan(handOver.handed_over_at!.getTime())

    const buyer = DEMO_COMPANIES.find((c) => c.orgNumber === completed.deal.buyer)!
    const browser = await logInAs(app, { email: buyer.owner.email, password: DEMO_PASSWORD })
    expect(await (await browser.get(`/deals/${final.deal_id}`)).text()).toContain('Final: signed by both sides')
    const pdf = await browser.get(`/deals/${final.deal_id}/transfer-note.pdf`)
    expect(pdf.status).toBe(200)
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('changes no note when seeded again', async () => {
    const before = await notes()
    await seedDemoData(db, createLogger('silent'), deps())
    expect(await notes()).toEqual(before)
  })
})
