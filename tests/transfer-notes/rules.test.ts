// The transfer note's rules without a database: what the note says, what counts as a change,
// who may sign when, and what a signature does to the one before it.
import { describe, expect, it } from 'vitest'
import {
  changedParts, editRefusal, FINAL_MESSAGE, noteContent, noteNumber, signOutcome, signRefusal,
  type NoteContent, type NoteFacts, type NoteSide, type StandingSignature,
} from '../../src/transfer-notes/rules.js'

const company = (name: string, country: string, vat: string | null) => ({
  legal_name: name, address_line: 'Hamngatan 1', postcode: '111 47', city: 'Stockholm', country, org_number: `${country}-1`, vat_number: vat,
})
const PERMIT = { number: 'M-2025-117', authority: 'Länsstyrelsen Värmland', expiresOn: '2027-06-30' }

function facts(over: Partial<NoteFacts> = {}): NoteFacts {
  return {
    seller: company('Säljare AB', 'SE', 'SE556812345601'),
    buyer: company('Köpare Oy', 'FI', 'FI12345671'),
    sellerPermit: null,
    buyerPermit: PERMIT,
    ewc: { display_code: '15 01 01', description: 'Paper and cardboard packaging', hazardous: false },
    listing: { title: 'Baled cardboard', description: 'Dry bales', quantity: '12.500', unit: 't' },
    deal: { collection_address: 'Hamngatan 1, Stockholm', collection_starts_at: new Date('2026-12-08T08:00:00Z'), collection_ends_at: new Date('2026-12-08T12:00:00Z'), handed_over_at: null },
    note: { packaging: '12 bales on pallets', carrier: 'buyer', haulier_name: null, haulier_address: null, haulier_registration: null },
    ...over,
  }
}

const ready = noteContent(facts())
const signed = (party: NoteSide, content: NoteContent = ready): StandingSignature => ({ party, content })

describe('the note’s content', () => {
  it('names both parties with addresses, organisation and VAT numbers, the waste, the quantity and the collection', () => {
    expect(ready.transferor).toEqual({ name: 'Säljare AB', address: 'Hamngatan 1, 111 47 Stockholm, Sweden', orgNumber: 'SE-1', vatNumber: 'SE556812345601', permit: null })
    expect(ready.transferee.name).toBe('Köpare Oy')
    expect(ready.waste).toEqual({ code: '15 01 01', description: 'Paper and cardboard packaging', hazardous: false })
    expect(ready.material.quantity).toBe('12.5')
    expect(ready.collection).toEqual({ address: 'Hamngatan 1, Stockholm', startsAt: '2026-12-08T08:00:00.000Z', endsAt: '2026-12-08T12:00:00.000Z', handedOverAt: null })
  })

  it('carries the permits only on hazardous waste, the transferor’s too when it holds one', () => {
    expect(ready.transferee.permit).toBeNull()
    const hazardous = noteContent(facts({ ewc: { display_code: '16 06 01*', description: 'Lead batteries', hazardous: true }, sellerPermit: PERMIT }))
    expect(hazardous.transferee.permit).toEqual(PERMIT)
    expect(hazardous.transferor.permit).toEqual(PERMIT)
  })

  it('makes the buyer the carrier by default, with its permit number as registration on hazardous waste, or the named haulier', () => {
    expect(ready.carrier).toEqual({ kind: 'buyer', name: 'Köpare Oy', address: ready.transferee.address, registration: null })
    const haulier = noteContent(facts({ note: { packaging: 'x', carrier: 'haulier', haulier_name: 'Frakt AB', haulier_address: 'Väg 2, Umeå', haulier_registration: 'T-99' } }))
    expect(haulier.carrier).toEqual({ kind: 'haulier', name: 'Frakt AB', address: 'Väg 2, Umeå', registration: 'T-99' })
  })

  it('reads a quantity the same whether the driver returns a string or a number', () => {
    expect(noteContent(facts({ listing: { ...facts().listing, quantity: 12.5 } }))).toEqual(ready)
  })

  it('numbers notes WTN-000001 onwards', () => {
    expect(noteNumber(1)).toBe('WTN-000001')
    expect(noteNumber(42)).toBe('WTN-000042')
    expect(noteNumber(1234567)).toBe('WTN-1234567')
  })
})

