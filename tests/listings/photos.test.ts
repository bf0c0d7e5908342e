import { afterAll, describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { hasExif, phoneJpeg, png, pngBomb, webp } from '../images/sample-images.js'
import { uploadPhotos } from '../images/upload.js'

const uploadDir = await mkdtemp(join(tmpdir(), 'nordicloop-photos-'))
afterAll(() => rm(uploadDir, { recursive: true, force: true }))
const { app, db } = await createTestApp({ config: { UPLOAD_DIR: uploadDir } })

async function storedFiles() {
  const entries = await readdir(uploadDir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(uploadDir.length + 1)).sort()
}

async function seller() {
  const company = await createTestCompany(db, { status: 'approved' })
  return { company, browser: await logInAs(app, company.owner) }
}

async function draftOf(companyId: string, overrides: Parameters<typeof createTestListing>[2] = {}) {
  return createTestListing(db, companyId, { status: 'draft', published_at: null, submitted_at: null, ...overrides })
}

const photosOf = (listingId: string) =>
  db.selectFrom('listing_photos').selectAll().where('listing_id', '=', listingId).orderBy('position').execute()

const small = (n: number) => png(400 + n, 300)

describe('the photos page', () => {
  it('greets a seller coming from the new-listing form and offers a multipart upload form', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const res = await browser.get(`/listings/${id}/photos?saved=1`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Saved as a draft. Only your company sees it. Add photos next')
    expect(html).toContain(`href="/listings/${id}"`)
    expect(html).toContain(`href="/listings/${id}/review"`) // the next step: the summary to send from
    expect(html).toContain('enctype="multipart/form-data"')
    expect(html).toMatch(/<input[^>]*type="file"[^>]*name="photo"[^>]*accept="image\/jpeg,image\/png,image\/webp"[^>]*multiple/)
    expect(html).toContain('No photos yet.')
  })

  it('is 404 for another company and for unknown ids, and sends visitors to log in', async () => {
    const owner = await seller()
    const other = await seller()
    const id = await draftOf(owner.company.companyId)
    expect((await other.browser.get(`/listings/${id}/photos`)).status).toBe(404)
    expect((await owner.browser.get('/listings/not-a-uuid/photos')).status).toBe(404)
    expect((await owner.browser.get('/listings/6f1c1f6e-3b1a-4c55-9a51-8d2f0b7c1e01/photos')).status).toBe(404)
    const before = await storedFiles()
    const res = await uploadPhotos(other.browser, id, [{ name: 'a.png', bytes: await small(1), type: 'image/png' }])
    expect(res.status).toBe(404)
    expect(await storedFiles()).toEqual(before)

    const visitor = new TestBrowser(app)
    const page = await visitor.get(`/listings/${id}/photos`)
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/listings/${id}/photos`)}`)
    expect((await uploadPhotos(visitor, id, [{ name: 'a.png', bytes: await small(1), type: 'image/png' }])).status).toBe(401)
    expect(await photosOf(id)).toHaveLength(0)
  })
})

