// A score as stars, with the number in words for screen readers.
import { stars } from '../../src/ratings/rating-rules.js'

export function Stars(props: { score: number }) {
  return <span class="stars" role="img" aria-label={`${props.score} of 5 stars`}>{stars(props.score)}</span>
}
