// Adding, removing and reordering a listing's photos: the database rows and the stored files
// kept in step. Every change locks the listing row first, so two uploads at once cannot both
// squeeze under the limit and two reorders cannot interleave.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { processPhoto, type ProcessedPhoto } from '../images/process.js'
import { photoKey, type PhotoStorage } from '../images/storage.js'
import { photoChangeRefusal, photoCountRefusal } from './photo-rules.js'
import { changeListing, lockListing } from './listing-state.js'

export type UploadedFile = { name: string; size: number; bytes: () => Promise<Uint8Array> }
export type RefusedFile = { name: string; message: string }

export type AddPhotosResult =
  | { ok: true; added: number; refused: RefusedFile[] }
  | { ok: false; status: 404 | 409 | 422 | 503; message: string; refused: RefusedFile[] }

type Failure = { ok: false; status: 404 | 409 | 422; message: string }

const STORAGE_DOWN = 'Photos cannot be saved right now. Please try again in a moment.'


function countPhotos(db: Kysely<DB>, listingId: string) {
  return db.selectFrom('listing_photos').select((eb) => eb.fn.countAll<string>().as('n')).where('listing_id', '=', listingId)
    .executeTakeFirstOrThrow().then((r) => Number(r.n))
}

const keysOf = (photoId: string, widths: number[]) => widths.map((w) => photoKey(photoId, w))

/**
 * Checks each file, stores the good ones and records them after the listing's current photos.
 * A file that is not a usable photo is refused on its own (the others are kept, so a seller on
 * a slow link does not send them again); more files than the listing has room for are refused
 * together, before anything is stored.
 */
export async function addListingPhotos(
  db: Kysely<DB>,
  storage: PhotoStorage,
  input: { listingId: string; files: UploadedFile[]; now: Date; log?: Logger },
): Promise<AddPhotosResult> {
  const { listingId, files } = input
  const listing = await db.selectFrom('listings').select(['status', 'bid_count']).where('id', '=', listingId).executeTakeFirst()
  if (!listing) return { ok: false, status: 404, message: 'There is no such listing.', refused: [] }
  const statusRefusal = photoChangeRefusal(listing, 'add')
  if (statusRefusal) return { ok: false, status: 409, message: statusRefusal, refused: [] }
  const tooMany = photoCountRefusal(await countPhotos(db, listingId), files.length)
  if (tooMany) return { ok: false, status: 422, message: tooMany, refused: [] }

  // One at a time: each decode may take a few hundred megabytes for a large photo, and sharp
  // already uses every core for one image.
  const accepted: { id: string; photo: ProcessedPhoto }[] = []
  const refused: RefusedFile[] = []
  for (const file of files) {
    const result = await processPhoto(await file.bytes())
    if (result.ok) accepted.push({ id: randomUUID(), photo: result.photo })
    else refused.push({ name: file.name, message: result.message })
  }
  if (accepted.length === 0) {
    return { ok: false, status: 422, message: refused.length === 1 ? refused[0].message : 'None of these files could be used.', refused }
  }

  // Files first, rows second: a row never points at a missing file. If the rows cannot be
  // written, the files just stored are removed again.
  const stored: string[] = []
  const removeStored = () => storage.delete(stored).catch((err: Error) => input.log?.warn('photo cleanup failed', { error: err.message }))
  try {
    for (const { id, photo } of accepted) {
      // allSettled, not all: every put has finished before a failure leads to the cleanup.
      const puts = await Promise.allSettled(photo.variants.map(async (v) => {
        const key = photoKey(id, v.width)
        await storage.put(key, v.buffer, 'image/webp')
        stored.push(key)
      }))
      const failed = puts.find((p) => p.status === 'rejected')
      if (failed) throw failed.reason
    }
  } catch (err) {
    // The storage is down or refusing: not the seller's mistake, and worth another try.
    input.log?.error('photo storage failed', { error: (err as Error).message })
    await removeStored()
    return { ok: false, status: 503, message: STORAGE_DOWN, refused }
  }

  let outcome: Failure | null
  try {
    outcome = await db.transaction().execute(async (trx): Promise<Failure | null> => {
      const locked = await lockListing(trx, listingId)
      if (!locked) return { ok: false, status: 404, message: 'There is no such listing.' }
      const refusal = photoChangeRefusal(locked, 'add')
      if (refusal) return { ok: false, status: 409, message: refusal }
      const existing = await countPhotos(trx, listingId)
      const over = photoCountRefusal(existing, accepted.length)
      if (over) return { ok: false, status: 422, message: over }
      const last = await trx.selectFrom('listing_photos').select((eb) => eb.fn.max('position').as('p')).where('listing_id', '=', listingId).executeTakeFirst()
      const start = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1
      await trx.insertInto('listing_photos').values(accepted.map(({ id, photo }, i) => ({
        id, listing_id: listingId, position: start + i, width: photo.width, height: photo.height,
        variants: photo.variants.map((v) => v.width),
      }))).execute()
      // Open pages of the listing hear that it changed.
      await changeListing(trx, locked, {}, input.now)
      return null
    })
  } catch (err) {
    await removeStored()
    throw err
  }
  if (outcome) {
    // Another upload filled the listing, or its status changed, while these were processed.
    await removeStored()
    return { ...outcome, refused }
  }
  return { ok: true, added: accepted.length, refused }
}

