// The whole photo path with the app configured for S3, the way production runs it: upload
// through the route, files in the bucket, served by /media, gone from the bucket on delete.
import { afterAll, expect, it } from 'vitest'
import sharp from 'sharp'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { createPhotoStorage, photoKey } from '../../src/images/storage.js'
import { S3_STAND_IN_CREDENTIALS, startS3StandIn } from './s3-stand-in.js'
import { hasExif, phoneJpeg } from './sample-images.js'
import { uploadPhotos } from './upload.js'

const s3 = await startS3StandIn()
afterAll(() => s3.stop())
// Production finds its credentials the SDK's usual way (environment, instance role); so does
// the app here, from the environment of this test process only.
process.env.AWS_ACCESS_KEY_ID = S3_STAND_IN_CREDENTIALS.accessKeyId
process.env.AWS_SECRET_ACCESS_KEY = S3_STAND_IN_CREDENTIALS.secretAccessKey
const s3Config = { S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'eu-north-1' }
const { app, db, config } = await createTestApp({ config: s3Config })
const bucket = createPhotoStorage(config, { credentials: S3_STAND_IN_CREDENTIALS })

it('uploads to the bucket, serves from it and deletes from it', async () => {
  const company = await createTestCompany(db, { status: 'approved' })
  const browser = await logInAs(app, company.owner)
  const id = await createTestListing(db, company.companyId, { status: 'draft', published_at: null })

  const res = await uploadPhotos(browser, id, [{ name: 'IMG_2024.jpg', bytes: await phoneJpeg(1600, 1200) }])
  expect(res.status).toBe(303)
  const photo = await db.selectFrom('listing_photos').selectAll().where('listing_id', '=', id).executeTakeFirstOrThrow()
  expect(photo).toMatchObject({ width: 1200, height: 1600, variants: [400, 800, 1200] })

  const stored = await bucket.get(photoKey(photo.id, 1200))
  expect(stored?.contentType).toBe('image/webp')
  const bytes = Buffer.from(await new Response(stored!.body).arrayBuffer())
  const meta = await sharp(bytes).metadata()
  expect([meta.format, meta.width, meta.height]).toEqual(['webp', 1200, 1600])
  expect(await hasExif(bytes)).toBe(false)

  const served = await new TestBrowser(app).get(`/media/photos/${photo.id}/1200.webp`)
  expect(served.status).toBe(200)
  expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true)
  expect((await new TestBrowser(app).get(`/media/photos/${photo.id}/1280.webp`)).status).toBe(404)

  expect((await browser.post(`/listings/${id}/photos/${photo.id}/delete`, {})).status).toBe(303)
  for (const w of [400, 800, 1200]) expect(await bucket.get(photoKey(photo.id, w))).toBeNull()
  expect((await new TestBrowser(app).get(`/media/photos/${photo.id}/1200.webp`)).status).toBe(404)
})

it('answers 503, not 500, when the bucket cannot be reached', async () => {
  const { app: broken, db: brokenDb } = await createTestApp({ config: { ...s3Config, S3_ENDPOINT: 'http://127.0.0.1:9' } })
  const res = await new TestBrowser(broken).get(`/media/photos/6f1c1f6e-3b1a-4c55-9a51-8d2f0b7c1e01/320.webp`)
  expect(res.status).toBe(503)

  const company = await createTestCompany(brokenDb, { status: 'approved' })
  const browser = await logInAs(broken, company.owner)
  const id = await createTestListing(brokenDb, company.companyId, { status: 'draft', published_at: null })
  const upload = await uploadPhotos(browser, id, [{ name: 'a.jpg', bytes: await phoneJpeg(400, 300) }])
  expect(upload.status).toBe(503)
  expect(await upload.text()).toContain('Photos cannot be saved right now. Please try again in a moment.')
  expect(await brokenDb.selectFrom('listing_photos').selectAll().where('listing_id', '=', id).execute()).toEqual([])
})
