// The daily saved-search digest: for each person, the listings that went live since their
// last digest and match one of their saved searches, in one email through the outbox.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { formatDateTime, formatTimeLeft, zoneForCountry } from '../lib/time.js'
import { COUNTRIES } from '../lib/countries.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { digestMessage, type DigestSection } from '../../views/emails/digest.js'
import { displayPrice } from './present.js'
import { parseSearchParams, searchListingsPublishedSince, type SearchRow } from './search.js'

/**
 * A saved search is due when its last digest is older than this. A bit under a day: the job
 * runs daily, and a run a few seconds earlier than yesterday's must still find it due.
 */
export const DIGEST_DUE_AFTER_MS = 20 * 3600_000

export type DigestOptions = { now: Date; baseUrl: string; limitPerSearch?: number; log?: Logger }
export type DigestResult = { people: number; emails: number; searches: number }

/**
 * Sends what is due. Each person is handled in one transaction that claims their due saved
 * searches, queues the email and moves `last_digest_at` to `now`: the email and the advance
 * commit together or not at all, so a crash neither sends a digest twice nor loses one.
 * Another instance running at the same time skips a person already being handled (SKIP LOCKED).
 */
export async function sendSavedSearchDigests(db: Kysely<DB>, opts: DigestOptions): Promise<DigestResult> {
  const { now } = opts
  const cutoff = new Date(now.getTime() - DIGEST_DUE_AFTER_MS)
  const result: DigestResult = { people: 0, emails: 0, searches: 0 }
  const due = await db.selectFrom('saved_searches').select('user_id').distinct().where('last_digest_at', '<=', cutoff).execute()

  for (const { user_id: userId } of due) {
    try {
      const sent = await digestForPerson(db, userId, cutoff, opts)
      if (sent === null) continue
      result.people++
      result.searches += sent.searches
      if (sent.emailed) result.emails++
    } catch (err) {
      // One person's failure must not hold back everybody else's digest; theirs stays due.
      opts.log?.error('saved-search digest failed', { userId, error: err instanceof Error ? err.message : String(err) })
    }
  }
  return result
}

async function digestForPerson(db: Kysely<DB>, userId: string, cutoff: Date, opts: DigestOptions) {
  const { now, baseUrl } = opts
  const limit = opts.limitPerSearch ?? 10
  return db.transaction().execute(async (trx) => {
    // The person is the unit of work: claiming their row (not only their searches row by row)
    // keeps two instances from each taking part of their searches and sending two emails.
    // NO KEY UPDATE, so their logins (rows referencing users) are not held up meanwhile.
    const person = await trx
      .selectFrom('users')
      .leftJoin('companies', 'companies.id', 'users.company_id')
      .select(['users.email', 'users.name', 'companies.country'])
      .where('users.id', '=', userId)
      .forNoKeyUpdate('users')
      .skipLocked()
      .executeTakeFirst()
    if (!person) return null
    // Rechecked under the lock: a run that finished meanwhile has already moved them on.
    const searches = await trx
      .selectFrom('saved_searches')
      .select(['id', 'name', 'query', 'last_digest_at'])
      .where('user_id', '=', userId)
      .where('last_digest_at', '<=', cutoff)
      .orderBy('created_at')
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute()
    if (searches.length === 0) return null

    const timeZone = zoneForCountry(person.country)
    const sections: DigestSection[] = []
    // One query per saved search (each is a different search); the listing rows come back
    // complete, so nothing is queried per listing.
    for (const search of searches) {
      const parsed = parseSearchParams(new URLSearchParams(search.query))
      // Stored queries were validated when saved; one the search rules no longer accept is
      // skipped (and still moved on) rather than failing the person's whole digest.
      if (!parsed.ok) continue
      const rows = (await searchListingsPublishedSince(trx, parsed.query, search.last_digest_at, now, limit + 1))
        // Published "in the future" (another instance's clock a little ahead): next digest.
        .filter((r) => r.publishedAt !== null && r.publishedAt <= now)
      if (rows.length === 0) continue
      sections.push({
        name: search.name,
        searchUrl: absolute(baseUrl, search.query ? `/listings?${search.query}` : '/listings'),
        listings: rows.slice(0, limit).map((r) => digestListing(r, baseUrl, timeZone, now)),
        more: rows.length > limit,
      })
    }

    if (sections.length > 0) {
      await enqueueEmail(trx, digestMessage({ to: person.email, name: person.name, sections, manageUrl: absolute(baseUrl, '/saved-searches') }))
    }
    await trx.updateTable('saved_searches').set({ last_digest_at: now }).where('id', 'in', searches.map((s) => s.id)).execute()
    return { emailed: sections.length > 0, searches: searches.length }
  })
}

function absolute(baseUrl: string, path: string) {
  return new URL(path, baseUrl).toString()
}

function digestListing(r: SearchRow, baseUrl: string, timeZone: string, now: Date) {
  const price = displayPrice({ sale_type: r.saleType, fixed_price: r.fixedPrice, current_price: r.currentPrice, start_price: r.startPrice, currency: r.currency })
  return {
    title: r.title,
    url: absolute(baseUrl, `/listings/${r.id}`),
    price: `${price.label} ${price.amount}`,
    place: `${r.city}, ${COUNTRIES[r.country] ?? r.country}`,
    detail: r.saleType === 'auction' && r.endsAt ? `auction ends ${formatDateTime(r.endsAt, timeZone)} (in ${formatTimeLeft(r.endsAt, now)})` : 'fixed price',
  }
}
