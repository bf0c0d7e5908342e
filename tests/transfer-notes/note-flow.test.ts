// A waste transfer note from payment to final: opened when a deal of waste is paid (not for a
// lot without an EWC code), filled in by each side, signed by both on the page with the server's
// time, frozen, printable and emailed as a PDF; a change after the first signature makes it void.
import { describe, expect, it } from 'vitest'
import { DAY, expectNoteUnchanged, noteFootprint, noteWorld } from './note-world.js'

const w = await noteWorld()
const { db, clock, browsers } = w

const noteOf = (dealId: string) => db.selectFrom('transfer_notes').selectAll().where('deal_id', '=', dealId).executeTakeFirst()

describe('opening a note', () => {
  it('opens one when a deal of waste is paid, in the payment’s transaction, and none before', async () => {
    const deal = await w.wasteDeal({ paid: false })
    expect(await noteOf(deal.id)).toBeUndefined()
    expect((await browsers.buyer.get(`/deals/${deal.id}/transfer-note`)).status).toBe(404)
    await w.pay(deal.id, deal.amount)
    const note = await noteOf(deal.id)
    expect(note).toMatchObject({ packaging: null, carrier: 'buyer', finalised_at: null })
    const events = await db.selectFrom('transfer_note_events').select(['kind', 'actor_role']).where('note_id', '=', note!.id).execute()
    expect(events).toEqual([{ kind: 'created', actor_role: 'system' }])
  })

  it('opens none for a lot without an EWC code (a by-product or surplus sale), and the deal page says nothing of one', async () => {
    const deal = await w.wasteDeal({ ewc: null })
    expect(await noteOf(deal.id)).toBeUndefined()
    expect((await browsers.seller.get(`/deals/${deal.id}/transfer-note`)).status).toBe(404)
    expect((await browsers.seller.post(`/deals/${deal.id}/transfer-note/packaging`, { packaging: 'bales' })).status).toBe(404)
    expect(await (await browsers.seller.get(`/deals/${deal.id}`)).text()).not.toContain('Waste transfer note')
  })

  it('numbers notes in one unbroken sequence across sellers and deals', async () => {
    const deals = [await w.wasteDeal(), await w.wasteDeal(), await w.wasteDeal()]
    const numbers = await Promise.all(deals.map(async (d) => Number((await noteOf(d.id))!.number)))
    expect(numbers[1]).toBe(numbers[0] + 1)
    expect(numbers[2]).toBe(numbers[0] + 2)
  })

  it('takes no number for a payment that is rolled back, and gives distinct consecutive numbers to payments at the same moment', async () => {
    const { max } = await db.selectFrom('transfer_notes').select((eb) => eb.fn.max('number').as('max')).executeTakeFirstOrThrow()
    const unpaid = [await w.wasteDeal({ paid: false }), await w.wasteDeal({ paid: false }), await w.wasteDeal({ paid: false }), await w.wasteDeal({ paid: false })]
    // A payment whose transaction fails after the note was opened leaves no note and no gap.
    const { openTransferNote } = await import('../../src/transfer-notes/queries.js')
    await expect(db.transaction().execute(async (trx) => {
      await openTransferNote(trx, unpaid[0], clock())
      throw new Error('the bank receipt could not be stored')
    })).rejects.toThrow('the bank receipt')
    expect(await noteOf(unpaid[0].id)).toBeUndefined()
    await Promise.all(unpaid.map((d) => w.pay(d.id, d.amount)))
    const numbers = (await Promise.all(unpaid.map(async (d) => Number((await noteOf(d.id))!.number)))).sort((a, b) => a - b)
    expect(numbers).toEqual([1, 2, 3, 4].map((i) => Number(max) + i))
  })
})

