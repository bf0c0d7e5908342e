import { CsrfField } from '../components/form.js'

export type SaveSearchState =
  | { kind: 'form' }
  | { kind: 'saved'; name: string; existing: boolean }
  | { kind: 'error'; message: string }

/**
 * "Save this search" for the results page. `query` is the search's canonical query string
 * (no leading "?"). With htmx the form also sends the search form's current fields (the
 * results may have changed as the person typed) and swaps itself for the outcome; without JavaScript the
 * POST lands on the saved-searches page. A visitor gets a login link that returns to the
 * same results.
 */
export function SaveSearchForm(props: {
  query: string
  /** The results' link, for a visitor's way back after logging in. */
  resultsHref?: string
  csrfToken: string
  /** False for a visitor (or a person without a company, who cannot save searches). */
  canSave: boolean
  loggedIn: boolean
  state?: SaveSearchState
}) {
  const state = props.state ?? { kind: 'form' }
  if (!props.canSave) {
    if (props.loggedIn) return null
    return (
      <p class="save-search">
        <a href={`/login?next=${encodeURIComponent(props.resultsHref ?? '/listings')}`}>Log in to save this search</a> and get new matches by email.
      </p>
    )
  }
  if (state.kind === 'saved') {
    return (
      <p class="save-search saved" role="status">
        {state.existing ? 'You had already saved this search' : 'Search saved'} as “{state.name}”. We will email you a daily digest of new matches.{' '}
        <a href="/saved-searches">Your saved searches</a>
      </p>
    )
  }
  return (
    <form method="post" action="/saved-searches" class="save-search" hx-post="/saved-searches" hx-target="this" hx-swap="outerHTML" hx-include="form[role=search]">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="query" value={props.query} />
      {state.kind === 'error' && <p class="error" role="alert">{state.message}</p>}
      <button type="submit" class="secondary">Save this search</button>
      <span class="hint"> and get new matches by email once a day</span>
    </form>
  )
}
