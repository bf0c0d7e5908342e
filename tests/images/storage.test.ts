import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalStorage, createPhotoStorage, isSafeKey, photoKey, type PhotoStorage, type StoredObject } from '../../src/images/storage.js'
import { testConfig } from '../support/test-app.js'
import { S3_STAND_IN_CREDENTIALS, startS3StandIn } from './s3-stand-in.js'

async function bytesOf(object: StoredObject | null) {
  if (!object) throw new Error('expected an object')
  if (object.body instanceof Uint8Array) return Buffer.from(object.body)
  return Buffer.from(await new Response(object.body).arrayBuffer())
}

const photoId = '6f1c1f6e-3b1a-4c55-9a51-8d2f0b7c1e01'

/** The same contract, run against each implementation. */
function roundTrip(name: string, make: () => PhotoStorage) {
  it(`${name}: put, get, delete`, async () => {
    const storage = make()
    const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251))
    await storage.put(photoKey(photoId, 320), body, 'image/webp')
    await storage.put(photoKey(photoId, 640), Buffer.from('second'), 'image/webp')

    const got = await storage.get(photoKey(photoId, 320))
    expect(got?.contentType).toBe('image/webp')
    expect((await bytesOf(got)).equals(body)).toBe(true)
    expect(await storage.get(photoKey(photoId, 1280))).toBeNull()

    await storage.delete([photoKey(photoId, 320), photoKey(photoId, 640), photoKey(photoId, 1280)])
    expect(await storage.get(photoKey(photoId, 320))).toBeNull()
    expect(await storage.get(photoKey(photoId, 640))).toBeNull()
    await storage.delete([])
  })
}

describe('local folder storage', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'nordicloop-uploads-')) })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  roundTrip('local', () => createLocalStorage(dir))

  it('removes a photo folder once empty and leaves no partial files', async () => {
    const storage = createLocalStorage(dir)
    await storage.put(photoKey(photoId, 320), Buffer.from('x'), 'image/webp')
    expect(await readdir(join(dir, 'photos', photoId))).toEqual(['320.webp'])
    await storage.delete([photoKey(photoId, 320)])
    await expect(stat(join(dir, 'photos', photoId))).rejects.toThrow()
  })

  it('refuses keys that would leave its folder', async () => {
    const storage = createLocalStorage(join(dir, 'inner'))
    for (const key of ['../escape.webp', 'photos/../../escape.webp', '/etc/passwd', 'photos\\..\\x', 'photos//x', 'photos/./x', '', 'a\u0000b']) {
      expect(isSafeKey(key), key).toBe(false)
      await expect(storage.put(key, Buffer.from('x'), 'image/webp'), key).rejects.toThrow(/unsafe storage key/)
      expect(await storage.get(key)).toBeNull()
      await expect(storage.delete([key])).rejects.toThrow()
    }
    expect(await readdir(dir)).not.toContain('escape.webp')
  })

  it('is the default when no bucket is configured', () => {
    expect(createPhotoStorage(testConfig({ UPLOAD_DIR: dir })).kind).toBe('local')
  })
})

describe('S3 storage against a local S3 stand-in', () => {
  let s3: Awaited<ReturnType<typeof startS3StandIn>>
  beforeAll(async () => { s3 = await startS3StandIn() })
  afterAll(() => s3.stop())

  const fromConfig = () => createPhotoStorage(
    testConfig({ S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'eu-north-1' }),
    { credentials: S3_STAND_IN_CREDENTIALS },
  )

  it('is chosen when S3_BUCKET is set', () => {
    expect(fromConfig().kind).toBe('s3')
  })

  roundTrip('s3', () => fromConfig())

  it('reports a missing bucket as an error, not as a missing photo', async () => {
    const storage = createPhotoStorage(
      testConfig({ S3_BUCKET: 'no-such-bucket', S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true' }),
      { credentials: S3_STAND_IN_CREDENTIALS },
    )
    await expect(storage.put(photoKey(photoId, 320), Buffer.from('x'), 'image/webp')).rejects.toThrow()
    await expect(storage.get(photoKey(photoId, 320))).rejects.toThrow(/bucket/i)
  })
})