/** Rewrites the positions of a listing's photos to 0, 1, 2… in the given order, in one statement. */
async function renumber(trx: Kysely<DB>, orderedIds: string[]) {
  if (orderedIds.length === 0) return
  const rows = sql.join(orderedIds.map((id, i) => sql`(${id}::uuid, ${i}::integer)`))
  await sql`UPDATE listing_photos AS p SET position = v.position FROM (VALUES ${rows}) AS v(id, position) WHERE p.id = v.id AND p.position IS DISTINCT FROM v.position`.execute(trx)
}

function listIds(trx: Kysely<DB>, listingId: string) {
  return trx.selectFrom('listing_photos').select(['id', 'variants']).where('listing_id', '=', listingId).orderBy('position').orderBy('created_at').orderBy('id').execute()
}

/** Deletes the photo's row, then its files. */
export async function deleteListingPhoto(
  db: Kysely<DB>,
  storage: PhotoStorage,
  input: { listingId: string; photoId: string; now: Date; log?: Logger },
): Promise<{ ok: true } | Failure> {
  const outcome = await db.transaction().execute(async (trx): Promise<Failure | { ok: true; keys: string[] }> => {
    const locked = await lockListing(trx, input.listingId)
    if (!locked) return { ok: false, status: 404, message: 'There is no such listing.' }
    const photos = await listIds(trx, input.listingId)
    const photo = photos.find((p) => p.id === input.photoId)
    if (!photo) return { ok: false, status: 404, message: 'This photo is not on the listing. It may have been deleted already.' }
    const refusal = photoChangeRefusal(locked, 'remove')
    if (refusal) return { ok: false, status: 409, message: refusal }
    await trx.deleteFrom('listing_photos').where('id', '=', photo.id).execute()
    await renumber(trx, photos.filter((p) => p.id !== photo.id).map((p) => p.id))
    await changeListing(trx, locked, {}, input.now)
    return { ok: true, keys: keysOf(photo.id, photo.variants) }
  })
  if (!outcome.ok) return outcome
  // After the commit: the page no longer shows the photo whatever happens next. A file left
  // behind by a storage failure is only wasted space, so it is logged, not shown to the seller.
  await storage.delete(outcome.keys).catch((err: Error) => input.log?.warn('photo files not deleted', { keys: outcome.keys, error: err.message }))
  return { ok: true }
}

/** Moves a photo one place earlier or later; at either end it stays where it is. */
export async function moveListingPhoto(
  db: Kysely<DB>,
  input: { listingId: string; photoId: string; direction: 'up' | 'down'; now: Date },
): Promise<{ ok: true } | Failure> {
  return db.transaction().execute(async (trx): Promise<{ ok: true } | Failure> => {
    const locked = await lockListing(trx, input.listingId)
    if (!locked) return { ok: false, status: 404, message: 'There is no such listing.' }
    const ids = (await listIds(trx, input.listingId)).map((p) => p.id)
    const from = ids.indexOf(input.photoId)
    if (from < 0) return { ok: false, status: 404, message: 'This photo is not on the listing. It may have been deleted.' }
    const refusal = photoChangeRefusal(locked, 'reorder')
    if (refusal) return { ok: false, status: 409, message: refusal }
    const to = input.direction === 'up' ? from - 1 : from + 1
    if (to >= 0 && to < ids.length) [ids[from], ids[to]] = [ids[to], ids[from]]
    await renumber(trx, ids)
    await changeListing(trx, locked, {}, input.now)
    return { ok: true }
  })
}
