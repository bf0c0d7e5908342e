// Backups as an operator runs them: `npm run backup` of a populated database into a folder and
// into the S3 bucket (the real S3 client against the local stand-in), `npm run restore` into a
// new database, then every table's row count and checksum compared with the original. Also:
// retention keeps the newest BACKUP_KEEP and touches nothing else; the refusals say why and
// exit nonzero; two scheduler instances make one backup per slot.
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { randomBytes } from 'node:crypto'
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp, testConfig } from '../support/test-app.js'
import { loadConfig } from '../../src/config.js'
import { createTestAdmin, logInAs, tradingCompanies } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'
import { startS3StandIn, S3_STAND_IN_CREDENTIALS } from '../images/s3-stand-in.js'
import { generateToken } from '../../src/lib/tokens.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import { findPgTool } from '../../src/backups/pg-tools.js'
import { makeBackup } from '../../src/backups/make-backup.js'
import { backupName, createBackupStore, isBackupName } from '../../src/backups/store.js'
import { createS3Client } from '../../src/images/storage.js'
import { startScheduler } from '../../src/scheduler.js'
import { createMailer } from '../../src/notifications/create-mailer.js'
import { createLogger } from '../../src/lib/logger.js'

const run = promisify(execFile)
const ROOT = new URL('../../', import.meta.url).pathname

const { app, db, clock, config, database } = await createTestApp()
const pgTools = await Promise.all([findPgTool('pg_dump'), findPgTool('pg_restore')]).then(() => true, () => false)
const ready = database.url !== null && pgTools
if (!ready && process.env.CI === 'true') throw new Error('CI=true: the backup tests need the PostgreSQL server and pg_dump/pg_restore')
const sourceUrl = database.url ?? ''
const serverUrl = (name: string) => {
  const url = new URL(sourceUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Runs one of the npm scripts the way an operator does, with only the environment given. */
async function npmScript(script: 'backup' | 'restore', env: Record<string, string>, args: string[] = []) {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent' }
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: ROOT, env: { ...base, ...env } })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

async function onServer<T>(database: string, fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: serverUrl(database) })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

