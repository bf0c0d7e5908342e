// Where photo files live: a local folder by default (one machine, nothing to set up), or an
// S3-compatible bucket when S3_BUCKET is set (several app servers, or a CDN in front).
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { dirname, extname, resolve, sep } from 'node:path'
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import type { Config } from '../config.js'

export type StoredObject = { body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>; contentType: string; size?: number }

export interface PhotoStorage {
  readonly kind: 'local' | 's3'
  put(key: string, body: Uint8Array, contentType: string): Promise<void>
  /** The object, or null when there is none under this key. */
  get(key: string): Promise<StoredObject | null>
  /** Removes the objects; keys that do not exist are not an error. */
  delete(keys: string[]): Promise<void>
}

/** Where a photo's variant is stored: one folder (prefix) per photo. */
export const photoKey = (photoId: string, width: number) => `photos/${photoId}/${width}.webp`

// Keys are made by the app, but the local store still refuses anything that could step out
// of its folder ("..", absolute paths, backslashes, NUL): a bug elsewhere must not become a
// write or read anywhere on the disk.
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/

export function isSafeKey(key: string) {
  return key.length <= 512 && SAFE_KEY.test(key) && !key.split('/').some((part) => part === '.' || part === '..')
}

const TYPES: Record<string, string> = { '.webp': 'image/webp', '.jpg': 'image/jpeg', '.png': 'image/png' }

export function createLocalStorage(folder: string): PhotoStorage {
  const root = resolve(folder)
  const pathOf = (key: string) => {
    if (!isSafeKey(key)) throw new Error(`Refusing unsafe storage key ${JSON.stringify(key)}`)
    const path = resolve(root, key)
    if (!path.startsWith(root + sep)) throw new Error(`Refusing storage key outside the folder: ${JSON.stringify(key)}`)
    return path
  }
  return {
    kind: 'local',
    async put(key, body) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      // Write aside, then rename: a reader never sees half a file, even if the process dies.
      const temporary = `${path}.${randomBytes(6).toString('hex')}.part`
      await writeFile(temporary, body)
      await rename(temporary, path)
    },
    async get(key) {
      if (!isSafeKey(key)) return null
      try {
        // Variants are tens of kilobytes: reading whole is simpler than streaming and as fast.
        const body = new Uint8Array(await readFile(pathOf(key)))
        return { body, contentType: TYPES[extname(key)] ?? 'application/octet-stream', size: body.byteLength }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return null
        throw err
      }
    },
    async delete(keys) {
      const folders = new Set<string>()
      for (const key of keys) {
        const path = pathOf(key)
        await rm(path, { force: true })
        folders.add(dirname(path))
      }
      // A photo's folder goes once it is empty; one still in use simply stays.
      for (const folder of folders) {
        if (folder !== root) await rmdir(folder).catch(() => {})
      }
    },
  }
}

export type S3Settings = {
  bucket: string
  region: string
  endpoint?: string
  forcePathStyle?: boolean
  /** Left out in production: the SDK finds credentials itself (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** The S3 client for the bucket; photos and database backups (src/backups) both go through it. */
export function createS3Client(settings: Omit<S3Settings, 'bucket'>) {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // Newer SDKs add CRC checksums to every request and expect them back. Many S3-compatible
    // servers (MinIO before 2025, Ceph, s3rver…) store streamed bodies corrupted or refuse
    // them; asking only where the API requires it works with AWS and with them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

export function createS3Storage(settings: S3Settings): PhotoStorage {
  const client = createS3Client(settings)
  const Bucket = settings.bucket
  return {
    kind: 's3',
    async put(key, body, contentType) {
      await client.send(new PutObjectCommand({
        Bucket, Key: key, Body: body, ContentType: contentType,
        // Objects never change under a key (a new photo gets a new id), so any cache may keep them.
        CacheControl: 'public, max-age=31536000, immutable',
      }))
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key }))
        if (!res.Body) return null
        return { body: res.Body.transformToWebStream(), contentType: res.ContentType ?? 'application/octet-stream', size: res.ContentLength }
      } catch (err) {
        // A missing key is "no such photo"; a missing bucket is a misconfiguration and must
        // surface as an error, not as every photo quietly vanishing.
        if (err instanceof S3ServiceException && err.name !== 'NoSuchBucket' && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)) return null
        throw err
      }
    },
    async delete(keys) {
      // DeleteObjects takes at most 1,000 keys a call.
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000)
        const res = await client.send(new DeleteObjectsCommand({
          Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }))
        const failed = (res.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey')
        if (failed.length) throw new Error(`S3 could not delete ${failed.length} object(s): ${failed[0].Key} ${failed[0].Code}`)
      }
    },
  }
}

type StorageConfig = Pick<Config, 'UPLOAD_DIR' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE'>

/** S3 when a bucket is configured, else the local folder. */
export function createPhotoStorage(config: StorageConfig, opts: { credentials?: S3Settings['credentials'] } = {}): PhotoStorage {
  if (config.S3_BUCKET) {
    return createS3Storage({
      bucket: config.S3_BUCKET, region: config.S3_REGION, endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE, credentials: opts.credentials,
    })
  }
  return createLocalStorage(config.UPLOAD_DIR)
}
