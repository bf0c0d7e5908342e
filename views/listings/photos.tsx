import type { ListingStatus } from '../../src/listings/listing-view.js'
import { STATUS_LABELS } from '../../src/listings/present.js'
import { CsrfField, Notice } from '../components/form.js'
import { Photo, type PhotoData } from '../components/photo.js'
import { SellingSteps } from './listing-form.js'

export type PhotosPageProps = {
  listing: { id: string; title: string; status: ListingStatus }
  photos: PhotoData[]
  csrfToken: string
  maxPhotos: number
  /** Why each kind of change is not allowed now; null when it is. */
  refusals: { add: string | null; remove: string | null; reorder: string | null }
  notice?: string
  error?: string
  refused?: { name: string; message: string }[]
}

export function PhotosPage(props: PhotosPageProps) {
  const { listing, photos, refusals } = props
  const left = props.maxPhotos - photos.length
  const base = `/listings/${listing.id}/photos`
  // A draft or a rejected listing is on its way to review: this page is that way's second step.
  const onTheWay = listing.status === 'draft' || listing.status === 'rejected'
  return (
    <section>
      {onTheWay && <SellingSteps current="photos" listingId={listing.id} />}
      <h1>Photos</h1>
      <p><a href={`/listings/${listing.id}`}>{listing.title}</a> · {STATUS_LABELS[listing.status]}</p>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {onTheWay && (
        <p class="hint">Listings with clear photos sell faster: show the material, its packing and the quantity. Up to {props.maxPhotos} photos.</p>
      )}
      {(props.error || props.refused?.length) && (
        <div class="alert error" role="alert">
          {props.error && <p>{props.error}</p>}
          {props.refused && props.refused.length > 0 && (
            <ul>{props.refused.map((f) => <li><strong>{f.name || 'A file'}</strong>: {f.message}</li>)}</ul>
          )}
        </div>
      )}

      {photos.length === 0 ? <p class="no-photo">No photos yet.</p> : (
        <ol class="cards photo-list">
          {photos.map((photo, i) => {
            const label = `photo ${i + 1}`
            return (
              <li class="card" id={`photo-${photo.id}`}>
                <Photo photo={photo} alt={`${listing.title} — ${label}`} sizes="(min-width: 40rem) 14rem, 90vw" />
                <div class="actions">
                  {!refusals.reorder && i > 0 && <MoveButton action={`${base}/${photo.id}/move`} direction="up" label={label} csrfToken={props.csrfToken} />}
                  {!refusals.reorder && i < photos.length - 1 && <MoveButton action={`${base}/${photo.id}/move`} direction="down" label={label} csrfToken={props.csrfToken} />}
                  {!refusals.remove && (
                    <form method="post" action={`${base}/${photo.id}/delete`} class="inline">
                      <CsrfField token={props.csrfToken} />
                      <button type="submit" class="danger small" aria-label={`Delete ${label}`}>Delete</button>
                    </form>
                  )}
                </div>
              </li>
            )
          })}
        </ol>
      )}
      {photos.length > 0 && refusals.remove && <p class="hint">{refusals.remove}</p>}

      <h2>Add photos</h2>
      {refusals.add ? <p>{refusals.add}</p> : left <= 0 ? (
        <p>This listing has {props.maxPhotos} photos, the most it can have. Delete one to add another.</p>
      ) : (
        <form method="post" action={base} enctype="multipart/form-data" class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="f-photo">Photos</label>
            <p class="hint" id="f-photo-hint">
              JPEG, PNG or WebP, up to 15 MB each. You can add {left} more {left === 1 ? 'photo' : 'photos'}.
              The first photo is the one shown in search results.
            </p>
            <input id="f-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp" multiple required aria-describedby="f-photo-hint" />
          </div>
          <button type="submit">Upload</button>
        </form>
      )}
      {onTheWay ? (
        <p class="actions">
          <a class="button" href={`/listings/${listing.id}/review`}>Next: check and send for review</a>
          <a href={`/listings/${listing.id}/edit`}>Back to the details</a>
        </p>
      ) : (
        <p class="actions">
          <a href={`/listings/${listing.id}`}>Back to the listing</a>
          <a href="/my/listings">My listings</a>
        </p>
      )}
    </section>
  )
}

function MoveButton(props: { action: string; direction: 'up' | 'down'; label: string; csrfToken: string }) {
  const text = props.direction === 'up' ? 'Move up' : 'Move down'
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="direction" value={props.direction} />
      <button type="submit" class="secondary small" aria-label={`${text}: ${props.label}`}>{text}</button>
    </form>
  )
}
