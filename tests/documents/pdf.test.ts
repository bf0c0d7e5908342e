import { describe, expect, it } from 'vitest'
import { renderPdf } from '../../src/documents/pdf.js'
import type { PrintDocument } from '../../src/documents/print-document.js'
import { winAnsiText } from '../../src/documents/pdf-text.js'
import { pdfPageCount, pdfPageTexts, pdfText } from './pdf-reading.js'

const NORDIC = 'åäöÅÄÖøØæÆüÜßéÉ€'

/** A paper with every kind of section, Nordic letters everywhere, and `lines` rows in its table. */
function paper(lines: number, over: Partial<PrintDocument> = {}): PrintDocument {
  return {
    title: 'Invoice VP-2026-0007',
    subtitle: 'Issued by NordicLoop on behalf of Vänerpack Återvinning AB',
    date: '2026-12-02',
    meta: [['Invoice number', 'VP-2026-0007'], ['Issue date', '2026-12-02'], ['Due date', '2027-01-01'], ['Reference', 'Beställning Nr 5 – Göteborg']],
    parties: [
      { heading: 'Seller', lines: ['Vänerpack Återvinning AB', 'Hamngatan 4', '652 25 Karlstad', 'Sweden', 'VAT SE556812345601'] },
      { heading: 'Buyer', lines: ['Müller Schrott GmbH & Co. KG', 'Straße des 17. Juni 5', '10623 Berlin', 'Germany', 'VAT DE123456789'] },
    ],
    sections: [
      {
        kind: 'table',
        heading: 'Lines',
        columns: [{ label: 'Description' }, { label: 'Quantity', align: 'right' }, { label: 'Unit price', align: 'right' }, { label: 'VAT', align: 'right' }, { label: 'Net', align: 'right' }],
        rows: Array.from({ length: lines }, (_, i) => [`Line ${i + 1}: Blandat järnskrot, sorterat på plats i Västerås`, `${i + 1} t`, '€125.50', '25%', `€${(i + 1) * 125}.50`]),
        totals: [['Net', '€12,550.00'], ['VAT 25%', '€3,137.50'], ['Amount due', '€15,687.50']],
      },
      { kind: 'facts', heading: 'Payment', rows: [['IBAN', 'SE45 5000 0000 0583 9825 7466'], ['Reference', 'RF18 5390 0754 7034'], ['Account holder', 'Æbeltoft Ørsted ApS']] },
      { kind: 'text', heading: 'Notes', paragraphs: ['Omvänd betalningsskyldighet: the buyer accounts for the VAT (reverse charge, Article 196 of Council Directive 2006/112/EC).', `Letters: ${NORDIC}`] },
      { kind: 'signatures', heading: 'Signatures', signatures: [{ role: 'Transferor', name: 'Åsa Öberg', signedAt: '2 Dec 2026, 14:05 CET' }, { role: 'Transferee', name: null, signedAt: null }] },
    ],
    footer: ['NordicLoop AB · Sveavägen 1 · 111 57 Stockholm · VAT SE559900000101', 'Köpvillkor: betalning inom 30 dagar.'],
    ...over,
  }
}

/** Every piece of text a reader must find in the PDF. */
function everyText(doc: PrintDocument): string[] {
  return [
    doc.title, doc.subtitle ?? '', ...doc.meta.flat(), ...doc.parties.flatMap((p) => [p.heading.toUpperCase(), ...p.lines]),
    ...doc.sections.flatMap((s) => {
      switch (s.kind) {
        case 'table': return [s.heading ?? '', ...s.columns.map((c) => c.label), ...s.rows.flat(), ...(s.totals ?? []).flat()]
        case 'facts': return [s.heading ?? '', ...s.rows.flat()]
        case 'text': return [s.heading ?? '', ...s.paragraphs]
        case 'signatures': return [s.heading ?? '', ...s.signatures.flatMap((g) => [g.role, g.name ?? '', g.signedAt ?? ''])]
      }
    }),
    ...(doc.footer ?? []),
  ].filter(Boolean)
}

