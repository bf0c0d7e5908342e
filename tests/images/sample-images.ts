// Test images made on the spot with sharp, so no binary fixtures live in the repository.
import sharp from 'sharp'
import { crc32 } from 'node:zlib'

/**
 * A JPEG as a phone camera writes it: pixels stored sideways with EXIF orientation 6 ("rotate
 * 90° clockwise to view"), GPS coordinates and a copyright line. Stored left half red, right
 * half blue, so once turned upright the top is red and the bottom blue.
 */
export async function phoneJpeg(width = 1000, height = 600) {
  const half = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      if (x < width / 2) half[i] = 255
      else half[i + 2] = 255
    }
  }
  return sharp(half, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Copyright: 'Secret Camera Owner' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 20/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '18/1 4/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer()
}

export const png = (width = 800, height = 500) =>
  sharp({ create: { width, height, channels: 4, background: { r: 20, g: 160, b: 90, alpha: 0.5 } } }).png().toBuffer()

export const webp = (width = 700, height = 700) =>
  sharp({ create: { width, height, channels: 3, background: '#3366aa' } }).webp().toBuffer()

export const gif = () => sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } }).gif().toBuffer()

/**
 * A decompression bomb: a tiny PNG whose header declares `width`×`height` pixels. The pixel
 * data is that of a 64×64 image; a decoder trusting the header would allocate for the lot.
 */
export async function pngBomb(width = 20000, height = 20000) {
  const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).png().toBuffer()
  const bomb = Buffer.from(small)
  // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4) … crc(4), after the 8-byte signature.
  bomb.writeUInt32BE(width, 16)
  bomb.writeUInt32BE(height, 20)
  bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)) >>> 0, 29)
  return bomb
}

/** A real, valid bomb: 49 megapixels of black that compress to about 140 KB (about 1 s to make). */
export const realPngBomb = () =>
  sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#000' } }).png({ compressionLevel: 9 }).toBuffer()

/** True when the bytes carry an EXIF block at all (WebP: an "EXIF" chunk). */
export async function hasExif(bytes: Uint8Array) {
  const meta = await sharp(bytes).metadata()
  return Boolean(meta.exif) || Buffer.from(bytes).includes(Buffer.from('EXIF'))
}

/** The RGB colour of one pixel. */
export async function pixel(bytes: Uint8Array, x: number, y: number) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const i = (y * info.width + x) * info.channels
  return [data[i], data[i + 1], data[i + 2]]
}
