// A printable document as a PDF, drawn on the server with pdfkit (no browser in production):
// A4, the standard Helvetica fonts, the title with its references beside it, the parties side
// by side, then each section; the small print and "Page n of m" at the foot of every page.
// The PDF's dates come from the document, never the clock, so a paper always gives the same bytes.
import PDFDocument from 'pdfkit'
import type { PrintDocument, PrintSection } from './print-document.js'
import { COLOURS, PAGE, bottomOf, contentWidth, drawHeading, headingHeight, measure, newPage, put, type Pdf } from './pdf-layout.js'
import { drawTable } from './pdf-table.js'
import { winAnsiText } from './pdf-text.js'

const BODY = 9.5
const SMALL = 7.5
const GAP = 16

export async function renderPdf(doc: PrintDocument): Promise<Uint8Array> {
  const created = paperDate(doc.date)
  const pdf = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    displayTitle: true,
    lang: 'en',
    // pdfkit derives the file's ID from these entries: a fixed date keeps it the same too.
    info: { Title: doc.title, Subject: doc.subtitle ?? doc.title, Creator: 'NordicLoop', Producer: 'NordicLoop (PDFKit)', CreationDate: created ?? new Date(0) },
  })
  // Without a date of its own the paper gets none: pdfkit still reads the entry while ending the
  // file, so it is hidden from the info dictionary rather than deleted.
  if (!created) Object.defineProperty(pdf.info, 'CreationDate', { enumerable: false })
  else pdf.info.ModDate = created
  const chunks: Buffer[] = []
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve)
    pdf.on('error', reject)
  })

  const footerHeight = measureFooter(pdf, doc.footer ?? [])
  pdf.addPage({ size: PAGE.size, margins: { top: PAGE.top, left: PAGE.side, right: PAGE.side, bottom: PAGE.foot + footerHeight + 12 } })
  let y = drawTitle(pdf, doc, pdf.page.margins.top)
  y = drawParties(pdf, doc.parties, y + GAP)
  for (const section of doc.sections) y = drawSection(pdf, section, y + GAP)
  drawFooters(pdf, doc.title, doc.footer ?? [], footerHeight)
  pdf.end()
  await done
  return new Uint8Array(Buffer.concat(chunks))
}

