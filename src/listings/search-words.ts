// What people type, matched against a listing: the words as full text (search_document), a word
// that names a category in the markets' languages (category-synonyms.ts) as that category, and a
// place name or postcode (place-names.ts) as the listing's pickup place.
//
// Full text: the tsquery is built by PostgreSQL from parameters (never by pasting text into
// SQL). websearch_to_tsquery understands "quoted phrases", or, and -minus; the last plain word
// also matches as a prefix, so results follow as someone types ("kart" already finds "kartong").
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { categoriesNamedIn } from './category-synonyms.js'
import { pickupAtSql } from './place-match.js'
import { placesNamedIn } from './place-names.js'

const CONFIG = sql.lit('nordicloop_search')

export function textQuery(q: string): RawBuilder<unknown> {
  const text = q.trim()
  const m = /^(.*?)(\s*)([\p{L}\p{N}]+)$/su.exec(text)
  const last = m?.[3]
  // A word ending in a quote or after a minus is an operator's operand: leave it to websearch.
  if (!m || !last || /^or$/i.test(last) || /"/.test(text) && (text.split('"').length - 1) % 2 === 1 || /(^|\s)-$/.test(m[1] + m[2])) {
    return sql`websearch_to_tsquery(${CONFIG}, ${text})`
  }
  // Only letters and digits reach to_tsquery, quoted: no operator can be smuggled in.
  const prefix = sql`to_tsquery(${CONFIG}, ${`'${last}':*`})`
  const rest = m[1]
  const orBefore = /(^|\s)or$/i.exec(rest)
  if (orBefore) return sql`(websearch_to_tsquery(${CONFIG}, ${rest.slice(0, orBefore.index)}) || ${prefix})`
  return sql`(websearch_to_tsquery(${CONFIG}, ${rest}) && ${prefix})`
}

/** Words that can be searched for: some letter or digit, not just punctuation. */
export const hasWords = (q: string | undefined): q is string => Boolean(q && /[\p{L}\p{N}]/u.test(q))

/** The words a named thing leaves, without an "or" that joined it to another ("Malmö or Lund"). */
function others(rest: string): string {
  const words = rest.split(/\s+/).filter(Boolean)
  return words.filter((w, i) => !/^or$/i.test(w) || (i > 0 && i < words.length - 1 && !/^or$/i.test(words[i - 1]))).join(' ')
}

/** All the conditions, and the remaining words as full text when there are any. */
function allOf(conditions: RawBuilder<SqlBool>[], rest: string): RawBuilder<SqlBool> {
  const words = others(rest)
  const all = hasWords(words) ? [...conditions, sql<SqlBool>`l.search_document @@ ${textQuery(words)}`] : conditions
  return sql<SqlBool>`(${sql.join(all, sql` and `)})`
}

const inCategories = (slugs: string[]) => sql<SqlBool>`l.category_id in (select c.id from categories c where c.slug in (${sql.join(slugs)}))`

/**
 * The query's words against a listing's search text; a word that names a category in one of
 * the markets' languages (category-synonyms.ts) also finds that category's listings, and a
 * place name or postcode (place-names.ts) the listings picked up there, with the other words
 * still required: "kartong Malmö" finds cardboard in Malmö however it is titled.
 */
export function wordsMatch(q: string): RawBuilder<SqlBool> {
  const matches = [sql<SqlBool>`l.search_document @@ ${textQuery(q)}`]
  const { slugs, rest } = categoriesNamedIn(q)
  const inCategory = slugs.length > 0 ? inCategories(slugs) : null
  if (inCategory) matches.push(allOf([inCategory], rest))
  const places = placesNamedIn(q)
  const pickup = pickupAtSql(places)
  if (pickup) matches.push(allOf([pickup], places.rest))
  const placesBesides = inCategory && pickup ? placesNamedIn(rest) : null
  const pickupBesides = placesBesides && pickupAtSql(placesBesides)
  if (inCategory && placesBesides && pickupBesides) matches.push(allOf([inCategory, pickupBesides], placesBesides.rest))
  return matches.length === 1 ? matches[0] : sql<SqlBool>`(${sql.join(matches, sql` or `)})`
}
