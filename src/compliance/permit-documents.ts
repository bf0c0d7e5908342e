// The scanned waste permit a company uploads. Decided by the bytes, never by the file name or
// the browser's content type: a PDF is kept as it is (it starts with "%PDF-"), a photo or scan
// goes through the listing photos' pipeline (JPEG, PNG or WebP; upright; metadata such as GPS
// stripped; re-encoded as WebP at its largest width). Stored privately under permits/…: the
// /media route only builds keys under photos/, so nothing here is ever reachable there.
import { MAX_PHOTO_BYTES, processPhoto } from '../images/process.js'
import type { PhotoStorage } from '../images/storage.js'

export const MAX_PERMIT_BYTES = MAX_PHOTO_BYTES

export type PermitContentType = 'application/pdf' | 'image/webp'
export type PermitDocument = { bytes: Uint8Array; contentType: PermitContentType }

export const PERMIT_DOCUMENT_ERRORS = {
  missing: 'Choose the scanned permit: a PDF, or a photo or scan as JPEG, PNG or WebP.',
  tooBig: 'The document can be at most 15 MB.',
  notAccepted: 'This file is not a PDF, JPEG, PNG or WebP. Scan or save the permit as one of those.',
} as const

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d] // "%PDF-"

export const isPdf = (bytes: Uint8Array) => bytes.byteLength > PDF_MAGIC.length && PDF_MAGIC.every((b, i) => bytes[i] === b)

/** Checks an upload; a file that is not an accepted document is a message to show, never an exception. */
export async function readPermitDocument(bytes: Uint8Array): Promise<{ ok: true; document: PermitDocument } | { ok: false; message: string }> {
  if (bytes.byteLength === 0) return { ok: false, message: PERMIT_DOCUMENT_ERRORS.missing }
  if (bytes.byteLength > MAX_PERMIT_BYTES) return { ok: false, message: PERMIT_DOCUMENT_ERRORS.tooBig }
  if (isPdf(bytes)) return { ok: true, document: { bytes, contentType: 'application/pdf' } }
  const photo = await processPhoto(bytes)
  if (!photo.ok) {
    // The pipeline's own words for a damaged or huge image; anything else is simply not accepted.
    return { ok: false, message: /damaged|megapixels/.test(photo.message) ? photo.message : PERMIT_DOCUMENT_ERRORS.notAccepted }
  }
  const largest = photo.photo.variants[photo.photo.variants.length - 1]
  return { ok: true, document: { bytes: largest.buffer, contentType: 'image/webp' } }
}

export const permitDocumentKey = (companyId: string, permitId: string, contentType: PermitContentType) =>
  `permits/${companyId}/${permitId}/document.${contentType === 'application/pdf' ? 'pdf' : 'webp'}`

/** The address the document is read at: a route that checks the reader, never /media. */
export const permitDocumentUrl = (permitId: string) => `/permits/${permitId}/document`

export async function storePermitDocument(storage: PhotoStorage, key: string, document: PermitDocument): Promise<void> {
  await storage.put(key, document.bytes, document.contentType)
}
