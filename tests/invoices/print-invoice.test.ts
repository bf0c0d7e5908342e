import { describe, expect, it } from 'vitest'
import { renderPdf } from '../../src/documents/pdf.js'
import type { PrintDocument } from '../../src/documents/print-document.js'
import { invoicePrintDocument } from '../../src/invoices/print-invoice.js'
import { pdfText } from '../documents/pdf-reading.js'
import { SAMPLE_KINDS, sampleInvoice } from './invoice-samples.js'

/** All the words of a paper, one string, for "does it say X" checks. */
function wordsOf(doc: PrintDocument): string {
  const sections = doc.sections.flatMap((s) => {
    switch (s.kind) {
      case 'table': return [s.heading, ...s.columns.map((c) => c.label), ...s.rows.flat(), ...(s.totals ?? []).flat()]
      case 'facts': return [s.heading, ...s.rows.flat()]
      case 'text': return [s.heading, ...s.paragraphs]
      case 'signatures': return [s.heading]
    }
  })
  return [doc.title, doc.subtitle, ...doc.meta.flat(), ...doc.parties.flatMap((p) => [p.heading, ...p.lines]), ...sections, ...(doc.footer ?? [])].filter(Boolean).join('\n')
}

describe('an invoice as a printable paper', () => {
  it('says what an accountant looks for on an invoice', () => {
    const doc = invoicePrintDocument(sampleInvoice('intra-eu'))
    expect(doc.title).toBe('Invoice VP-2026-0007')
    expect(doc.subtitle).toBe('Issued by NordicLoop AB on behalf of Vänerpack Återvinning AB.')
    expect(doc.date).toBe('2026-12-02')
    expect(doc.meta).toEqual([
      ['Invoice number', 'VP-2026-0007'], ['Issue date', '2 Dec 2026'], ['Due date', '1 Jan 2027'], ['Buyer reference', 'Deal 42'], ['Currency', 'EUR'],
    ])
    expect(doc.parties).toEqual([
      { heading: 'Seller', lines: ['Vänerpack Återvinning AB', 'Hamngatan 4', '652 25 Karlstad', 'Sweden', 'VAT number SE556812345801', 'Org. number 556812-3458', 'Contact: Åsa Öberg, asa@vanerpack.example'] },
      { heading: 'Buyer', lines: ['Müller & Söhne <Schrott> GmbH', 'Straße des 17. Juni 5', '10623 Berlin', 'Germany', 'VAT number DE123456789', 'Org. number HRB 98765', 'Contact: Jürgen Weiß, +49 30 1234567, jw@mueller.example'] },
    ])
    const [lines, vat, why, payment, notes] = doc.sections
    expect(lines).toEqual({
      kind: 'table', heading: 'Lines',
      columns: [{ label: 'Description' }, { label: 'Quantity', align: 'right' }, { label: 'Unit price', align: 'right' }, { label: 'VAT', align: 'right' }, { label: 'Net amount', align: 'right' }],
      rows: [
        ['Blandat järnskrot & <HMS 1/2> "80:20" (Ferrous metals, EWC 17 04 05)', '12.5 t', '€100.00 / t', '0% intra-EU, exempt', '€1,250.00'],
        ['Pallets of baled cans (Ferrous metals, EWC 17 04 05)', '7 pallets', '€125.25 / pallets', '0% intra-EU, exempt', '€876.75'],
      ],
      totals: [['Total net', '€2,126.75'], ['VAT', '€0.00'], ['Total incl. VAT', '€2,126.75'], ['Paid', '-€2,126.75'], ['Amount due', '€0.00']],
    })
    expect(vat).toEqual({
      kind: 'table', heading: 'VAT breakdown',
      columns: [{ label: 'VAT category' }, { label: 'Rate', align: 'right' }, { label: 'Taxable amount', align: 'right' }, { label: 'VAT', align: 'right' }],
      rows: [['Intra-EU supply, exempt', '0%', '€2,126.75', '€0.00']],
    })
    expect(why).toEqual({ kind: 'text', heading: 'Why no VAT is charged', paragraphs: ['Intra-EU supply, exempt (VATEX-EU-IC): Intra-Community supply, Article 138 of Directive 2006/112/EC: the buyer accounts for the VAT'] })
    expect(payment).toEqual({
      kind: 'facts', heading: 'Payment',
      rows: [['Amount due', '€0.00'], ['Payment reference', 'RF18539007547034'], ['IBAN', 'SE45 5000 0000 0583 9825 7466'], ['BIC', 'ESSESESS'], ['Account holder', 'NordicLoop AB client account']],
    })
    expect(notes).toEqual({ kind: 'text', heading: 'Notes', paragraphs: ['VAT: Intra-Community supply, Article 138 of Directive 2006/112/EC: the buyer accounts for the VAT'] })
    expect(doc.footer).toEqual(['Vänerpack Återvinning AB · Hamngatan 4, 652 25 Karlstad, Sweden · VAT SE556812345801 · Org. no. 556812-3458'])
  })

  it('shows VAT at its rate on a domestic sale, what is still due and when', () => {
    const doc = invoicePrintDocument(sampleInvoice('domestic'))
    const words = wordsOf(doc)
    expect(doc.sections[0].kind === 'table' && doc.sections[0].rows.map((r) => r[3])).toEqual(['25%', '25%'])
    expect(doc.sections[0].kind === 'table' && doc.sections[0].totals).toEqual([
      ['Total net', '€2,126.75'], ['VAT', '€531.69'], ['Total incl. VAT', '€2,658.44'], ['Amount due', '€2,658.44'],
    ])
    expect(words).toContain('Standard rate')
    expect(words).not.toContain('Why no VAT is charged')
    expect(doc.sections.find((s) => s.heading === 'Payment')).toMatchObject({ rows: expect.arrayContaining([['Pay by', '1 Jan 2027']]) })
  })

  it('gives the delivery date when the invoice has one', () => {
    const doc = invoicePrintDocument(sampleInvoice('intra-eu', { delivery: { date: '2026-12-05', country: 'DE' } }))
    expect(doc.meta).toContainEqual(['Delivery date', '5 Dec 2026'])
  })

  it('makes a credit note name the invoice it corrects', () => {
    const doc = invoicePrintDocument(sampleInvoice('credit-note'))
    expect(doc.title).toBe('Credit note AM-2026-0002')
    expect(doc.meta).toContainEqual(['Credit note number', 'AM-2026-0002'])
    expect(doc.meta).toContainEqual(['Corrects invoice', 'AM-2026-0001 of 20 Nov 2026'])
    expect(doc.meta.map(([label]) => label)).not.toContain('Due date')
    expect(wordsOf(doc)).toContain('Total credited incl. VAT')
  })

  it.each([
    ['domestic-reverse-charge', '0% reverse charge', 'Reverse charge (VATEX-EU-AE): Steuerschuldnerschaft des Leistungsempfängers (reverse charge), § 13b UStG'],
    ['export-norway', '0% export, exempt', 'Export outside the EU, exempt (VATEX-EU-G): Export outside the EU, Article 146 of Directive 2006/112/EC'],
    ['outside-scope', 'Not subject to VAT', 'Not subject to VAT (VATEX-EU-O): Not subject to VAT'],
  ] as const)('%s: the line says the VAT treatment and the paper the legal reason', (kind, label, reason) => {
    const doc = invoicePrintDocument(sampleInvoice(kind))
    expect(doc.sections[0].kind === 'table' && doc.sections[0].rows[0][3]).toBe(label)
    expect(doc.sections.find((s) => s.heading === 'Why no VAT is charged')).toMatchObject({ paragraphs: [reason] })
  })

  it('prices a line for its base quantity when one unit would not come out in whole cents', () => {
    const invoice = sampleInvoice('domestic')
    invoice.lines[1] = { ...invoice.lines[1], priceMinor: 100_000, baseQuantity: '3', quantity: '3', lineExtensionMinor: 100_000 }
    const doc = invoicePrintDocument(invoice)
    expect(doc.sections[0].kind === 'table' && doc.sections[0].rows[1][2]).toBe('€1,000.00 / 3 pallets')
  })

  it.each(SAMPLE_KINDS)('%s: the PDF says every word of the paper', async (kind) => {
    const doc = invoicePrintDocument(sampleInvoice(kind))
    const text = pdfText(await renderPdf(doc))
    for (const word of wordsOf(doc).split('\n')) expect(text.toLowerCase(), word).toContain(word.replace(/\s+/g, ' ').toLowerCase())
  })
})
