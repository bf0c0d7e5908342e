// A table in the PDF: columns sized to their content, rows that wrap inside their cell, and a
// page break between rows that repeats the column headers (an accountant reading page 2 of
// the lines still sees which number is the VAT rate). Totals stay together under the table.
import type { PrintSection } from './print-document.js'
import { COLOURS, bottomOf, contentWidth, drawHeading, headingHeight, newPage, type Pdf } from './pdf-layout.js'
import { winAnsiText } from './pdf-text.js'

type Table = Extract<PrintSection, { kind: 'table' }>

const SIZE = 8.5
const PAD_X = 4
const PAD_Y = 3.5

/**
 * Column widths filling `width`: narrow columns (amounts, rates) keep the width their content
 * needs; when everything does not fit, the widest columns are capped at one common width and
 * wrap, so a long description gives way before a price does. Spare room goes to `grow`.
 */
export function fitColumns(natural: number[], width: number, grow = 0): number[] {
  const total = natural.reduce((a, b) => a + b, 0)
  if (total <= width) return natural.map((n, i) => (i === grow ? n + width - total : n))
  const sorted = [...natural].sort((a, b) => a - b)
  let used = 0
  for (let k = 0; k < sorted.length; k++) {
    const left = sorted.length - k
    if (used + left * sorted[k] >= width) {
      const cap = (width - used) / left
      return natural.map((n) => Math.min(n, cap))
    }
    used += sorted[k]
  }
  return natural
}

function textWidth(doc: Pdf, text: string, bold: boolean): number {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(SIZE)
  return Math.max(0, ...winAnsiText(text).split('\n').map((line) => doc.widthOfString(line)))
}

function cellHeight(doc: Pdf, text: string, width: number, bold: boolean): number {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(SIZE)
  return doc.heightOfString(winAnsiText(text) || ' ', { width: width - 2 * PAD_X }) + 2 * PAD_Y
}

/** Draws the table (with its heading) from `y`; returns where the next block may start. */
export function drawTable(doc: Pdf, table: Table, y: number): number {
  const x0 = doc.page.margins.left
  const width = contentWidth(doc)
  const cols = table.columns
  if (cols.length === 0) return drawHeading(doc, table.heading, y)
  const cell = (row: string[], i: number) => row[i] ?? ''
  const natural = cols.map((col, i) => Math.max(textWidth(doc, col.label, true), ...table.rows.map((r) => textWidth(doc, cell(r, i), false))) + 2 * PAD_X + 1)
  const grow = Math.max(0, cols.findIndex((c) => c.align !== 'right'))
  const widths = fitColumns(natural, width, grow)
  const xs = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0))
  const rowHeight = (row: string[], bold: boolean) => Math.max(...cols.map((_, i) => cellHeight(doc, cell(row, i), widths[i], bold)))
  const headerRow = cols.map((c) => c.label)
  const headerHeight = rowHeight(headerRow, true)

  const drawRow = (row: string[], top: number, height: number, bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(SIZE).fillColor(bold ? COLOURS.muted : COLOURS.text)
    cols.forEach((col, i) => {
      doc.text(winAnsiText(cell(row, i)), xs[i] + PAD_X, top + PAD_Y, { width: widths[i] - 2 * PAD_X, align: col.align ?? 'left' })
    })
    doc.moveTo(x0, top + height).lineTo(x0 + width, top + height).lineWidth(bold ? 0.8 : 0.4).strokeColor(bold ? COLOURS.muted : COLOURS.rule).stroke()
  }
  const drawHeader = (top: number) => {
    doc.rect(x0, top, width, headerHeight).fillColor(COLOURS.shade).fill()
    drawRow(headerRow, top, headerHeight, true)
    return top + headerHeight
  }

  const firstRow = table.rows[0] ? rowHeight(table.rows[0], false) : 0
  if (y + headingHeight(doc, table.heading) + headerHeight + firstRow > bottomOf(doc)) y = newPage(doc)
  y = drawHeading(doc, table.heading, y)
  y = drawHeader(y)
  const pageCapacity = bottomOf(doc) - doc.page.margins.top - headerHeight - headingHeight(doc, table.heading)
  for (const row of table.rows) {
    const height = rowHeight(row, false)
    if (height > pageCapacity) {
      y = drawTallRow(doc, cols.map((c) => c.label), row, y)
      continue
    }
    if (y + height > bottomOf(doc)) {
      y = newPage(doc)
      if (table.heading) y = drawHeading(doc, `${table.heading} (continued)`, y)
      y = drawHeader(y)
    }
    drawRow(row, y, height, false)
    y += height
  }
  return table.totals?.length ? drawTotals(doc, table.totals, y + 4, widths.at(-1) ?? 0) : y
}

/**
 * A row taller than a page (a description of thousands of words) cannot stay side by side:
 * its cells follow one another at full width, each after its column's name, and flow over
 * as many pages as they need. Nothing is cut.
 */
function drawTallRow(doc: Pdf, labels: string[], row: string[], y: number): number {
  doc.x = doc.page.margins.left
  doc.y = y + PAD_Y
  labels.forEach((label, i) => {
    doc.font('Helvetica-Bold').fontSize(SIZE).fillColor(COLOURS.muted).text(winAnsiText(label), { width: contentWidth(doc) })
    doc.font('Helvetica').fontSize(SIZE).fillColor(COLOURS.text).text(winAnsiText(row[i] ?? ''), { width: contentWidth(doc), paragraphGap: 3 })
  })
  const end = doc.y + PAD_Y
  doc.moveTo(doc.page.margins.left, end).lineTo(doc.page.margins.left + contentWidth(doc), end).lineWidth(0.4).strokeColor(COLOURS.rule).stroke()
  return end
}

/** Label and amount lines, right-aligned under the last column; the last line is the strongest. */
function drawTotals(doc: Pdf, totals: Array<[string, string]>, y: number, lastColumn: number): number {
  const right = doc.page.margins.left + contentWidth(doc)
  const valueWidth = Math.max(lastColumn, ...totals.map(([, v]) => textWidth(doc, v, true) + 2 * PAD_X + 1))
  const labelWidth = Math.min(contentWidth(doc) - valueWidth, 240)
  const lineHeight = (label: string, value: string, strong: boolean) =>
    Math.max(cellHeight(doc, label, labelWidth, strong), cellHeight(doc, value, valueWidth, strong)) + (strong ? 3 : 0)
  const heights = totals.map(([l, v], i) => lineHeight(l, v, i === totals.length - 1))
  if (y + heights.reduce((a, b) => a + b, 0) > bottomOf(doc)) y = newPage(doc)
  totals.forEach(([label, value], i) => {
    const strong = i === totals.length - 1
    if (strong) {
      doc.moveTo(right - labelWidth - valueWidth, y).lineTo(right, y).lineWidth(0.8).strokeColor(COLOURS.muted).stroke()
      y += 3
    }
    doc.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(SIZE).fillColor(COLOURS.text)
    doc.text(winAnsiText(label), right - labelWidth - valueWidth + PAD_X, y + PAD_Y, { width: labelWidth - 2 * PAD_X, align: 'right' })
    doc.text(winAnsiText(value), right - valueWidth + PAD_X, y + PAD_Y, { width: valueWidth - 2 * PAD_X, align: 'right' })
    y += heights[i] - (strong ? 3 : 0)
  })
  return y
}
