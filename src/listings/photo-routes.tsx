import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../web/context.js'
import { currentCompany, requireApprovedCompany } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { validQuery } from '../web/validation.js'
import { readForm } from '../web/body.js'
import { MAX_PHOTO_BYTES } from '../images/process.js'
import { PhotosPage, type PhotosPageProps } from '../../views/listings/photos.js'
import { listListingPhotos } from './queries.js'
import { ID, UUID_PATTERN } from '../lib/ids.js'
import { MAX_PHOTOS } from './rules.js'
import { PhotosPageQuery } from './schemas.js'
import { photoChangeRefusal } from './photo-rules.js'
import { addListingPhotos, deleteListingPhoto, moveListingPhoto, type UploadedFile } from './listing-photos.js'

const NOT_FOUND = 'There is no such listing, or it is not yours to change.'

/**
 * A whole upload: a full set of photos at the per-file limit, plus room for the multipart
 * framing and the form's other fields. Mounted in app.ts ahead of the CSRF check (which reads
 * the form), so an oversized body is refused from its Content-Length, or cut off as soon as
 * it passes the limit, instead of being buffered whole.
 */
export const MAX_UPLOAD_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024

export const photoUploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: () => {
    throw new HTTPException(413, {
      message: `That upload is too large. Send at most ${MAX_PHOTOS} photos of up to 15 MB each, or fewer at a time on a slow connection.`,
    })
  },
})

type OwnedListing = { id: string; title: string; status: PhotosPageProps['listing']['status']; bid_count: number }

/** The listing, if the viewer's company owns it; 404 otherwise, so nobody learns what exists. */
async function ownListing(c: Context<AppEnv>, id: string): Promise<OwnedListing> {
  const company = currentCompany(c)
  const listing = await c.var.db.selectFrom('listings').select(['id', 'title', 'status', 'bid_count', 'company_id']).where('id', '=', id.toLowerCase()).executeTakeFirst()
  if (!listing || listing.company_id !== company.id) throw new HTTPException(404, { message: NOT_FOUND })
  return listing
}

async function showPhotos(
  c: Context<AppEnv>,
  listing: OwnedListing,
  extra: Pick<PhotosPageProps, 'notice' | 'error' | 'refused'> = {},
  status: ContentfulStatusCode = 200,
) {
  // The row may have changed since `listing` was read (a failed upload re-renders it): reread.
  const current = await c.var.db.selectFrom('listings').select(['status', 'bid_count']).where('id', '=', listing.id).executeTakeFirst() ?? listing
  const photos = await listListingPhotos(c.var.db, listing.id)
  return renderPage(c, `Photos — ${listing.title}`, (
    <PhotosPage
      listing={{ id: listing.id, title: listing.title, status: current.status }}
      photos={photos.map((p) => ({ id: p.id, width: p.width, height: p.height, variants: p.variants }))}
      csrfToken={c.var.csrfToken}
      maxPhotos={MAX_PHOTOS}
      refusals={{
        add: photoChangeRefusal(current, 'add'),
        remove: photoChangeRefusal(current, 'remove'),
        reorder: photoChangeRefusal(current, 'reorder'),
      }}
      {...extra}
    />
  ), status)
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

type Status = PhotosPageProps['listing']['status']

/** Who sees a photo change, by the listing's status: so each message says what really happened. */
function whoSees(status: Status): string {
  if (status === 'live') return 'Buyers see the change now.'
  if (status === 'pending_review') return 'The admin reviewing the listing sees the change.'
  return 'Only your company sees the draft until you send it for review.'
}

/** What the last step did, from the small words our own redirects put in the address. */
function photosNotice(query: { added?: string; saved?: string; notice?: string }, status: Status): string | undefined {
  const added = Number(query.added)
  if (Number.isInteger(added) && added > 0 && added <= MAX_PHOTOS) return `${plural(added, 'photo')} added. ${whoSees(status)}`
  if (query.saved === '1') {
    return status === 'rejected'
      ? 'Your changes are saved. The listing stays rejected until you send it for review again: check the photos, then the summary.'
      : 'Saved as a draft. Only your company sees it. Add photos next, then check the summary and send it for review.'
  }
  if (query.notice === 'deleted') return `The photo was deleted. ${whoSees(status)}`
  if (query.notice === 'moved-up' || query.notice === 'moved-down') {
    return `The photo was moved ${query.notice === 'moved-up' ? 'up' : 'down'}. The first photo is the one shown in search results.`
  }
  return undefined
}

export const photoRoutes = new Hono<AppEnv>()
  .get(`/${ID}/photos`, async (c) => {
    const listing = await ownListing(c, c.req.param('id'))
    return showPhotos(c, listing, { notice: photosNotice(validQuery(c, PhotosPageQuery), listing.status) })
  })
  .post(`/${ID}/photos`, requireApprovedCompany, async (c) => {
    const listing = await ownListing(c, c.req.param('id'))
    // A browser sends an empty, nameless part when no file was chosen; a text field under the
    // same name is not a file either.
    const files: UploadedFile[] = (await readForm(c)).getAll('photo')
      .filter((v): v is File => typeof v === 'object' && v !== null && !(v.size === 0 && v.name === ''))
      .map((f) => ({ name: f.name, size: f.size, bytes: async () => new Uint8Array(await f.arrayBuffer()) }))
    if (files.length === 0) return showPhotos(c, listing, { error: 'Please choose at least one photo to upload.' }, 422)

    const result = await addListingPhotos(c.var.db, c.var.storage, { listingId: listing.id, files, now: c.var.clock(), log: c.var.log })
    if (!result.ok) {
      if (result.status === 404) throw new HTTPException(404, { message: NOT_FOUND })
      return showPhotos(c, listing, { error: result.message, refused: result.refused.length > 1 ? result.refused : undefined }, result.status)
    }
    if (result.refused.length) {
      // Some files were kept, some not: the seller sees both, and which file each refusal is about.
      const notice = `${plural(result.added, 'photo')} added. ${whoSees(listing.status)}`
      return showPhotos(c, listing, { notice, error: `${plural(result.refused.length, 'file')} could not be used:`, refused: result.refused }, 422)
    }
    return redirectTo(c, `/listings/${listing.id}/photos?added=${result.added}`)
  })
  .post(`/${ID}/photos/:photoId{${UUID_PATTERN}}/delete`, requireApprovedCompany, async (c) => {
    const listing = await ownListing(c, c.req.param('id'))
    const photoId = c.req.param('photoId').toLowerCase()
    const result = await deleteListingPhoto(c.var.db, c.var.storage, { listingId: listing.id, photoId, now: c.var.clock(), log: c.var.log })
    if (!result.ok) return showPhotos(c, listing, { error: result.message }, result.status)
    return redirectTo(c, `/listings/${listing.id}/photos?notice=deleted`)
  })
  .post(`/${ID}/photos/:photoId{${UUID_PATTERN}}/move`, requireApprovedCompany, async (c) => {
    const listing = await ownListing(c, c.req.param('id'))
    const photoId = c.req.param('photoId').toLowerCase()
    const direction = (await readForm(c)).get('direction')
    if (direction !== 'up' && direction !== 'down') {
      return showPhotos(c, listing, { error: 'Choose whether to move the photo up or down.' }, 422)
    }
    const result = await moveListingPhoto(c.var.db, { listingId: listing.id, photoId, direction, now: c.var.clock() })
    if (!result.ok) return showPhotos(c, listing, { error: result.message }, result.status)
    return redirectTo(c, `/listings/${listing.id}/photos?notice=moved-${direction}#photo-${photoId}`)
  })