// Databases the restores create, dropped after the file's tests.
const made: string[] = []
const newDatabaseName = () => {
  const name = `nordicloop_test_restored_${randomBytes(5).toString('hex')}`
  made.push(name)
  return name
}
afterAll(async () => {
  if (!ready) return
  for (const name of made) await onServer('postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
})

/** Every table's row count and an md5 of its rows in primary-key order: equal only when every row is. */
async function fingerprint(databaseName: string) {
  return onServer(databaseName, async (client) => {
    const { rows: tables } = await client.query<{ name: string; key: string | null }>(`
      SELECT c.relname AS name,
             (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(i.indkey, a.attnum))
                FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
               WHERE i.indrelid = c.oid AND i.indisprimary) AS key
        FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`)
    const result: Record<string, { rows: number; md5: string }> = {}
    for (const t of tables) {
      // A table without a primary key is ordered by its whole row's text.
      const order = t.key ?? 't::text'
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${order}), '')) AS md5 FROM public.${client.escapeIdentifier(t.name)} t`)
      result[t.name] = rows[0]!
    }
    return result
  })
}

const KEY_TABLES = ['companies', 'users', 'listings', 'bids', 'deals', 'deal_payments', 'invoices', 'transfer_notes', 'transfer_note_events', 'schema_migrations']

describe('backup settings and programs', () => {
  const settings = (env: Record<string, string>) => {
    try {
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://localhost/nordicloop', ...env })
      return 'valid'
    } catch (err) {
      return (err as Error).message
    }
  }

  it('refuses a backup setting that could not work, naming the variable', () => {
    expect(settings({ BACKUP_DIR: '/srv/backups', BACKUP_SCHEDULE: '0 30 2 * * *', BACKUP_KEEP: '14' })).toBe('valid')
    expect(settings({ BACKUP_DIR: '/srv/backups', BACKUP_S3_PREFIX: 'backups/', S3_BUCKET: 'nordicloop' })).toContain('BACKUP_S3_PREFIX: cannot be set with BACKUP_DIR')
    expect(settings({ BACKUP_S3_PREFIX: 'backups/' })).toContain('S3_BUCKET: must be set too')
    expect(settings({ BACKUP_S3_PREFIX: 'backups', S3_BUCKET: 'nordicloop' })).toContain('BACKUP_S3_PREFIX: must be a key prefix ending in a slash')
    expect(settings({ BACKUP_DIR: '/srv/backups', BACKUP_SCHEDULE: 'every night' })).toContain('BACKUP_SCHEDULE: must be a cron expression')
    expect(settings({ BACKUP_DIR: '/srv/backups', BACKUP_KEEP: '0' })).toContain('BACKUP_KEEP: must be a whole number from 1 to 1000')
    expect(settings({ BACKUP_DIR: '/srv/backups', DATABASE_URL: '' })).toContain('DATABASE_URL: must be set for backups')
  })

  it('says what to install when pg_dump is found neither on PATH nor in the PostgreSQL folder', async () => {
    await expect(findPgTool('pg_dump', '/nonexistent/bin', '/nonexistent/postgresql/bin'))
      .rejects.toThrow('pg_dump was not found on PATH or in /nonexistent/postgresql/bin: install the PostgreSQL client programs')
  })
})

describe.skipIf(!ready)('backups', async () => {
  // The source: trading companies and their people, an auction with bids, and two paid deals of
  // waste, each with its seller's invoice and its waste transfer note, all made the real way.
  const terms = dealTerms(config)
  const [seller, buyer, third] = await tradingCompanies(db)
  const admin = await createTestAdmin(db)
  const [buyerBrowser, thirdBrowser] = await Promise.all([logInAs(app, buyer.owner), logInAs(app, third.owner)])
  const auction = await createTestListing(db, seller.companyId, { now: clock(), title: 'Wellpapp, balad 8 t' })
  for (const [who, amount] of [[buyerBrowser, '1000'], [thirdBrowser, '1100'], [buyerBrowser, '1200']] as const) {
    const res = await who.post(`/listings/${auction}/bids`, { amount, idempotency_key: generateToken() })
    expect(res.status, `a bid of ${amount}`).toBe(303)
  }
  // One lot through the deal factory, one of waste with its EWC code (a paid deal of waste opens a transfer note).
  const wasteLot = await createTestListing(db, seller.companyId, { now: clock(), title: 'Stålskrot, 12 t', sale_type: 'fixed_price', category: 'ferrous-metals', ewc_code: '170405' })
  expect((await buyerBrowser.post(`/listings/${wasteLot}/buy`, {})).status, 'buying the waste lot').toBeLessThan(400)
  const deals = [
    await db.selectFrom('deals').selectAll().where('listing_id', '=', wasteLot).executeTakeFirstOrThrow(),
    await buyFixedPriceLot(db, buyerBrowser, { sellerCompanyId: seller.companyId, title: 'Kopparkabel, 2 t', price: 150_000, now: clock() }),
  ]
  for (const deal of deals) {
    const paid = await recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: 'EUR', receivedAt: clock(), reference: `bank-${deal.id}` },
      { viewer: { userId: admin.userId, companyId: null, isAdmin: true }, now: clock(), terms })
    expect(paid.ok, 'the payment').toBe(true)
  }
  const sourceName = new URL(sourceUrl).pathname.slice(1)
  const original = await fingerprint(sourceName)

  it('has rows in every key table to carry', () => {
    for (const table of KEY_TABLES) expect(original[table]?.rows, table).toBeGreaterThan(0)
  })

  it('backs up to a folder and restores every row of every table into a new database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nordicloop-backups-'))
    try {
      const backup = await npmScript('backup', { DATABASE_URL: sourceUrl, BACKUP_DIR: dir })
      expect(backup.stderr).toBe('')
      expect(backup.code).toBe(0)
      const files = await readdir(dir)
      expect(files).toHaveLength(1)
      expect(files[0]).toMatch(/^nordicloop-\d{8}T\d{6}Z\.dump$/)
      expect(backup.stdout).toContain(files[0])

      const target = newDatabaseName()
      const restore = await npmScript('restore', { DATABASE_URL: sourceUrl, BACKUP_DIR: dir }, ['--into', target])
      expect(restore.stderr).toBe('')
      expect(restore.code).toBe(0)
      expect(restore.stdout).toContain(`Restored ${join(dir, files[0]!)} into the new database ${target}`)
      expect(await fingerprint(target)).toEqual(original)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('backs up to the S3 bucket beside the photos and restores from it', async () => {
    const s3 = await startS3StandIn()
    try {
      const env = {
        DATABASE_URL: sourceUrl, S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true', BACKUP_S3_PREFIX: 'backups/',
        AWS_ACCESS_KEY_ID: S3_STAND_IN_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_STAND_IN_CREDENTIALS.secretAccessKey,
      }
      // (stderr may carry the AWS SDK's notice about Node versions)
      const backup = await npmScript('backup', env)
      expect(backup.code, backup.stderr).toBe(0)
      const client = createS3Client({ region: 'eu-north-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3_STAND_IN_CREDENTIALS })
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'backups/' }))
      const keys = (listed.Contents ?? []).map((o) => o.Key)
      expect(keys).toHaveLength(1)
      expect(keys[0]).toMatch(/^backups\/nordicloop-\d{8}T\d{6}Z\.dump$/)

      const target = newDatabaseName()
      const restore = await npmScript('restore', env, ['--into', target, '--from', keys[0]!])
      expect(restore.code, restore.stderr).toBe(0)
      expect(restore.stdout).toContain(`Restored s3://${s3.bucket}/${keys[0]} into the new database ${target}`)
      expect(await fingerprint(target)).toEqual(original)
    } finally {
      await s3.stop()
    }
  })

  it('keeps the newest BACKUP_KEEP backups and deletes only older backups, in a folder and in the bucket', async () => {
    const s3 = await startS3StandIn()
    const dir = await mkdtemp(join(tmpdir(), 'nordicloop-backups-'))
    try {
      const client = createS3Client({ region: 'eu-north-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3_STAND_IN_CREDENTIALS })
      // What else lives there is never counted or deleted: other files, a photo, a backup's half-written part.
      const others = ['notes.txt', 'nordicloop-latest.dump', '.nordicloop-20200101T000000Z.dump.part']
      for (const name of others) {
        await writeFile(join(dir, name), 'not a backup')
        await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `backups/${name}`, Body: 'not a backup' }))
      }
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'photos/p1/400.webp', Body: 'a photo' }))
      const keep = 3
      const times = Array.from({ length: keep + 3 }, (_, i) => new Date(Date.UTC(2026, 11, 1 + i, 2, 30)))
      const stores = {
        folder: createBackupStore({ ...config, BACKUP_DIR: dir })!,
        bucket: createBackupStore({ ...config, BACKUP_S3_PREFIX: 'backups/', S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: true },
          { credentials: S3_STAND_IN_CREDENTIALS })!,
      }
      for (const [kind, store] of Object.entries(stores)) {
        const deleted: string[] = []
        for (const at of times) {
          const result = await makeBackup(db, { databaseUrl: sourceUrl, store, keep, at })
          expect(result.made, kind).toBe(true)
          if (result.made) deleted.push(...result.deleted)
        }
        expect(await store.list(), kind).toEqual(times.slice(-keep).map(backupName))
        expect(deleted, kind).toEqual(times.slice(0, 3).map(backupName))
      }
      const files = await readdir(dir)
      expect(files.filter((f) => !isBackupName(f)).sort()).toEqual([...others].sort())
      const keys = ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key!)
      expect(keys.filter((k) => !isBackupName(k.replace(/^backups\//, ''))).sort()).toEqual([...others.map((n) => `backups/${n}`), 'photos/p1/400.webp'].sort())
      // The same time again is the same backup: a second instance's run for that slot leaves it at one.
      expect(await makeBackup(db, { databaseUrl: sourceUrl, store: stores.folder, keep, at: times.at(-1)! }))
        .toEqual({ made: false, reason: expect.stringContaining('exists already') })
    } finally {
      await rm(dir, { recursive: true, force: true })
      await s3.stop()
    }
  })

  it('refuses, saying why and exiting nonzero, without a destination or with only the embedded database', { timeout: 60_000 }, async () => {
    const noDestination = await npmScript('backup', { DATABASE_URL: sourceUrl })
    expect(noDestination.code).toBe(2)
    expect(noDestination.stderr).toContain('No backup destination: set BACKUP_DIR to a folder, or BACKUP_S3_PREFIX')

    const embedded = await npmScript('backup', {})
    expect(embedded.code).toBe(2)
    expect(embedded.stderr).toContain('the embedded database (PGlite) has no pg_dump')

    const embeddedWithFolder = await npmScript('backup', { BACKUP_DIR: tmpdir() })
    expect(embeddedWithFolder.code).toBe(1)
    expect(embeddedWithFolder.stderr).toContain('DATABASE_URL: must be set for backups')

    const nothingToRestore = await npmScript('restore', { DATABASE_URL: sourceUrl }, ['--into', 'nordicloop_test_never_made'])
    expect(nothingToRestore.code).toBe(2)
    expect(nothingToRestore.stderr).toContain('Nothing to restore from')
  })

  it('refuses to restore over a database that holds tables unless forced, and leaves it as it was', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nordicloop-backups-'))
    try {
      const env = { DATABASE_URL: sourceUrl, BACKUP_DIR: dir }
      expect((await npmScript('backup', env)).code).toBe(0)
      const target = newDatabaseName()
      expect((await npmScript('restore', env, ['--into', target])).code).toBe(0)
      // The restored database gets a row the backup does not have; a refused restore keeps it.
      await onServer(target, (c) => c.query(`UPDATE listings SET title = 'Changed after the backup' WHERE id = $1`, [auction]))
      const changed = await fingerprint(target)
      expect(changed.listings).not.toEqual(original.listings)

      const refused = await npmScript('restore', env, ['--into', target])
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain(`Refusing to restore into ${target}: it is not empty`)
      expect(refused.stderr).toContain('--force')
      expect(await fingerprint(target)).toEqual(changed)

      const overSource = await npmScript('restore', env, ['--into', sourceName])
      expect(overSource.code).toBe(2)
      expect(await fingerprint(sourceName)).toEqual(original)

      const forced = await npmScript('restore', env, ['--into', target, '--force'])
      expect(forced.stderr).toBe('')
      expect(forced.code).toBe(0)
      expect(await fingerprint(target)).toEqual(original)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('is made by the scheduler when a destination is set, once per slot with two instances running', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nordicloop-backups-'))
    // The slot is the minute: start early in one, so that the test's few seconds stay inside it.
    while (new Date().getUTCSeconds() > 40) await new Promise((r) => setTimeout(r, 500))
    const never = '0 0 0 1 1 *'
    const quiet = { drainOutbox: never, prune: never, savedSearchDigest: never, closeAuctions: never, endingSoon: never, dealJobs: never, chatEmails: never, permitNotices: never }
    const log = createLogger('silent')
    const instanceConfig = testConfig({ DATABASE_URL: sourceUrl, BACKUP_DIR: dir, BACKUP_SCHEDULE: '* * * * * *', SCHEDULER: 'true' })
    const instances = [1, 2].map(() => startScheduler({ db, log, mailer: createMailer(instanceConfig, log), config: instanceConfig }, quiet))
    try {
      const deadline = Date.now() + 30_000
      while ((await readdir(dir)).filter(isBackupName).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      // A few more ticks of both instances.
      await new Promise((r) => setTimeout(r, 2500))
    } finally {
      await Promise.all(instances.map((s) => s.stop()))
    }
    try {
      const backups = (await readdir(dir)).filter(isBackupName)
      expect(backups).toHaveLength(1)
      expect(backups[0]).toMatch(/00Z\.dump$/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
