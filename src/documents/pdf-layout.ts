// The page geometry and the few drawing helpers every block of the PDF shares.
import type PDFDocument from 'pdfkit'
import { winAnsiText } from './pdf-text.js'

export type Pdf = InstanceType<typeof PDFDocument>

export const COLOURS = { text: '#111111', muted: '#555555', rule: '#bbbbbb', shade: '#eeeeee' }

/** A4 in points, with margins wide enough for a ring binder and any office printer. */
export const PAGE = { size: 'A4', side: 48, top: 48, foot: 28 } as const

export const contentWidth = (doc: Pdf) => doc.page.width - doc.page.margins.left - doc.page.margins.right

/** The lowest point a block may reach: the footer owns what lies below. */
export const bottomOf = (doc: Pdf) => doc.page.height - doc.page.margins.bottom

/** Starts a page like the others (same size and margins, so the footer fits); returns its top. */
export function newPage(doc: Pdf): number {
  doc.addPage({ size: PAGE.size, margins: { ...doc.page.margins } })
  return doc.page.margins.top
}

export function headingHeight(doc: Pdf, heading: string | undefined): number {
  if (!heading) return 0
  doc.font('Helvetica-Bold').fontSize(11)
  return doc.heightOfString(winAnsiText(heading), { width: contentWidth(doc) }) + 5
}

/** A section heading at `y`; returns where the section's body starts. */
export function drawHeading(doc: Pdf, heading: string | undefined, y: number): number {
  if (!heading) return y
  doc.font('Helvetica-Bold').fontSize(11).fillColor(COLOURS.text)
  doc.text(winAnsiText(heading), doc.page.margins.left, y, { width: contentWidth(doc) })
  return y + headingHeight(doc, heading)
}

/** Text at a place, always brought into the standard fonts' encoding first. */
export function put(doc: Pdf, text: string, x: number, y: number, opts: { width: number; size: number; bold?: boolean; colour?: string; align?: 'left' | 'right' }): number {
  doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(opts.size).fillColor(opts.colour ?? COLOURS.text)
  const safe = winAnsiText(text)
  doc.text(safe, x, y, { width: opts.width, align: opts.align ?? 'left' })
  return doc.heightOfString(safe || ' ', { width: opts.width })
}

/** How tall `put` would draw the same text. */
export function measure(doc: Pdf, text: string, opts: { width: number; size: number; bold?: boolean }): number {
  doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(opts.size)
  return doc.heightOfString(winAnsiText(text) || ' ', { width: opts.width })
}
