// Saved searches: a person keeps a /listings query (its canonical query string) under a name,
// runs it again with one click, and gets a daily digest of what is new (saved-search-digest.ts).
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { COUNTRIES } from '../lib/countries.js'

export const MAX_SAVED_SEARCHES = 20
export const MAX_NAME_LENGTH = 100

export type SaveResult =
  | { ok: true; id: string; name: string; existing: boolean }
  | { ok: false; reason: 'limit' }

/**
 * Saves a search for a person, at most MAX_SAVED_SEARCHES each. The same query saved twice
 * stays one saved search. The person's row is locked while counting, so two saves sent at
 * once cannot both squeeze in as the 20th.
 * `now` starts the digest clock: the first digest lists what went live after saving.
 */
export async function createSavedSearch(db: Kysely<DB>, input: { userId: string; name: string; query: string; now: Date }): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('users').select('id').where('id', '=', input.userId).forUpdate().executeTakeFirstOrThrow()
    const mine = await trx.selectFrom('saved_searches').select(['id', 'name', 'query']).where('user_id', '=', input.userId).execute()
    const same = mine.find((s) => s.query === input.query)
    if (same) return { ok: true, id: same.id, name: same.name, existing: true }
    if (mine.length >= MAX_SAVED_SEARCHES) return { ok: false, reason: 'limit' }
    const row = await trx
      .insertInto('saved_searches')
      .values({ user_id: input.userId, name: input.name, query: input.query, last_digest_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { ok: true, id: row.id, name: input.name, existing: false }
  })
}

export function listSavedSearches(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('saved_searches')
    .select(['id', 'name', 'query', 'last_digest_at', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
}

/** Deletes one of the person's saved searches; false when it is not theirs (or gone). */
export async function deleteSavedSearch(db: Kysely<DB>, userId: string, id: string): Promise<boolean> {
  const row = await db.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', userId).returning('id').executeTakeFirst()
  return Boolean(row)
}

const SALE_WORDS: Record<string, string> = { auction: 'auctions', fixed_price: 'fixed price', fixed: 'fixed price' }

/**
 * A readable name for a search, from its query string: "cardboard in Sweden, auctions",
 * "Plastics in Malmö, Sweden, €100–€500, ending within 24 h". `categories` maps slugs to names.
 */
export function describeSearch(params: URLSearchParams, categories: ReadonlyMap<string, string>): string {
  const q = params.get('q')?.trim()
  const category = params.get('category')
  const categoryName = category ? categories.get(category) ?? category : null
  let what = q ? (categoryName ? `${q} in ${categoryName}` : q) : categoryName ?? 'All listings'
  const city = params.get('city')?.trim()
  const countryCode = params.get('country')?.toUpperCase()
  const country = countryCode ? COUNTRIES[countryCode] ?? countryCode : null
  const place = [city, country].filter(Boolean).join(', ')
  if (place) what += ` in ${place}`
  const extras: string[] = []
  const sale = params.get('sale')
  if (sale && SALE_WORDS[sale]) extras.push(SALE_WORDS[sale])
  const min = params.get('min')
  const max = params.get('max')
  if (min && max) extras.push(`€${min}–€${max}`)
  else if (min) extras.push(`from €${min}`)
  else if (max) extras.push(`up to €${max}`)
  if (params.get('ending')) extras.push('ending within 24 h')
  const name = [what, ...extras].join(', ')
  return name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH - 1)}…` : name
}
