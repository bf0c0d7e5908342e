import { CsrfField } from '../components/form.js'

/**
 * Watch / stop watching, as one small form. With htmx it posts in place and the response is
 * this same component in its new state (hx-target="this"); without JavaScript the POST
 * answers 303 back to `back`, the page the button was on.
 * A visitor gets a login link that returns to the listing instead of a form that cannot work.
 */
export function WatchButton(props: {
  listingId: string
  /** null: not logged in. */
  watching: boolean | null
  csrfToken: string
  back: string
  compact?: boolean
}) {
  const { listingId, watching } = props
  if (watching === null) {
    return (
      <p class="watch-form">
        <a href={`/login?next=${encodeURIComponent(`/listings/${listingId}`)}`}>Log in to watch this listing</a>
      </p>
    )
  }
  const action = `/listings/${listingId}/${watching ? 'unwatch' : 'watch'}`
  return (
    <form method="post" action={action} class={watching ? 'watch-form watching' : 'watch-form'} hx-post={action} hx-target="this" hx-swap="outerHTML">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      {watching ? (
        <button type="submit" class="secondary">
          <span aria-hidden="true">★</span> {props.compact ? 'Stop watching' : 'Watching — stop'}
        </button>
      ) : (
        <button type="submit" class="secondary">
          <span aria-hidden="true">☆</span> Watch
        </button>
      )}
    </form>
  )
}
