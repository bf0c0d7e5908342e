import type { Child } from 'hono/jsx'

// Only http(s): a `javascript:` URL in an email body must never become a live link.
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g
// A sentence ending right after a link ("…verify?token=abc.") keeps its full stop outside.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/

/** Plain text with its web addresses as links; every other character stays text (escaped on render). */
export function linkify(text: string): Child[] {
  const parts: Child[] = []
  let from = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '')
    if (/^https?:\/\/$/.test(url)) continue
    parts.push(text.slice(from, match.index))
    parts.push(<a href={url}>{url}</a>)
    from = match.index + url.length
  }
  parts.push(text.slice(from))
  return parts
}
