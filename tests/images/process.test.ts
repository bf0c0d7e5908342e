import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { PHOTO_ERRORS, processPhoto, variantWidths } from '../../src/images/process.js'
import { gif, hasExif, phoneJpeg, pixel, png, pngBomb, realPngBomb, webp } from './sample-images.js'

describe('processPhoto', () => {
  it('turns a phone JPEG upright, drops EXIF and GPS, and makes WebP variants without upscaling', async () => {
    const input = await phoneJpeg(1000, 600)
    const before = await sharp(input).metadata()
    expect(before.orientation).toBe(6)
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true) // the GPS IFD pointer (0x8825, little-endian)

    const result = await processPhoto(input)
    if (!result.ok) throw new Error(result.message)
    // As a person sees it: 600 wide, 1000 high.
    expect(result.photo).toMatchObject({ width: 600, height: 1000 })
    expect(result.photo.variants.map((v) => v.width)).toEqual([400, 600])
    for (const v of result.photo.variants) {
      const meta = await sharp(v.buffer).metadata()
      expect(meta.format).toBe('webp')
      expect(meta.width).toBe(v.width)
      expect(meta.height).toBe(Math.round((v.width * 1000) / 600))
      expect(meta.orientation).toBeUndefined()
      expect(await hasExif(v.buffer)).toBe(false)
      expect(v.buffer.includes(Buffer.from('Secret Camera Owner'))).toBe(false)
    }
    // The pixels were turned, not just relabelled: the stored left (red) half is now on top.
    const largest = result.photo.variants[1].buffer
    const [r1, , b1] = await pixel(largest, 300, 50)
    const [r2, , b2] = await pixel(largest, 300, 950)
    expect(r1).toBeGreaterThan(200)
    expect(b1).toBeLessThan(60)
    expect(b2).toBeGreaterThan(200)
    expect(r2).toBeLessThan(60)
  })

  it('accepts PNG (keeping transparency) and WebP', async () => {
    const fromPng = await processPhoto(await png(800, 500))
    if (!fromPng.ok) throw new Error(fromPng.message)
    expect(fromPng.photo.variants.map((v) => v.width)).toEqual([400, 800])
    expect((await sharp(fromPng.photo.variants[0].buffer).metadata()).hasAlpha).toBe(true)

    const fromWebp = await processPhoto(await webp(2000, 1500))
    if (!fromWebp.ok) throw new Error(fromWebp.message)
    expect(fromWebp.photo).toMatchObject({ width: 2000, height: 1500 })
    expect(fromWebp.photo.variants.map((v) => v.width)).toEqual([400, 800, 1280])
    expect((await sharp(fromWebp.photo.variants[2].buffer).metadata()).height).toBe(960)
  })

  it('keeps one variant, at its own size, of an image narrower than the smallest width', async () => {
    const result = await processPhoto(await png(200, 100))
    if (!result.ok) throw new Error(result.message)
    expect(result.photo.variants.map((v) => v.width)).toEqual([200])
    expect(variantWidths(1280)).toEqual([400, 800, 1280])
    expect(variantWidths(5000)).toEqual([400, 800, 1280])
  })

  it('refuses by content, not name: text, GIF, SVG, empty and damaged files', async () => {
    expect(await processPhoto(Buffer.from('I am not a photo, only named like one.'))).toEqual({ ok: false, message: PHOTO_ERRORS.notImage })
    expect(await processPhoto(await gif())).toEqual({ ok: false, message: PHOTO_ERRORS.notImage })
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100"/></svg>')
    expect(await processPhoto(svg)).toEqual({ ok: false, message: PHOTO_ERRORS.notImage })
    expect(await processPhoto(new Uint8Array())).toEqual({ ok: false, message: PHOTO_ERRORS.empty })
    const jpeg = await phoneJpeg(800, 600)
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2))
    expect(await processPhoto(truncated)).toEqual({ ok: false, message: PHOTO_ERRORS.unreadable })
  })

  it('refuses files over 15 MB before looking inside', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024)
    ;(await phoneJpeg(100, 100)).copy(big)
    expect(await processPhoto(big)).toEqual({ ok: false, message: 'Photos can be at most 15 MB.' })
  })

  it('refuses decompression bombs: a forged header and a real 49-megapixel PNG', async () => {
    const forged = await pngBomb(20000, 20000)
    expect(forged.length).toBeLessThan(2000)
    expect(await processPhoto(forged)).toEqual({ ok: false, message: 'This image is too large: at most 40 megapixels.' })
    const real = await realPngBomb()
    expect(real.length).toBeLessThan(1024 * 1024)
    expect(await processPhoto(real)).toEqual({ ok: false, message: PHOTO_ERRORS.tooManyPixels })
  })
})
