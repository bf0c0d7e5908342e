import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { endingSoonMessage } from '../../views/emails/auctions.js'
import { openForTradeSql } from '../listings/listing-state.js'

const HOUR = 3600_000

/**
 * Tells watchers once that an auction ends within the hour. Marking the watchlist rows and
 * queueing the emails happen in one transaction: each watcher hears it exactly once.
 */
export async function notifyWatchersEndingSoon(db: Kysely<DB>, opts: { now: Date; baseUrl: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('watchlist')
      .from('listings')
      .set({ ending_soon_sent_at: opts.now })
      .whereRef('watchlist.listing_id', '=', 'listings.id')
      .where(openForTradeSql('listings', opts.now))
      .where('listings.sale_type', '=', 'auction')
      .where('listings.ends_at', '<=', new Date(opts.now.getTime() + HOUR))
      .where('watchlist.ending_soon_sent_at', 'is', null)
      .returning(['watchlist.user_id', 'listings.id', 'listings.title', 'listings.current_price', 'listings.start_price', 'listings.currency'])
      .execute()
    if (claimed.length === 0) return 0
    const users = await trx.selectFrom('users').select(['id', 'email', 'name'])
      .where('id', 'in', [...new Set(claimed.map((c) => c.user_id))]).where('email_verified_at', 'is not', null).execute()
    const byId = new Map(users.map((u) => [u.id, u]))
    const emails = claimed.flatMap((c) => {
      const user = byId.get(c.user_id)
      if (!user) return []
      const price = formatMoney(c.current_price ?? c.start_price ?? 0, c.currency)
      return [endingSoonMessage({ to: user.email, name: user.name }, c.title, price, `${opts.baseUrl}/listings/${c.id}`)]
    })
    await enqueueEmails(trx, emails)
    return emails.length
  })
}