describe('uploading', () => {
  it('stores JPEG, PNG and WebP as upright, metadata-free WebP variants and shows them with srcset', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const res = await uploadPhotos(browser, id, [
      { name: 'IMG_0001.JPG', bytes: await phoneJpeg(1000, 600) },
      { name: 'plan.png', bytes: await png(800, 500), type: 'image/png' },
      { name: 'bales.webp', bytes: await webp(2000, 1500), type: 'image/webp' },
    ])
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/listings/${id}/photos?added=3`)

    const rows = await photosOf(id)
    expect(rows.map((r) => [r.position, r.width, r.height, r.variants])).toEqual([
      [0, 600, 1000, [400, 600]],
      [1, 800, 500, [400, 800]],
      [2, 2000, 1500, [400, 800, 1280]],
    ])
    const jpegFile = await readFile(join(uploadDir, 'photos', rows[0].id, '600.webp'))
    const meta = await sharp(jpegFile).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 600, 1000])
    expect(await hasExif(jpegFile)).toBe(false)
    expect(await storedFiles()).toEqual(expect.arrayContaining([`photos/${rows[2].id}/1280.webp`, `photos/${rows[1].id}/800.webp`]))

    const html = await (await browser.get(`/listings/${id}/photos?added=3`)).text()
    expect(html).toContain('3 photos added.')
    expect(html).toContain(`srcset="/media/photos/${rows[2].id}/400.webp 400w, /media/photos/${rows[2].id}/800.webp 800w, /media/photos/${rows[2].id}/1280.webp 1280w"`)
    expect(html).toMatch(/<img[^>]*loading="lazy"/)
    expect(html).toContain('width="600" height="1000"')
  })

  it('serves variants from /media with a year-long immutable cache, and 404s anything else', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    expect((await uploadPhotos(browser, id, [{ name: 'a.webp', bytes: await webp(900, 600), type: 'image/webp' }])).status).toBe(303)
    const [photo] = await photosOf(id)

    const res = await new TestBrowser(app).get(`/media/photos/${photo.id}/800.webp`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/webp')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.equals(await readFile(join(uploadDir, 'photos', photo.id, '800.webp')))).toBe(true)

    for (const path of [
      `/media/photos/${photo.id}/1280.webp`, // not stored: the original is 900 wide
      `/media/photos/${photo.id}/999.webp`, `/media/photos/${photo.id}/0640.webp`, `/media/photos/${photo.id}/640.png`,
      `/media/photos/${photo.id}/99999.webp`, `/media/photos/${photo.id}/..%2F..%2Fetc.webp`, `/media/photos/not-a-uuid/640.webp`,
      '/media/photos/6f1c1f6e-3b1a-4c55-9a51-8d2f0b7c1e01/640.webp', `/media/photos/${photo.id}/-1.webp`,
    ]) {
      expect((await new TestBrowser(app).get(path)).status, path).toBe(404)
    }
  })

  it('refuses by content: a text file named photo.jpg, a 16 MB file and a pixel bomb, storing nothing', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const before = await storedFiles()
    const cases = [
      { file: { name: 'photo.jpg', bytes: Buffer.from('Just text pretending to be a photo.'), type: 'image/jpeg' }, message: 'This file is not a JPEG, PNG or WebP image.' },
      { file: { name: 'huge.jpg', bytes: Buffer.concat([await phoneJpeg(200, 100), Buffer.alloc(16 * 1024 * 1024)]) }, message: 'Photos can be at most 15 MB.' },
      { file: { name: 'bomb.png', bytes: await pngBomb(20000, 20000), type: 'image/png' }, message: 'This image is too large: at most 40 megapixels.' },
    ]
    for (const { file, message } of cases) {
      const res = await uploadPhotos(browser, id, [file])
      expect(res.status, file.name).toBe(422)
      const html = await res.text()
      expect(html).toContain(message)
      expect(html).toContain('enctype="multipart/form-data"')
    }
    expect(await photosOf(id)).toHaveLength(0)
    expect(await storedFiles()).toEqual(before)
  })

  it('keeps the good files of a mixed upload and names the refused ones', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const res = await uploadPhotos(browser, id, [
      { name: 'good.png', bytes: await small(1), type: 'image/png' },
      { name: 'notes.jpg', bytes: Buffer.from('not an image') },
    ])
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('1 photo added.')
    expect(html).toMatch(/notes\.jpg<\/strong>: This file is not a JPEG, PNG or WebP image\./)
    expect(await photosOf(id)).toHaveLength(1)
  })

  it('asks for a file when none was chosen', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const res = await uploadPhotos(browser, id, [{ name: '', bytes: new Uint8Array(), type: 'application/octet-stream' }])
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Please choose at least one photo to upload.')
  })

  it('refuses the ninth photo, and a batch that would pass eight, storing nothing', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const eight = await Promise.all(Array.from({ length: 8 }, async (_, i) => ({ name: `p${i}.png`, bytes: await small(i), type: 'image/png' })))
    expect((await uploadPhotos(browser, id, eight.slice(0, 7))).status).toBe(303)
    const beforeBatch = await storedFiles()
    const batch = await uploadPhotos(browser, id, eight.slice(6, 8))
    expect(batch.status).toBe(422)
    expect(await batch.text()).toContain('A listing can have at most 8 photos. This one has 7, so you can add 1 more, not 2.')
    expect(await storedFiles()).toEqual(beforeBatch)

    expect((await uploadPhotos(browser, id, [eight[7]])).status).toBe(303)
    expect(await photosOf(id)).toHaveLength(8)
    const full = await storedFiles()
    const ninth = await uploadPhotos(browser, id, [{ name: 'ninth.png', bytes: await small(9), type: 'image/png' }])
    expect(ninth.status).toBe(422)
    const html = await ninth.text()
    expect(html).toContain('A listing can have at most 8 photos, and this one has 8. Delete one to add another.')
    expect(html).not.toContain('type="file"')
    expect(await photosOf(id)).toHaveLength(8)
    expect(await storedFiles()).toEqual(full)
  })

  it('lets only one of two simultaneous uploads take the last free place', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const seven = await Promise.all(Array.from({ length: 7 }, async (_, i) => ({ name: `p${i}.png`, bytes: await small(i), type: 'image/png' })))
    expect((await uploadPhotos(browser, id, seven)).status).toBe(303)
    const one = { name: 'last.png', bytes: await small(8), type: 'image/png' }
    const before = await storedFiles()
    const statuses = (await Promise.all([uploadPhotos(browser, id, [one]), uploadPhotos(browser, id, [one])])).map((r) => r.status).sort()
    expect(statuses).toEqual([303, 422])
    const rows = await photosOf(id)
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    // The loser's files were removed again: only the winner's variants were added.
    const winner = rows[7]
    expect(await storedFiles()).toEqual([...before, ...winner.variants.map((w) => `photos/${winner.id}/${w}.webp`)].sort())
  })

  it('refuses a body over the upload limit from its Content-Length, before reading it', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const res = await uploadPhotos(browser, id, [{ name: 'a.png', bytes: await small(1), type: 'image/png' }], {
      headers: { 'content-length': String(200 * 1024 * 1024) },
    })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('That upload is too large')
    expect(await photosOf(id)).toHaveLength(0)
  })

  it('cuts off a streamed body without Content-Length once it passes the limit', async () => {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId)
    const chunk = new Uint8Array(1024 * 1024)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 200 MB if read to the end; the limit stops reading after about 121 MB.
        if (sent >= 200) return controller.close()
        sent += 1
        controller.enqueue(chunk)
      },
    })
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await app.request(`${TEST_BASE_URL}/listings/${id}/photos`, {
      method: 'POST', body, duplex: 'half',
      headers: { cookie, origin: TEST_BASE_URL, 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(200)
  })
})

describe('deleting and reordering', () => {
  async function listingWithPhotos(n: number, overrides: Parameters<typeof createTestListing>[2] = {}) {
    const { company, browser } = await seller()
    const id = await draftOf(company.companyId, overrides)
    const files = await Promise.all(Array.from({ length: n }, async (_, i) => ({ name: `p${i}.png`, bytes: await small(i), type: 'image/png' })))
    expect((await uploadPhotos(browser, id, files)).status).toBe(303)
    return { id, browser, company, ids: (await photosOf(id)).map((p) => p.id) }
  }

  it('deletes a photo: its row, its files, and closes the gap in the order', async () => {
    const { id, browser, ids } = await listingWithPhotos(3)
    expect(await storedFiles()).toEqual(expect.arrayContaining([`photos/${ids[1]}/400.webp`, `photos/${ids[1]}/401.webp`]))
    const res = await browser.post(`/listings/${id}/photos/${ids[1]}/delete`, {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/listings/${id}/photos?notice=deleted`)
    expect((await photosOf(id)).map((p) => [p.id, p.position])).toEqual([[ids[0], 0], [ids[2], 1]])
    expect((await storedFiles()).filter((f) => f.includes(ids[1]))).toEqual([])
    expect((await new TestBrowser(app).get(`/media/photos/${ids[1]}/400.webp`)).status).toBe(404)
    expect((await browser.post(`/listings/${id}/photos/${ids[1]}/delete`, {})).status).toBe(404)
    expect((await browser.post(`/listings/${id}/photos/nonsense/delete`, {})).status).toBe(404)
  })

  it('moves photos up and down, staying put at either end', async () => {
    const { id, browser, ids } = await listingWithPhotos(3)
    const order = async () => (await photosOf(id)).map((p) => p.id)
    expect((await browser.post(`/listings/${id}/photos/${ids[2]}/move`, { direction: 'up' })).status).toBe(303)
    expect(await order()).toEqual([ids[0], ids[2], ids[1]])
    expect((await browser.post(`/listings/${id}/photos/${ids[0]}/move`, { direction: 'down' })).status).toBe(303)
    expect(await order()).toEqual([ids[2], ids[0], ids[1]])
    expect((await browser.post(`/listings/${id}/photos/${ids[2]}/move`, { direction: 'up' })).status).toBe(303)
    expect(await order()).toEqual([ids[2], ids[0], ids[1]])
    const bad = await browser.post(`/listings/${id}/photos/${ids[2]}/move`, { direction: 'sideways' })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('Choose whether to move the photo up or down.')
    const html = await (await browser.get(`/listings/${id}/photos`)).text()
    expect(html.indexOf(ids[2])).toBeLessThan(html.indexOf(ids[0]))
  })

  it('another company can neither delete nor move', async () => {
    const { id, ids } = await listingWithPhotos(2)
    const other = await seller()
    expect((await other.browser.post(`/listings/${id}/photos/${ids[0]}/delete`, {})).status).toBe(404)
    expect((await other.browser.post(`/listings/${id}/photos/${ids[1]}/move`, { direction: 'up' })).status).toBe(404)
    expect((await photosOf(id)).map((p) => p.id)).toEqual(ids)
  })

  it('a live auction with bids may gain photos but not lose them; an ended listing changes no more', async () => {
    const { id, browser, ids } = await listingWithPhotos(2)
    await db.updateTable('listings').set({ status: 'live', bid_count: 3 }).where('id', '=', id).execute()
    const refused = await browser.post(`/listings/${id}/photos/${ids[0]}/delete`, {})
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('Bidding has begun: photos can be added or reordered, but not removed')
    expect(await photosOf(id)).toHaveLength(2)
    expect((await uploadPhotos(browser, id, [{ name: 'more.png', bytes: await small(5), type: 'image/png' }])).status).toBe(303)
    expect((await browser.post(`/listings/${id}/photos/${ids[1]}/move`, { direction: 'up' })).status).toBe(303)

    await db.updateTable('listings').set({ status: 'ended', outcome: 'sold' }).where('id', '=', id).execute()
    const ended = await uploadPhotos(browser, id, [{ name: 'late.png', bytes: await small(6), type: 'image/png' }])
    expect(ended.status).toBe(409)
    expect(await ended.text()).toContain('This listing has ended: its photos can no longer change.')
    expect((await browser.post(`/listings/${id}/photos/${ids[1]}/move`, { direction: 'up' })).status).toBe(409)
    expect(await photosOf(id)).toHaveLength(3)
  })
})
