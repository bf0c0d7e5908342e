// The data the transfer note's views receive, shaped by ./present.ts.
import type { PrintDocument } from '../documents/print-document.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import type { When } from '../deals/deal-view.js'
import type { NoteSide } from './rules.js'

export type NoteFormName = 'packaging' | 'carrier' | 'sign'
export type NoteForm = { name: NoteFormName; values: FormValues; errors: FieldErrors }

export type NotePageView = {
  dealId: string
  dealNumber: number
  title: string
  /** "WTN-000042" */
  number: string
  role: NoteSide | 'admin'
  final: boolean
  status: { text: string; done: boolean }
  /** What the reader does next, in words. */
  next: string
  /** The note as it prints: parties, waste, collection, carrier, signatures. */
  doc: PrintDocument
  /** The seller's packaging form, while the note is open. */
  packaging: null | { value: string }
  /** The buyer's carrier form, while the note is open. */
  carrier: null | { kind: 'buyer' | 'haulier'; name: string; address: string; registration: string }
  /** The reader's signing form, with why it cannot be signed yet (the button is then left out). */
  sign: null | { side: NoteSide; sideLabel: string; refusal: string | null; name: string; again: boolean }
  /** Each side's standing signature, and whether a later change made it void in effect. */
  signatures: { side: string; name: string; role: string; at: When; outdated: string | null }[]
  history: { at: When; who: string; text: string }[]
  csrfToken: string
  /** A form sent back with its messages (the route sets it). */
  form?: NoteForm
}

/** The deal page's section: the note's number, where it stands, and the links. */
export type NoteSectionView = { dealId: string; number: string; status: string; done: boolean; next: string }
