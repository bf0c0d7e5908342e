// A note of hazardous waste carries the permit numbers, and cannot be signed once the buyer's
// permit has stopped counting; two signatures at the same moment are judged one after the other.
import { describe, expect, it } from 'vitest'
import { DAY, expectNoteUnchanged, noteFootprint, noteWorld } from './note-world.js'

const w = await noteWorld()
const { db, clock, browsers } = w

/** A verified permit, as an admin leaves it after checking the document. */
async function verifiedPermit(companyId: string, number: string, expiresOn: string) {
  await db.insertInto('waste_permits').values({
    company_id: companyId, permit_number: number, issuing_authority: 'Länsstyrelsen Värmland', expires_on: new Date(`${expiresOn}T00:00:00Z`),
    document_key: `permits/${companyId}/${crypto.randomUUID()}/permit.pdf`, document_content_type: 'application/pdf',
    status: 'verified', verified_at: clock(), created_at: clock(),
  }).execute()
}

describe('hazardous waste', () => {
  it('names the transferee’s permit (and the transferor’s), and refuses signing once the buyer’s permit has expired', async () => {
    await verifiedPermit(w.buyer.companyId, 'FI-YMP-2031', '2026-12-20')
    await verifiedPermit(w.seller.companyId, 'SE-551-2027', '2027-12-31')
    const deal = await w.readyDeal({ ewc: '160601' })
    const page = await (await browsers.buyer.get(`/deals/${deal.id}/transfer-note`)).text()
    expect(page).toContain('16 06 01* — Lead batteries')
    expect(page).toContain('Yes: hazardous waste')
    expect(page).toContain('Waste permit: FI-YMP-2031, issued by Länsstyrelsen Värmland, valid until 2026-12-20')
    expect(page).toContain('Waste permit: SE-551-2027')

    // The seller signs while the buyer's permit counts; on its expiry date it no longer does.
    expect((await w.sign('seller', deal.id)).status).toBe(303)
    clock.set(new Date('2026-12-20T08:00:00Z'))
    const before = await noteFootprint(db, deal.id)
    const res = await w.sign('buyer', deal.id)
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('no verified, unexpired waste permit')
    await expectNoteUnchanged(db, deal.id, before)
  })

  it('shows no permit on a note of non-hazardous waste', async () => {
    clock.advance(DAY)
    const deal = await w.readyDeal({ ewc: '150101' })
    expect(await (await browsers.buyer.get(`/deals/${deal.id}/transfer-note`)).text()).not.toContain('Waste permit:')
  })
})

describe('signatures at the same moment', () => {
  it('both sides signing at once make exactly one final note with both signatures', async () => {
    const deal = await w.readyDeal()
    const [a, b] = await Promise.all([w.sign('seller', deal.id), w.sign('buyer', deal.id)])
    expect([a.status, b.status]).toEqual([303, 303])
    expect([a.headers.get('location'), b.headers.get('location')].filter((l) => l?.endsWith('done=final'))).toHaveLength(1)
    const { note, signatures } = await noteFootprint(db, deal.id)
    expect(note!.finalised_at).not.toBeNull()
    expect(signatures.map((s) => [s.party, s.voided_at]).sort()).toEqual([['buyer', null], ['seller', null]])
  })

  it('the same side signing twice at once signs once; the other attempt is told it signed already', async () => {
    const deal = await w.readyDeal()
    const results = await Promise.all([w.sign('seller', deal.id), w.sign('seller', deal.id, { name: 'Sara S. Säljare' })])
    expect(results.map((r) => r.status).sort()).toEqual([303, 409])
    const { signatures } = await noteFootprint(db, deal.id)
    expect(signatures).toHaveLength(1)
  })
})
