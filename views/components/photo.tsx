// Listing photos are stored as WebP in a few widths; the browser picks the smallest that fits.
import type { PhotoData } from '../../src/images/photo-data.js'

export type { PhotoData }

export const photoUrl = (id: string, width: number) => `/media/photos/${id}/${width}.webp`

/** The largest stored size: what a thumbnail opens (a plain link, so it works without script). */
export const largestPhotoUrl = (photo: PhotoData) => photoUrl(photo.id, Math.max(...photo.variants))

export function Photo(props: { photo: PhotoData; alt: string; sizes: string; eager?: boolean; class?: string }) {
  const { photo } = props
  const widths = [...photo.variants].sort((a, b) => a - b)
  const fallback = widths.find((w) => w >= 640) ?? widths[widths.length - 1]
  // The stored aspect ratio in width/height lets the browser reserve the space (no layout shift).
  const height = Math.round((photo.height / photo.width) * fallback)
  return (
    <img
      class={props.class}
      src={photoUrl(photo.id, fallback)}
      srcset={widths.map((w) => `${photoUrl(photo.id, w)} ${w}w`).join(', ')}
      sizes={props.sizes}
      width={fallback}
      height={height}
      alt={props.alt}
      loading={props.eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  )
}