describe('filling in and signing', () => {
  it('goes from an empty note to a final one signed by both sides, with PDFs emailed to both', async () => {
    const deal = await w.wasteDeal()
    const page = await (await browsers.seller.get(`/deals/${deal.id}/transfer-note`)).text()
    expect(page).toContain('Enter the containers and packaging')
    expect(page).toContain('Säljare Papper AB')
    expect(page).toContain('15 01 01')
    // Signing before the window is agreed is refused, and changes nothing.
    let before = await noteFootprint(db, deal.id)
    const early = await w.sign('seller', deal.id)
    expect(early.status).toBe(409)
    expect(await early.text()).toContain('collection window must be agreed')
    await expectNoteUnchanged(db, deal.id, before)

    await w.agreeWindow(deal.id)
    expect((await browsers.seller.post(`/deals/${deal.id}/transfer-note/packaging`, { packaging: 'IBC 1,000 l' })).status).toBe(303)
    expect((await browsers.buyer.post(`/deals/${deal.id}/transfer-note/carrier`, {
      carrier: 'haulier', haulier_name: 'Frakt & Co AB', haulier_address: 'Lagergatan 3, 652 21 Karlstad', haulier_registration: 'TR-4471',
    })).status).toBe(303)

    clock.advance(60_000)
    const sellerSigned = await w.sign('seller', deal.id)
    expect(sellerSigned.status).toBe(303)
    expect(sellerSigned.headers.get('location')).toBe(`/deals/${deal.id}/transfer-note?done=signed`)
    const firstAt = clock()
    const asked = await db.selectFrom('outbox').select(['to_address', 'template']).where('template', '=', 'transfer-note-signed').execute()
    expect(asked.map((e) => e.to_address)).toContain(w.people.purchaser.email)

    clock.advance(60_000)
    before = await noteFootprint(db, deal.id)
    const buyerSigned = await w.sign('buyer', deal.id)
    expect(buyerSigned.headers.get('location')).toBe(`/deals/${deal.id}/transfer-note?done=final`)
    const note = (await noteOf(deal.id))!
    expect(note.finalised_at).toEqual(clock())
    const signatures = await db.selectFrom('transfer_note_signatures').selectAll().where('note_id', '=', note.id).orderBy('id').execute()
    expect(signatures.map((s) => [s.party, s.signer_name, s.signer_role, s.signed_at, s.voided_at])).toEqual([
      ['seller', 'Sara Säljare', 'Site manager', firstAt, null], ['buyer', 'Kalle Köpare', 'Site manager', clock(), null],
    ])
    expect(note.final_content).toMatchObject({
      packaging: 'IBC 1,000 l',
      carrier: { kind: 'haulier', name: 'Frakt & Co AB', registration: 'TR-4471' },
      transferor: { name: 'Säljare Papper AB', vatNumber: w.seller.vatNumber, orgNumber: w.seller.orgNumber },
      transferee: { name: 'Köpare Kartong Oy', vatNumber: w.buyer.vatNumber },
      waste: { code: '15 01 01', hazardous: false },
    })

    const finals = await db.selectFrom('outbox').innerJoin('outbox_attachments', 'outbox_attachments.outbox_id', 'outbox.id')
      .select(['to_address', 'name', 'content_type', 'content']).where('outbox.id', '>', before.lastEmailId).where('template', '=', 'transfer-note-final').execute()
    expect(finals.map((f) => f.to_address).sort()).toEqual([w.people.lister.email, w.people.purchaser.email].sort())
    for (const f of finals) {
      expect(f.content_type).toBe('application/pdf')
      expect(Buffer.from(f.content).subarray(0, 5).toString()).toBe('%PDF-')
    }

    const pdf = await browsers.buyer.get(`/deals/${deal.id}/transfer-note.pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('cache-control')).toContain('no-store')
    // The PDF served is the very file that was emailed: the same paper, the same bytes.
    expect(Buffer.from(await pdf.arrayBuffer()).equals(Buffer.from(finals[0].content))).toBe(true)
    const print = await (await browsers.seller.get(`/deals/${deal.id}/transfer-note/print`)).text()
    for (const text of ['Waste transfer note WTN-', 'Frakt &amp; Co AB', 'TR-4471', 'IBC 1,000 l', 'Kalle Köpare, Site manager', 'Sara Säljare, Site manager']) expect(print).toContain(text)
    const dealPage = await (await browsers.buyer.get(`/deals/${deal.id}`)).text()
    expect(dealPage).toContain('Final: signed by both sides')
  })

  it('makes the first signature void when a new collection window is agreed before the second, and asks for it again', async () => {
    const deal = await w.readyDeal()
    expect((await w.sign('seller', deal.id)).status).toBe(303)
    clock.advance(60_000)
    await w.agreeWindow(deal.id, 3)
    const page = await (await browsers.buyer.get(`/deals/${deal.id}/transfer-note`)).text()
    expect(page).toContain('no longer counts')
    expect((await w.sign('buyer', deal.id)).headers.get('location')).toBe(`/deals/${deal.id}/transfer-note?done=signed`)
    const note = (await noteOf(deal.id))!
    expect(note.finalised_at).toBeNull()
    const sigs = await db.selectFrom('transfer_note_signatures').select(['party', 'voided_at', 'void_reason']).where('note_id', '=', note.id).orderBy('id').execute()
    expect(sigs).toEqual([
      { party: 'seller', voided_at: clock(), void_reason: 'Changed after the seller signed: the collection address or window.' },
      { party: 'buyer', voided_at: null, void_reason: null },
    ])
    const history = await (await browsers.seller.get(`/deals/${deal.id}/transfer-note`)).text()
    expect(history).toContain('The transferor’s signature is void: Changed after the seller signed')
    expect(history).toContain('Sign again')
    expect((await w.sign('seller', deal.id)).headers.get('location')).toBe(`/deals/${deal.id}/transfer-note?done=final`)
  })

  it('makes a signature void when its own side edits the packaging after signing', async () => {
    const deal = await w.readyDeal()
    await w.sign('seller', deal.id)
    expect((await browsers.seller.post(`/deals/${deal.id}/transfer-note/packaging`, { packaging: '14 bales on pallets' })).status).toBe(303)
    const standing = await db.selectFrom('transfer_note_signatures').innerJoin('transfer_notes', 'transfer_notes.id', 'transfer_note_signatures.note_id')
      .select('transfer_note_signatures.voided_at').where('deal_id', '=', deal.id).execute()
    expect(standing[0].voided_at).not.toBeNull()
    expect((await w.sign('buyer', deal.id)).headers.get('location')).toContain('done=signed')
  })

  it('still lets both sign after the deal moved on (handed over), on the server’s clock', async () => {
    const deal = await w.readyDeal()
    expect((await browsers.seller.post(`/deals/${deal.id}/steps`, { step: 'hand-over' })).status).toBe(303)
    clock.advance(DAY)
    await w.sign('buyer', deal.id)
    await w.sign('seller', deal.id)
    expect((await noteOf(deal.id))!.finalised_at).toEqual(clock())
  })

  it('takes the hand-over for the date of a deal handed over without an agreed window, so its note can still be signed', async () => {
    const deal = await w.wasteDeal()
    expect((await browsers.seller.post(`/deals/${deal.id}/transfer-note/packaging`, { packaging: 'Loose in a skip' })).status).toBe(303)
    expect((await w.sign('seller', deal.id)).status).toBe(409)
    expect((await browsers.seller.post(`/deals/${deal.id}/steps`, { step: 'hand-over' })).status).toBe(303)
    expect(await (await browsers.buyer.get(`/deals/${deal.id}/transfer-note`)).text()).toContain('None agreed; handed over')
    expect((await w.sign('seller', deal.id)).status).toBe(303)
    expect((await w.sign('buyer', deal.id)).headers.get('location')).toContain('done=final')
  })
})
