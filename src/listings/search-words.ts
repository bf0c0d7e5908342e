// What people type, matched against a listing: the words as full text (search_document), and a
// word that names a category in the markets' languages (category-synonyms.ts) as that category.
//
// Full text: the tsquery is built by PostgreSQL from parameters (never by pasting text into
// SQL). websearch_to_tsquery understands "quoted phrases", or, and -minus; the last plain word
// also matches as a prefix, so results follow as someone types ("kart" already finds "kartong").
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { categoriesNamedIn } from './category-synonyms.js'

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

/**
 * The query's words against a listing's search text; a word that names a category in one of
 * the markets' languages (category-synonyms.ts) also finds that category's listings, with the
 * other words still required: "kartong Malmö" finds cardboard in Malmö however it is titled.
 */
export function wordsMatch(q: string): RawBuilder<SqlBool> {
  const byText = sql<SqlBool>`l.search_document @@ ${textQuery(q)}`
  const { slugs, rest } = categoriesNamedIn(q)
  if (slugs.length === 0) return byText
  const inCategory = sql<SqlBool>`l.category_id in (select c.id from categories c where c.slug in (${sql.join(slugs)}))`
  const others = hasWords(rest) ? sql<SqlBool>` and l.search_document @@ ${textQuery(rest)}` : sql``
  return sql<SqlBool>`(${byText} or (${inCategory}${others}))`
}
