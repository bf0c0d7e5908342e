// Where backups are kept: a folder, or a key prefix in the S3 bucket the photos use. Each
// backup is one file named for the UTC time it was made, so names sort oldest first; only names
// of that exact pattern are ever listed or deleted, so nothing else in the folder or bucket is.
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { createReadStream, createWriteStream } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Config } from '../config.js'
import { createS3Client, type S3Settings } from '../images/storage.js'

const BACKUP_NAME = /^nordicloop-\d{8}T\d{6}Z\.dump$/

/** nordicloop-20261203T023000Z.dump: the time in ISO 8601's basic form, to the second. */
export function backupName(at: Date) {
  return `nordicloop-${at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}.dump`
}

export const isBackupName = (name: string) => BACKUP_NAME.test(name)

export interface BackupStore {
  /** For messages, ending in a slash so that a name can follow: the folder, or s3://bucket/prefix. */
  readonly where: string
  /** The backups' names, oldest first. */
  list(): Promise<string[]>
  /** Stores the file under the name; a reader never sees it half written. */
  put(name: string, file: string): Promise<void>
  /** Copies the backup to a local file. */
  fetch(name: string, file: string): Promise<void>
  delete(names: string[]): Promise<void>
}

function checked(name: string) {
  // Names come from backupName or from the list; anything else is refused before it becomes a path or key.
  if (!isBackupName(name)) throw new Error(`${JSON.stringify(name)} is not a backup name (nordicloop-YYYYMMDDTHHMMSSZ.dump)`)
  return name
}

export function createFolderStore(folder: string): BackupStore {
  const root = resolve(folder)
  return {
    where: root + sep,
    async list() {
      const entries = await readdir(root).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return []
        throw err
      })
      return entries.filter(isBackupName).sort()
    },
    async put(name, file) {
      await mkdir(root, { recursive: true })
      // Copied aside under a name the pattern does not match, then renamed: a crash leaves no
      // truncated file that looks like a backup, and retention never counts one.
      const part = join(root, `.${checked(name)}.part`)
      await copyFile(file, part)
      await rename(part, join(root, name))
    },
    async fetch(name, file) {
      await copyFile(join(root, checked(name)), file)
    },
    async delete(names) {
      for (const name of names) await rm(join(root, checked(name)), { force: true })
    },
  }
}

export function createS3Store(client: S3Client, bucket: string, prefix: string): BackupStore {
  return {
    where: `s3://${bucket}/${prefix}`,
    async list() {
      const names: string[] = []
      let ContinuationToken: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }))
        for (const object of page.Contents ?? []) {
          const name = object.Key?.slice(prefix.length) ?? ''
          if (isBackupName(name)) names.push(name)
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (ContinuationToken)
      return names.sort()
    },
    async put(name, file) {
      // One PUT is atomic (the object appears whole or not at all) and takes up to 5 GB.
      const { size } = await stat(file)
      await client.send(new PutObjectCommand({
        Bucket: bucket, Key: prefix + checked(name), Body: createReadStream(file), ContentLength: size,
        ContentType: 'application/octet-stream',
      }))
    },
    async fetch(name, file) {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + checked(name) }))
      // In Node the SDK answers with a Node stream.
      if (!(res.Body instanceof Readable)) throw new Error(`S3 returned no readable body for ${prefix}${name}`)
      await pipeline(res.Body, createWriteStream(file))
    },
    async delete(names) {
      for (let i = 0; i < names.length; i += 1000) {
        const batch = names.slice(i, i + 1000).map((name) => ({ Key: prefix + checked(name) }))
        const res = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }))
        const failed = (res.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey')
        if (failed.length) throw new Error(`S3 could not delete ${failed.length} backup(s): ${failed[0].Key} ${failed[0].Code}`)
      }
    },
  }
}

export type BackupStoreConfig = Pick<Config, 'BACKUP_DIR' | 'BACKUP_S3_PREFIX' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE'>

/** The configured destination, or null when none is set. */
export function createBackupStore(config: BackupStoreConfig, opts: { credentials?: S3Settings['credentials'] } = {}): BackupStore | null {
  if (config.BACKUP_DIR) return createFolderStore(config.BACKUP_DIR)
  if (config.BACKUP_S3_PREFIX && config.S3_BUCKET) {
    const client = createS3Client({ region: config.S3_REGION, endpoint: config.S3_ENDPOINT, forcePathStyle: config.S3_FORCE_PATH_STYLE, credentials: opts.credentials })
    return createS3Store(client, config.S3_BUCKET, config.BACKUP_S3_PREFIX)
  }
  return null
}