/** YYYY-MM-DD (read as midnight UTC) or an ISO instant; anything else gives no date rather than a wrong one. */
function paperDate(value: string | undefined): Date | null {
  if (!value) return null
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** The title (and subtitle) on the left; the number, dates and references on the right. */
function drawTitle(pdf: Pdf, doc: PrintDocument, top: number): number {
  const x0 = pdf.page.margins.left
  const width = contentWidth(pdf)
  const metaWidth = doc.meta.length ? 220 : 0
  const titleWidth = width - metaWidth - (metaWidth ? GAP : 0)
  let left = top + put(pdf, doc.title, x0, top, { width: titleWidth, size: 17, bold: true })
  if (doc.subtitle) left += 4 + put(pdf, doc.subtitle, x0, left + 4, { width: titleWidth, size: BODY, colour: COLOURS.muted })
  let right = top
  const labelWidth = 86
  for (const [label, value] of doc.meta) {
    const a = put(pdf, label, x0 + width - metaWidth, right + 0.5, { width: labelWidth - 6, size: 8, colour: COLOURS.muted })
    const b = put(pdf, value, x0 + width - metaWidth + labelWidth, right, { width: metaWidth - labelWidth, size: 9, bold: true })
    right += Math.max(a, b) + 3
  }
  const y = Math.max(left, right) + 10
  pdf.moveTo(x0, y).lineTo(x0 + width, y).lineWidth(0.8).strokeColor(COLOURS.muted).stroke()
  return y
}

/** Seller and buyer (or transferor, transferee and carrier) side by side, at most three to a row. */
function drawParties(pdf: Pdf, parties: PrintDocument['parties'], y: number): number {
  const perRow = parties.length === 3 ? 3 : 2
  for (let start = 0; start < parties.length; start += perRow) {
    const row = parties.slice(start, start + perRow)
    const width = (contentWidth(pdf) - GAP * (perRow - 1)) / perRow
    const heights = row.map((p) => measure(pdf, p.heading, { width, size: 8, bold: true }) + 3 + p.lines.reduce((h, line) => h + measure(pdf, line, { width, size: BODY }), 0))
    const height = Math.max(...heights)
    if (y + height > bottomOf(pdf)) y = newPage(pdf)
    row.forEach((party, i) => {
      const x = pdf.page.margins.left + i * (width + GAP)
      let at = y + put(pdf, party.heading.toUpperCase(), x, y, { width, size: 8, bold: true, colour: COLOURS.muted }) + 3
      party.lines.forEach((line, n) => { at += put(pdf, line, x, at, { width, size: BODY, bold: n === 0 }) })
    })
    y += height + 10
  }
  return y
}

function drawSection(pdf: Pdf, section: PrintSection, y: number): number {
  switch (section.kind) {
    case 'table': return drawTable(pdf, section, y)
    case 'facts': return drawFacts(pdf, section.heading, section.rows, y)
    case 'text': return drawText(pdf, section.heading, section.paragraphs, y)
    case 'signatures': return drawSignatures(pdf, section, y)
  }
}

/** Label and value pairs, the label in a narrow muted column. */
function drawFacts(pdf: Pdf, heading: string | undefined, rows: Array<[string, string]>, y: number): number {
  const x0 = pdf.page.margins.left
  const labelWidth = Math.round(contentWidth(pdf) * 0.32)
  const valueWidth = contentWidth(pdf) - labelWidth - 8
  const rowHeight = ([label, value]: [string, string]) => Math.max(measure(pdf, label, { width: labelWidth, size: 8.5 }), measure(pdf, value, { width: valueWidth, size: BODY })) + 4
  if (y + headingHeight(pdf, heading) + (rows[0] ? rowHeight(rows[0]) : 0) > bottomOf(pdf)) y = newPage(pdf)
  y = drawHeading(pdf, heading, y)
  for (const row of rows) {
    const height = rowHeight(row)
    if (y + height > bottomOf(pdf)) y = newPage(pdf)
    const page = pdf.page
    put(pdf, row[0], x0, y + 0.5, { width: labelWidth, size: 8.5, colour: COLOURS.muted })
    put(pdf, row[1], x0 + labelWidth + 8, y, { width: valueWidth, size: BODY })
    // A value longer than a page flows on by itself; the next row starts where it ended.
    y = pdf.page === page ? y + height : pdf.y + 4
  }
  return y
}

/** Paragraphs flow on to the next page by themselves (pdfkit breaks them at the bottom margin). */
function drawText(pdf: Pdf, heading: string | undefined, paragraphs: string[], y: number): number {
  const width = contentWidth(pdf)
  const first = paragraphs[0] ? Math.min(measure(pdf, paragraphs[0], { width, size: BODY }), 40) : 0
  if (y + headingHeight(pdf, heading) + first > bottomOf(pdf)) y = newPage(pdf)
  y = drawHeading(pdf, heading, y)
  pdf.font('Helvetica').fontSize(BODY).fillColor(COLOURS.text)
  for (const paragraph of paragraphs) {
    pdf.text(winAnsiText(paragraph), pdf.page.margins.left, y, { width, paragraphGap: 5 })
    y = pdf.y
  }
  return y
}

/** One box per signer: who signed and when, or an empty line to sign on paper. */
function drawSignatures(pdf: Pdf, section: Extract<PrintSection, { kind: 'signatures' }>, y: number): number {
  const perRow = Math.min(Math.max(section.signatures.length, 1), 3)
  const width = (contentWidth(pdf) - GAP * (perRow - 1)) / perRow
  const boxHeight = 74
  if (y + headingHeight(pdf, section.heading) + boxHeight > bottomOf(pdf)) y = newPage(pdf)
  y = drawHeading(pdf, section.heading, y)
  for (let start = 0; start < section.signatures.length; start += perRow) {
    if (y + boxHeight > bottomOf(pdf)) y = newPage(pdf)
    section.signatures.slice(start, start + perRow).forEach((s, i) => {
      const x = pdf.page.margins.left + i * (width + GAP)
      pdf.rect(x, y, width, boxHeight).lineWidth(0.6).strokeColor(COLOURS.rule).stroke()
      const inner = { width: width - 16 }
      put(pdf, s.role, x + 8, y + 7, { ...inner, size: 8, bold: true, colour: COLOURS.muted })
      if (s.name && s.signedAt) {
        put(pdf, s.name, x + 8, y + 26, { ...inner, size: 11, bold: true })
        put(pdf, `Signed ${s.signedAt}`, x + 8, y + 46, { ...inner, size: 8.5, colour: COLOURS.muted })
      } else {
        pdf.moveTo(x + 8, y + 48).lineTo(x + width - 8, y + 48).lineWidth(0.5).strokeColor(COLOURS.muted).stroke()
        put(pdf, s.name ? `${s.name}: not signed yet` : 'Not signed yet', x + 8, y + 53, { ...inner, size: 8.5, colour: COLOURS.muted })
      }
    })
    y += boxHeight + 8
  }
  return y
}

function footerText(lines: string[]): string {
  return winAnsiText(lines.join('\n'))
}

function measureFooter(pdf: Pdf, lines: string[]): number {
  const width = pdf.page ? contentWidth(pdf) : 595.28 - 2 * PAGE.side
  pdf.font('Helvetica').fontSize(SMALL)
  return (lines.length ? pdf.heightOfString(footerText(lines), { width }) + 4 : 0) + 12
}

/** The small print, the title and "Page n of m" at the foot of every page, once all pages exist. */
function drawFooters(pdf: Pdf, title: string, lines: string[], height: number) {
  const { start, count } = pdf.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i)
    const x0 = pdf.page.margins.left
    const width = contentWidth(pdf)
    const top = pdf.page.height - PAGE.foot - height
    const bottom = pdf.page.margins.bottom
    // Drawing below the bottom margin would make pdfkit start a new page.
    pdf.page.margins.bottom = 0
    pdf.moveTo(x0, top).lineTo(x0 + width, top).lineWidth(0.4).strokeColor(COLOURS.rule).stroke()
    let y = top + 4
    if (lines.length) {
      pdf.font('Helvetica').fontSize(SMALL).fillColor(COLOURS.muted)
      pdf.text(footerText(lines), x0, y, { width })
      y = pdf.y + 4
    }
    put(pdf, title, x0, y, { width: width - 90, size: SMALL, colour: COLOURS.muted })
    put(pdf, `Page ${i - start + 1} of ${count}`, x0 + width - 90, y, { width: 90, size: SMALL, colour: COLOURS.muted, align: 'right' })
    pdf.page.margins.bottom = bottom
  }
}
