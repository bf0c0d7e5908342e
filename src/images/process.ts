// Turns an uploaded file into the WebP variants a listing shows. Everything is decided by the
// bytes, never by the file name or the browser's content type: both are the uploader's to fake.
import sharp, { type Metadata } from 'sharp'

/** Widths stored for each photo: a result card or a 1x phone picks 400, a 2x phone 800 (360 CSS px × 2 = 720), a desktop 1280. */
export const PHOTO_WIDTHS = [400, 800, 1280] as const
export const MAX_PHOTO_WIDTH = PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1]
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024
/**
 * sharp's default limit (16383²) lets a 268-megapixel "decompression bomb" through: a PNG of a
 * few kilobytes that needs a gigabyte of memory to decode. 40 MP is above any phone camera.
 */
export const MAX_PHOTO_PIXELS = 40_000_000

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp'])

export const PHOTO_ERRORS = {
  empty: 'The file is empty. Please choose a photo.',
  tooBig: 'Photos can be at most 15 MB.',
  notImage: 'This file is not a JPEG, PNG or WebP image.',
  tooManyPixels: 'This image is too large: at most 40 megapixels.',
  unreadable: 'This image could not be read; the file may be damaged.',
} as const

export type PhotoVariant = { width: number; buffer: Buffer }
export type ProcessedPhoto = { width: number; height: number; variants: PhotoVariant[] }
export type PhotoResult = { ok: true; photo: ProcessedPhoto } | { ok: false; message: string }

/**
 * Widths to store for an image `width` pixels wide (after rotation): every standard width below
 * it, then the image itself capped at the largest, so nothing is ever upscaled and the srcset
 * descriptors tell the truth. A 200-px image keeps one variant of 200 px.
 */
export function variantWidths(width: number): number[] {
  const top = Math.min(width, MAX_PHOTO_WIDTH)
  return [...PHOTO_WIDTHS.filter((w) => w < top), top]
}

/**
 * Checks an upload and renders its variants. Refusals are values for the page to show; a
 * corrupt or hostile file is one of them, never an exception.
 */
export async function processPhoto(input: Uint8Array): Promise<PhotoResult> {
  if (input.byteLength === 0) return { ok: false, message: PHOTO_ERRORS.empty }
  if (input.byteLength > MAX_PHOTO_BYTES) return { ok: false, message: PHOTO_ERRORS.tooBig }

  // The header alone: cheap, and enough to refuse what is not a photo before decoding anything.
  let meta: Metadata
  try {
    // Reading the header decodes nothing, so no pixel limit here: the size is checked below
    // with a clear message (sharp's own limit would make it look like a non-image).
    meta = await sharp(input, { limitInputPixels: false }).metadata()
  } catch {
    return { ok: false, message: PHOTO_ERRORS.notImage }
  }
  // SVG, GIF, TIFF, HEIC… are readable by sharp but not accepted: SVG in particular can carry
  // script and external references, and the others are not what a listing needs.
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) return { ok: false, message: PHOTO_ERRORS.notImage }
  if (!meta.width || !meta.height) return { ok: false, message: PHOTO_ERRORS.unreadable }
  if (meta.width * meta.height > MAX_PHOTO_PIXELS) return { ok: false, message: PHOTO_ERRORS.tooManyPixels }

  // Dimensions as a person sees the photo: EXIF orientations 5–8 swap width and height.
  const width = meta.autoOrient?.width ?? meta.width
  const height = meta.autoOrient?.height ?? meta.height
  const widths = variantWidths(width)

  try {
    // Decode once (limitInputPixels guards the decoder too, in case the header lied), rotate
    // upright, shrink to the largest variant, and keep raw pixels; each smaller variant is made
    // from those instead of decoding the original again. Output drops all metadata (EXIF, GPS,
    // camera serials): sharp keeps none unless asked with withMetadata().
    const largest = widths[widths.length - 1]
    const { data, info } = await sharp(input, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: largest, withoutEnlargement: true })
      // 8 bits a channel whatever the input (a 16-bit PNG would otherwise come out as 16).
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    const raw = { width: info.width, height: info.height, channels: info.channels }
    const variants: PhotoVariant[] = []
    for (const w of widths) {
      const buffer = await sharp(data, { raw })
        .resize({ width: w, withoutEnlargement: true })
        .webp({ quality: 80, effort: 4 })
        .toBuffer()
      variants.push({ width: w, buffer })
    }
    return { ok: true, photo: { width, height, variants } }
  } catch (err) {
    const message = err instanceof Error ? err.message : ''
    if (/pixel limit/i.test(message)) return { ok: false, message: PHOTO_ERRORS.tooManyPixels }
    return { ok: false, message: PHOTO_ERRORS.unreadable }
  }
}
