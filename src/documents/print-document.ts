// A printable business paper (an invoice, a credit note, a waste transfer note) as plain data.
// Each kind of paper is turned into this one shape once; the print page (HTML, A4 print CSS,
// views/documents/) and the PDF (src/documents/pdf.ts, pdfkit on the server) both draw it,
// so the two can never say different things.

export type PrintDocument = {
  /** The heading, e.g. "Invoice VP-2026-0001" or "Waste transfer note WTN-000042". */
  title: string
  /** One line under the title, e.g. "Issued by NordicLoop on behalf of Vänerpack AB". */
  subtitle?: string
  /** Number, dates, references: short label and value pairs beside the title. */
  meta: Array<[label: string, value: string]>
  /** The parties side by side (seller and buyer; transferor and transferee), each a heading and its lines. */
  parties: Array<{ heading: string; lines: string[] }>
  sections: PrintSection[]
  /** Small print at the foot of every page (legal notes, who issued it). */
  footer?: string[]
  /**
   * The paper's own date (YYYY-MM-DD or an ISO instant, e.g. the issue date): the PDF's creation
   * date, never the clock at rendering, so the same paper always gives the same bytes. Without
   * it the PDF carries no creation date.
   */
  date?: string
  /** 'compact': smaller type and tighter tables when printed, for a paper that must fit one page (the impact summary). */
  density?: 'compact'
}

export type PrintSection =
  | {
      kind: 'table'
      heading?: string
      columns: Array<{ label: string; align?: 'left' | 'right' }>
      rows: string[][]
      /** Label and value lines under the table, right-aligned (net, VAT, total). The last one is the strongest. */
      totals?: Array<[label: string, value: string]>
    }
  | { kind: 'facts'; heading?: string; rows: Array<[label: string, value: string]> }
  | { kind: 'text'; heading?: string; paragraphs: string[] }
  | {
      kind: 'signatures'
      heading?: string
      /** One box per signer; an unsigned box shows an empty line. */
      signatures: Array<{ role: string; name: string | null; signedAt: string | null }>
    }