describe('the PDF of a printable document', () => {
  it('is a PDF whose text holds every label and value, Nordic and German letters and € included', async () => {
    const doc = paper(3)
    const bytes = await renderPdf(doc)
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(Buffer.from(bytes.subarray(-6)).toString('latin1')).toMatch(/%%EOF\n?$/)
    const text = pdfText(bytes)
    for (const piece of everyText(doc)) expect(text, piece).toContain(piece.replace(/\s+/g, ' '))
    expect(text).toContain(NORDIC)
    expect(text).toContain('Page 1 of 1')
    expect(pdfPageCount(bytes)).toBe(1)
  })

  it('breaks a long table across pages, repeating the column headers, with the footer and "Page n of m" on every page', async () => {
    const rows = 160
    const bytes = await renderPdf(paper(rows))
    const pages = pdfPageTexts(bytes)
    expect(pages.length).toBe(pdfPageCount(bytes))
    expect(pages.length).toBeGreaterThanOrEqual(4)
    const text = pdfText(bytes)
    // Every row once, in order.
    const seen = [...text.matchAll(/Line (\d+): /g)].map((m) => Number(m[1]))
    expect(seen).toEqual(Array.from({ length: rows }, (_, i) => i + 1))
    const perPage = pages.map((p) => (p.match(/Line \d+: /g) ?? []).length)
    pages.forEach((page, i) => {
      const flat = page.replace(/\s+/g, ' ')
      expect(flat, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`)
      expect(flat, `page ${i + 1}`).toContain('NordicLoop AB · Sveavägen 1')
      if (perPage[i] > 0) expect(flat, `page ${i + 1}`).toMatch(/Description Quantity Unit price VAT Net/)
      if (i > 0 && perPage[i] > 0) expect(flat).toContain('Lines (continued)')
    })
    // Full pages carry the same number of rows: no page is left half empty before the last.
    const withRows = perPage.filter((n) => n > 0)
    const middle = withRows.slice(1, -1)
    expect(middle.length).toBeGreaterThanOrEqual(2)
    expect(new Set(middle).size).toBe(1)
    expect(withRows[0]).toBeLessThan(middle[0])
    expect(withRows.at(-1)).toBeLessThanOrEqual(middle[0])
  })

  it('gives the same bytes for the same paper, dated by the paper and not the clock', async () => {
    const a = await renderPdf(paper(40))
    await new Promise((r) => setTimeout(r, 1100))
    const b = await renderPdf(paper(40))
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    const raw = Buffer.from(a).toString('latin1')
    // pdfkit writes each info entry as its own object: (D:…) is the creation and modification date.
    expect(raw).toContain('/CreationDate ')
    expect(raw.match(/\(D:20261202000000Z\)/g)).toHaveLength(2)
    expect(raw).toContain('(Invoice VP-2026-0007)')
    const later = await renderPdf(paper(40, { date: '2026-12-03T09:30:00Z' }))
    expect(Buffer.from(later).toString('latin1')).toContain('(D:20261203093000Z)')
    const undated = Buffer.from(await renderPdf(paper(1, { date: undefined }))).toString('latin1')
    expect(undated).not.toContain('/CreationDate')
    expect(undated).not.toContain('(D:')
  })

  it('draws a paper with no meta, no footer, empty sections and three parties', async () => {
    const doc: PrintDocument = {
      title: 'Waste transfer note WTN-000042',
      meta: [],
      parties: [{ heading: 'Transferor', lines: ['Ålö Metall Oy'] }, { heading: 'Transferee', lines: ['Øresund Genbrug A/S'] }, { heading: 'Carrier', lines: ['The transferee'] }],
      sections: [
        { kind: 'table', columns: [{ label: 'Code' }], rows: [] },
        { kind: 'facts', rows: [] },
        { kind: 'text', paragraphs: [] },
        { kind: 'signatures', signatures: [] },
      ],
    }
    const text = pdfText(await renderPdf(doc))
    for (const piece of ['Waste transfer note WTN-000042', 'Ålö Metall Oy', 'Øresund Genbrug A/S', 'CARRIER', 'Page 1 of 1']) expect(text).toContain(piece)
  })

  it('wraps an endless word and a long paragraph without losing text', async () => {
    const long = 'Återvinningscentralen'.repeat(20)
    const paragraph = Array.from({ length: 400 }, (_, i) => `ord${i}`).join(' ')
    const doc = paper(2, { sections: [{ kind: 'table', columns: [{ label: 'A' }, { label: 'B', align: 'right' }], rows: [[long, '1']] }, { kind: 'text', paragraphs: [paragraph] }] })
    const bytes = await renderPdf(doc)
    const text = pdfText(bytes).replace(/ /g, '')
    expect(text).toContain(long)
    expect(text).toContain(paragraph.replace(/ /g, ''))
  })
  it('keeps every word of a table row or a fact longer than a page', async () => {
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`)
    const doc = paper(0, { sections: [
      { kind: 'table', columns: [], rows: [] },
      { kind: 'table', heading: 'Lines', columns: [{ label: 'Description' }, { label: 'Net', align: 'right' }], rows: [['first', '€1.00'], [words.join(' '), '€2.00'], ['last', '€3.00']] },
      { kind: 'facts', heading: 'Facts', rows: [['Long', words.join(' ')], ['After', 'the end']] },
    ] })
    const bytes = await renderPdf(doc)
    const seen = pdfText(bytes).split(' ')
    for (const w of words) expect(seen.filter((s) => s === w), w).toHaveLength(2)
    const text = pdfText(bytes)
    for (const piece of ['first', '€1.00', '€2.00', 'last', '€3.00', 'After the end']) expect(text).toContain(piece)
    expect(text.indexOf('first')).toBeLessThan(text.indexOf('w0 '))
    expect(text.indexOf('w1499')).toBeLessThan(text.indexOf('last'))
  })
})

describe('text for the standard fonts', () => {
  it('keeps what WinAnsi has and spells the rest without accents', () => {
    expect(winAnsiText(`${NORDIC} Œ Š Ž – — “ ” ‘ ’ • … ™`)).toBe(`${NORDIC} Œ Š Ž – — “ ” ‘ ’ • … ™`)
    expect(winAnsiText('Łódź Recykling Sp. z o.o.')).toBe('Lódz Recykling Sp. z o.o.')
    expect(winAnsiText('Čistá Ēnerģija · Ķekava')).toBe('Cistá Energija · Kekava')
    expect(winAnsiText('1\u202f250,00\u00a0€ − 5 → 6')).toBe('1 250,00\u00a0€ - 5 -> 6')
    expect(winAnsiText('a\u0308')).toBe('ä')
    expect(winAnsiText('再生 🙂\tx\u0007y')).toBe('?? ? x y')
  })
})