describe('what counts as a change', () => {
  const changes: Array<[string, Partial<NoteFacts>, string]> = [
    ['a new collection window', { deal: { ...facts().deal, collection_starts_at: new Date('2026-12-09T08:00:00Z') } }, 'the collection address or window'],
    ['a corrected collection address', { deal: { ...facts().deal, collection_address: 'Kajen 4' } }, 'the collection address or window'],
    ['edited packaging', { note: { ...facts().note, packaging: 'IBC 1,000 l' } }, 'the packaging'],
    ['a haulier named', { note: { packaging: '12 bales on pallets', carrier: 'haulier', haulier_name: 'F', haulier_address: 'A', haulier_registration: 'R' } }, 'the carrier'],
    ['the seller’s new address', { seller: { ...facts().seller, address_line: 'Nya vägen 2' } }, 'the transferor’s details'],
    ['the buyer’s VAT number', { buyer: { ...facts().buyer, vat_number: null } }, 'the transferee’s details'],
  ]
  it.each(changes)('%s is a change to %s', (_label, over, words) => {
    expect(changedParts(ready, noteContent(facts(over)))).toContain(words)
  })

  it('is nothing when only the order of the keys differs (as jsonb returns them)', () => {
    const reversed = (v: unknown): unknown => v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v
    const reordered = reversed(ready) as NoteContent
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(ready))
    expect(changedParts(reordered, ready)).toEqual([])
  })
})

describe('signing', () => {
  const unready: Array<[string, Partial<NoteFacts>, RegExp]> = [
    ['no collection window agreed', { deal: { ...facts().deal, collection_starts_at: null, collection_ends_at: null } }, /collection window must be agreed/],
    ['no collection address', { deal: { ...facts().deal, collection_address: '  ' } }, /collection address/],
    ['no packaging', { note: { ...facts().note, packaging: null } }, /packaging/],
    ['hazardous waste and the buyer has no verified permit', { ewc: { display_code: '16 06 01*', description: 'Lead batteries', hazardous: true }, buyerPermit: null }, /hazardous waste/],
  ]
  for (const side of ['seller', 'buyer'] as const) {
    it.each(unready)(`is refused to the ${side} with %s`, (_label, over, message) => {
      expect(signRefusal({ side, final: false, content: noteContent(facts(over)), standing: [] })).toMatch(message)
    })
  }

  it('is refused on a final note, and to a side whose signature stands on the content as it is', () => {
    expect(signRefusal({ side: 'buyer', final: true, content: ready, standing: [] })).toBe(FINAL_MESSAGE)
    expect(signRefusal({ side: 'seller', final: false, content: ready, standing: [signed('seller')] })).toMatch(/signed this transfer note already/)
  })

  it('is allowed again to a side whose signature was given before a change', () => {
    const before = noteContent(facts({ note: { ...facts().note, packaging: 'loose' } }))
    expect(signRefusal({ side: 'seller', final: false, content: ready, standing: [signed('seller', before)] })).toBeNull()
    expect(signOutcome('seller', ready, [signed('seller', before)])).toEqual({ voids: [{ party: 'seller', reason: expect.stringContaining('the packaging') }], final: false })
  })

  it('takes the recorded hand-over for the date of a deal handed over without an agreed window, and only then', () => {
    const handedOver = new Date('2026-12-09T10:00:00Z')
    const noWindow = noteContent(facts({ deal: { collection_address: 'Kajen 4', collection_starts_at: null, collection_ends_at: null, handed_over_at: handedOver } }))
    expect(noWindow.collection.handedOverAt).toBe('2026-12-09T10:00:00.000Z')
    expect(signRefusal({ side: 'buyer', final: false, content: noWindow, standing: [] })).toBeNull()
    // Handing over after the window was agreed changes nothing a signature was given on.
    const later = noteContent(facts({ deal: { ...facts().deal, handed_over_at: handedOver } }))
    expect(changedParts(ready, later)).toEqual([])
  })

  it('makes the note final when the other side’s signature stands on the same content', () => {
    expect(signOutcome('buyer', ready, [signed('seller')])).toEqual({ voids: [], final: true })
    expect(signOutcome('buyer', ready, [])).toEqual({ voids: [], final: false })
  })

  it('makes the other side’s signature void, and the note not final, when the content changed after it', () => {
    const earlier = noteContent(facts({ deal: { ...facts().deal, collection_starts_at: new Date('2026-12-07T08:00:00Z') } }))
    const outcome = signOutcome('buyer', ready, [signed('seller', earlier)])
    expect(outcome.final).toBe(false)
    expect(outcome.voids).toEqual([{ party: 'seller', reason: 'Changed after the seller signed: the collection address or window.' }])
  })
})

describe('who fills in what', () => {
  it.each([
    ['seller', 'packaging', null], ['buyer', 'packaging', /Only the seller/], [null, 'packaging', /Only the seller/],
    ['buyer', 'carrier', null], ['seller', 'carrier', /Only the buyer/], [null, 'carrier', /Only the buyer/],
  ] as const)('the %s and the %s', (side, field, refusal) => {
    const got = editRefusal({ side, field, final: false })
    if (refusal) expect(got).toMatch(refusal)
    else expect(got).toBeNull()
    expect(editRefusal({ side, field, final: true })).toBe(FINAL_MESSAGE)
  })
})
