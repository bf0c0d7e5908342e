// The note as a printable document, without a database: a draft says so and leaves unsigned
// boxes empty; a final note names both signers with the server's times in the zone of the place
// of collection, dates its PDF by its finalisation, and the PDF is drawn from it.
import { describe, expect, it } from 'vitest'
import { notePrintDocument, type PrintableNote } from '../../src/transfer-notes/print-note.js'
import { noteContent, type NoteFacts } from '../../src/transfer-notes/rules.js'
import { renderPdf } from '../../src/documents/pdf.js'

const company = (name: string, country: string) => ({
  legal_name: name, address_line: 'Hamngatan 1', postcode: '111 47', city: 'Stockholm', country, org_number: '556812-3456', vat_number: `${country}556812345601`,
})
const facts: NoteFacts = {
  seller: company('Säljare AB', 'SE'), buyer: company('Köpare GmbH', 'DE'),
  sellerPermit: null, buyerPermit: { number: 'DE-E-4711', authority: 'Bezirksregierung Arnsberg', expiresOn: '2028-01-01' },
  ewc: { display_code: '16 06 01*', description: 'Lead batteries', hazardous: true },
  listing: { title: 'Used starter batteries', description: 'On pallets, terminals taped', quantity: '2.4', unit: 't' },
  deal: { collection_address: 'Hamngatan 1, 111 47 Stockholm', collection_starts_at: new Date('2026-12-08T08:00:00Z'), collection_ends_at: new Date('2026-12-08T12:00:00Z'), handed_over_at: null },
  note: { packaging: '4 pallets, shrink-wrapped', carrier: 'buyer', haulier_name: null, haulier_address: null, haulier_registration: null },
}
const draft: PrintableNote = {
  number: 42, dealNumber: 1042, content: noteContent(facts), timeZone: 'Europe/Stockholm', finalisedAt: null,
  signatures: [{ party: 'seller', name: 'Sara Säljare', role: 'Site manager', signedAt: new Date('2026-12-08T07:30:00Z') }],
}
const final: PrintableNote = {
  ...draft, finalisedAt: new Date('2026-12-08T07:45:00Z'),
  signatures: [...draft.signatures, { party: 'buyer', name: 'Jonas Brenner', role: 'Geschäftsführer', signedAt: new Date('2026-12-08T07:45:00Z') }],
}

const rows = (doc: ReturnType<typeof notePrintDocument>) => doc.sections.flatMap((s) => (s.kind === 'facts' ? s.rows : []))
const boxes = (doc: ReturnType<typeof notePrintDocument>) => doc.sections.flatMap((s) => (s.kind === 'signatures' ? s.signatures : []))

describe('the printable note', () => {
  it('marks a draft as not valid yet, with the unsigned side’s box empty and no date', () => {
    const doc = notePrintDocument(draft)
    expect(doc.title).toBe('Waste transfer note WTN-000042')
    expect(doc.subtitle).toMatch(/^DRAFT/)
    expect(doc.meta).toContainEqual(['Status', 'Draft'])
    expect(boxes(doc)).toEqual([
      { role: 'For the transferor', name: 'Sara Säljare, Site manager', signedAt: 'Tue, 8 Dec 2026, 08:30 CET' },
      { role: 'For the transferee', name: null, signedAt: null },
    ])
    expect(doc.date).toBeUndefined()
  })

  it('names both signers on a final note and is dated by its finalisation', () => {
    const doc = notePrintDocument(final)
    expect(doc.subtitle).toBe('Signed by both sides; final since Tue, 8 Dec 2026, 08:45 CET')
    expect(boxes(doc).map((b) => b.name)).toEqual(['Sara Säljare, Site manager', 'Jonas Brenner, Geschäftsführer'])
    expect(doc.date).toBe('2026-12-08T07:45:00.000Z')
  })

  it('says everything a transfer note must: parties with numbers and permits, the waste, quantity, packaging, collection and carrier', () => {
    const doc = notePrintDocument(final)
    const [transferor, transferee] = doc.parties
    expect(transferor.lines).toEqual(['Säljare AB', 'Hamngatan 1, 111 47 Stockholm, Sweden', 'Organisation number: 556812-3456', 'VAT number: SE556812345601'])
    expect(transferee.lines).toContain('Waste permit: DE-E-4711, issued by Bezirksregierung Arnsberg, valid until 2028-01-01')
    expect(rows(doc)).toEqual(expect.arrayContaining([
      ['EWC code', '16 06 01* — Lead batteries'],
      ['Hazardous', expect.stringMatching(/^Yes/)],
      ['Quantity', '2.4 tonnes'],
      ['Containers and packaging', '4 pallets, shrink-wrapped'],
      ['Collection address', 'Hamngatan 1, 111 47 Stockholm'],
      ['Agreed collection window', 'Tue, 8 Dec 2026, 09:00 CET – 13:00'],
      ['Name', 'Köpare GmbH'],
      ['Registration or permit number', 'DE-E-4711'],
    ]))
  })

  it('says when a deal without an agreed window was handed over', () => {
    const content = noteContent({ ...facts, deal: { ...facts.deal, collection_starts_at: null, collection_ends_at: null, handed_over_at: new Date('2026-12-09T13:15:00Z') } })
    expect(rows(notePrintDocument({ ...draft, content }))).toContainEqual(['Agreed collection window', 'None agreed; handed over Wed, 9 Dec 2026, 14:15 CET, as the seller recorded'])
  })

  it('draws the same paper as the same PDF bytes every time', async () => {
    const [a, b] = await Promise.all([renderPdf(notePrintDocument(final)), renderPdf(notePrintDocument(final))])
    expect(Buffer.from(a).subarray(0, 5).toString()).toBe('%PDF-')
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
  })
})
