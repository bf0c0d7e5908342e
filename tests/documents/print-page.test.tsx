import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { PrintDocument } from '../../src/documents/print-document.js'
import { assetRoutes } from '../../src/web/assets.js'
import { securityHeaders } from '../../src/web/security-headers.js'
import { PrintPage } from '../../views/documents/print-page.js'

const doc: PrintDocument = {
  title: 'Credit note VP-2026-0008',
  subtitle: 'Issued by NordicLoop on behalf of Vänerpack Återvinning AB',
  date: '2026-12-02',
  meta: [['Credit note number', 'VP-2026-0008'], ['Corrects invoice', 'VP-2026-0007 of 2026-11-30']],
  parties: [
    { heading: 'Seller', lines: ['Vänerpack Återvinning AB', 'Hamngatan 4', 'VAT SE556812345601'] },
    { heading: 'Buyer', lines: ['Müller & Söhne <Schrott> GmbH', 'Straße des 17. Juni 5', 'VAT DE123456789'] },
  ],
  sections: [
    {
      kind: 'table', heading: 'Lines',
      columns: [{ label: 'Description' }, { label: 'Quantity', align: 'right' }, { label: 'Net', align: 'right' }],
      rows: [['Blandat järnskrot', '12.5 t', '-€1,250.00'], ['Short row']],
      totals: [['Net', '-€1,250.00'], ['Amount due', '-€1,250.00']],
    },
    { kind: 'facts', heading: 'Payment', rows: [['IBAN', 'SE45 5000 0000 0583 9825 7466']] },
    { kind: 'text', heading: 'Notes', paragraphs: ['Reverse charge: "the buyer accounts for the VAT".'] },
    { kind: 'signatures', heading: 'Signatures', signatures: [{ role: 'Transferor', name: 'Åsa Öberg', signedAt: '2 Dec 2026, 14:05' }, { role: 'Transferee', name: null, signedAt: null }] },
  ],
  footer: ['NordicLoop AB · Sveavägen 1'],
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

async function html(props: Parameters<typeof PrintPage>[0]): Promise<string> {
  return String(await (<PrintPage {...props} />).toString())
}

describe('the print page', () => {
  it('is a complete page of its own with every label and value, escaped', async () => {
    const page = await html({ doc })
    expect(page.startsWith('<!doctype html><html lang="en">')).toBe(true)
    expect(page).toContain('<title>Credit note VP-2026-0008 · NordicLoop</title>')
    const texts = [
      doc.title, doc.subtitle!, ...doc.meta.flat(), ...doc.parties.flatMap((p) => [p.heading, ...p.lines]),
      'Lines', 'Description', 'Quantity', 'Net', 'Blandat järnskrot', '12.5 t', '-€1,250.00', 'Short row', 'Amount due',
      'Payment', 'IBAN', 'SE45 5000 0000 0583 9825 7466', 'Notes', 'Reverse charge: "the buyer accounts for the VAT".',
      'Transferor', 'Åsa Öberg', 'Signed 2 Dec 2026, 14:05', 'Transferee', 'Not signed yet', 'NordicLoop AB · Sveavägen 1',
    ]
    for (const text of texts) expect(page, text).toMatch(new RegExp(`>[^<]*${escape(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    expect(page).not.toContain('<Schrott>')
    // Each cell says its column, for the phone layout; a short row is filled out.
    expect(page).toContain('<td class="num" data-label="Quantity">12.5 t</td>')
    expect(page).toMatch(/<td data-label="Description">Short row<\/td><td class="num" data-label="Quantity"><\/td>/)
    expect(page).toContain('<tr class="grand"><th scope="row" colspan="2">Amount due</th>')
  })

  it('loads one same-origin stylesheet and no script, style or app chrome', async () => {
    const page = await html({ doc, actions: <ul><li><a href="/deals/1">Back to the deal</a></li><li><a href="/x.pdf">Download PDF</a></li></ul> })
    expect(page.match(/<link rel="stylesheet" href="[^"]+"/g)).toEqual([expect.stringMatching(/href="\/assets\/print-[0-9a-f]{12}\.css"/)])
    expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i)
    expect(page).not.toContain('site-header')
    expect(page).toContain('<nav class="print-actions" aria-label="This document"><ul><li><a href="/deals/1">Back to the deal</a>')
    expect(await html({ doc })).not.toContain('print-actions')
  })

  it('is served by the app under the CSP: the stylesheet is a same-origin asset', async () => {
    const app = new Hono().use(securityHeaders()).route('/', assetRoutes).get('/paper', (c) => c.html(<PrintPage doc={doc} />))
    const res = await app.request('/paper')
    expect(res.headers.get('content-security-policy')).toMatch(/style-src 'self'/)
    const href = /href="(\/assets\/print-[^"]+)"/.exec(await res.text())![1]
    const css = await app.request(href)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
    expect(await css.text()).toBe(readFileSync(new URL('../../public/print.css', import.meta.url), 'utf8'))
  })

  it('prints on A4 without the on-screen links', () => {
    const css = readFileSync(new URL('../../public/print.css', import.meta.url), 'utf8')
    expect(css).toMatch(/@page\s*{[^}]*size:\s*A4/)
    expect(css).toMatch(/@media print\s*{[\s\S]*\.print-actions\s*{\s*display:\s*none/)
  })
})
