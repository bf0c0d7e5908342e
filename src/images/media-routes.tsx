import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { UUID_PATTERN } from '../lib/ids.js'
import { MAX_PHOTO_WIDTH } from './process.js'
import { photoKey } from './storage.js'

// A width as stored: a whole number written without leading zeros, at most the largest variant
// (the standard widths, or the original's own width when it is narrower).
const FILE = /^([1-9]\d{0,3})\.webp$/

// Mounted before the session and CSRF middleware: images need neither, and skipping them
// keeps a page with eight photos from costing eight session lookups.
export const mediaRoutes = new Hono<AppEnv>()
  .get(`/photos/:photoId{${UUID_PATTERN}}/:file`, async (c) => {
    const photoId = c.req.param('photoId').toLowerCase()
    const match = FILE.exec(c.req.param('file'))
    const width = match ? Number(match[1]) : 0
    // Malformed ids and widths never reach the storage: 404 straight away.
    if (!match || width > MAX_PHOTO_WIDTH) return c.notFound()
    let object
    try {
      object = await c.var.storage.get(photoKey(photoId.toLowerCase(), width))
    } catch (err) {
      c.var.log.error('photo storage unavailable', { photoId, width, error: (err as Error).message })
      return c.text('Photo temporarily unavailable.', 503, { 'Retry-After': '5' })
    }
    if (!object) return c.notFound()
    // A photo id is never reused and a stored variant never changes, so browsers and any CDN
    // may keep it for a year without asking again.
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    c.header('Content-Type', 'image/webp')
    if (object.size !== undefined) c.header('Content-Length', String(object.size))
    return c.body(object.body, 200)
  })
