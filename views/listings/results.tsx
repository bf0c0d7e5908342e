import { ResultCard, type CardSlot, type ResultCardView } from './result-card.js'
import { FilterChips, type FilterChipsView } from './filter-chips.js'

export const RESULTS_ID = 'results'

export type ResultsView = {
  items: ResultCardView[]
  /** "12 listings" is unknown with keyset pages; this says what is shown instead. */
  summary: string
  nextHref: string | null
  firstHref: string | null
  /** The filters in force, each removable. */
  filters?: FilterChipsView
  errors?: Record<string, string>
}

/**
 * The results region: the full page renders it under the search form, and an htmx request
 * gets it alone to swap in place (outerHTML of #results).
 */
export function SearchResults(props: { results: ResultsView; watchButton?: CardSlot }) {
  const { items, errors } = props.results
  const messages = errors ? Object.values(errors) : []
  return (
    <section id={RESULTS_ID} class="results" aria-labelledby="results-heading" aria-live="polite">
      {/* The cards' titles are h3s under it, so the outline skips no level. */}
      <h2 id="results-heading" class="visually-hidden">Search results</h2>
      {messages.length > 0 ? (
        <div class="alert error" role="alert">
          <p>This search could not be run:</p>
          <ul>{messages.map((m) => <li>{m}</li>)}</ul>
        </div>
      ) : (
        <>
          {props.results.filters && <FilterChips {...props.results.filters} />}
          <p class="count" role="status">{props.results.summary}</p>
          {items.length > 0 && (
            <ul class="cards">
              {items.map((item) => <ResultCard item={item} watchButton={props.watchButton} />)}
            </ul>
          )}
          {(props.results.nextHref || props.results.firstHref) && (
            <nav class="actions" aria-label="Pages">
              {props.results.firstHref && <a href={props.results.firstHref}>First page</a>}
              {props.results.nextHref && <a class="button secondary" rel="next" href={props.results.nextHref}>Next page</a>}
            </nav>
          )}
        </>
      )}
    </section>
  )
}
