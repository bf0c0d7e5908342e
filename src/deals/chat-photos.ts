// A photo sent in a deal's chat: checked and rendered by the listing photos' pipeline
// (images/process.ts: JPEG, PNG or WebP by content, 15 MB, 40 MP, upright, metadata stripped,
// WebP variants), stored under its own prefix and served only through the chat's photo route,
// which checks the reader is in the deal. It is never reachable under /media: that route only
// builds keys under photos/.
import { randomUUID } from 'node:crypto'
import type { Logger } from '../lib/logger.js'
import { processPhoto } from '../images/process.js'
import type { PhotoStorage } from '../images/storage.js'
import type { ChatPhoto } from './chat.js'

export const chatPhotoKey = (dealId: string, photoId: string, width: number) => `deal-chat/${dealId}/${photoId}/${width}.webp`

export const chatPhotoUrl = (dealId: string, photoId: string, width: number) => `/deals/${dealId}/messages/photos/${photoId}/${width}.webp`

export const STORAGE_DOWN = 'The photo cannot be saved right now. Please try again in a moment.'

export type StoredChatPhoto = { ok: true; photo: ChatPhoto; remove: () => Promise<void> } | { ok: false; status: 422 | 503; message: string }

/**
 * Checks an upload and stores its variants. A file that is not a usable photo is a refusal to
 * show, never an exception; `remove` takes the files away again if the message is then not saved.
 */
export async function storeChatPhoto(storage: PhotoStorage, dealId: string, bytes: Uint8Array, log: Logger): Promise<StoredChatPhoto> {
  const result = await processPhoto(bytes)
  if (!result.ok) return { ok: false, status: 422, message: result.message }
  const id = randomUUID()
  const keys = result.photo.variants.map((v) => chatPhotoKey(dealId, id, v.width))
  const remove = () => storage.delete(keys).catch((err: Error) => log.warn('chat photo cleanup failed', { keys, error: err.message }))
  try {
    for (const v of result.photo.variants) await storage.put(chatPhotoKey(dealId, id, v.width), v.buffer, 'image/webp')
  } catch (err) {
    log.error('chat photo storage failed', { dealId, error: (err as Error).message })
    await remove()
    return { ok: false, status: 503, message: STORAGE_DOWN }
  }
  return { ok: true, photo: { id, width: result.photo.width, height: result.photo.height, variants: result.photo.variants.map((v) => v.width) }, remove }
}
