// Emails about unread chat messages, run every minute by the scheduler. A person due one
// (chat.ts sets the time when a message is posted for them) gets one email with the messages
// they have not read, if the oldest is at least 10 minutes old and their last email about the
// deal is at least an hour old (chat-rules.ts); otherwise their due time moves on, or is
// cleared once they have read everything.
//
// Several instances may run it at once: the due rows are claimed FOR UPDATE SKIP LOCKED in the
// transaction that queues the emails (outbox.ts) and records them, so each email is queued
// once, and a message posted meanwhile waits on the row lock and then sets the next due time.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { formatDateTime, zoneForCountry } from '../lib/time.js'
import { enqueueEmails } from '../notifications/outbox.js'
import type { Email } from '../notifications/email.js'
import { chatEmail } from '../../views/emails/chat.js'
import { chatEmailDecision, type ChatSide } from './chat-rules.js'

/** Messages quoted in one email at most; older unread ones are counted, not quoted. */
const QUOTED = 10

export type ChatEmailResult = { claimed: number; sent: number; waiting: number; cleared: number }

export async function sendChatEmails(db: Kysely<DB>, opts: { now: Date; baseUrl: string; batchSize?: number; log?: Logger }): Promise<ChatEmailResult> {
  const { now } = opts
  return db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('deal_chat_reads').select(['deal_id', 'user_id', 'read_seq', 'emailed_seq', 'emailed_at'])
      .where('email_due_at', '<=', now).orderBy('email_due_at').limit(opts.batchSize ?? 50)
      .forUpdate().skipLocked().execute()
    const result: ChatEmailResult = { claimed: due.length, sent: 0, waiting: 0, cleared: 0 }
    if (due.length === 0) return result

    const dealIds = [...new Set(due.map((r) => r.deal_id))]
    const userIds = [...new Set(due.map((r) => r.user_id))]
    // Per deal, the messages after the earliest point any of its people has read or been emailed to.
    const from = new Map<string, number>()
    for (const r of due) from.set(r.deal_id, Math.min(from.get(r.deal_id) ?? Infinity, Math.max(r.read_seq, r.emailed_seq)))
    const [users, deals, messages] = await Promise.all([
      trx.selectFrom('users').select(['id', 'email', 'name', 'company_id', 'email_verified_at']).where('id', 'in', userIds).execute(),
      trx.selectFrom('deals')
        .innerJoin('listings', 'listings.id', 'deals.listing_id')
        .innerJoin('companies as buyer', 'buyer.id', 'deals.buyer_company_id')
        .innerJoin('companies as seller', 'seller.id', 'deals.seller_company_id')
        .select(['deals.id', 'deals.number', 'deals.buyer_company_id', 'deals.seller_company_id', 'listings.title',
          'buyer.legal_name as buyer_name', 'seller.legal_name as seller_name', 'buyer.country as buyer_country', 'seller.country as seller_country'])
        .where('deals.id', 'in', dealIds).execute(),
      trx.selectFrom('deal_chat_messages').leftJoin('users', 'users.id', 'deal_chat_messages.author_user_id')
        .select(['deal_chat_messages.deal_id', 'seq', 'author_side', 'body', 'photo_id', 'deal_chat_messages.created_at', 'users.name as author_name'])
        .where((eb) => eb.or(dealIds.map((id) => eb.and([eb('deal_chat_messages.deal_id', '=', id), eb('seq', '>', from.get(id)!)]))))
        .orderBy('deal_chat_messages.deal_id').orderBy('seq').execute(),
    ])

    const emails: Email[] = []
    const updates: { dealId: string; userId: string; emailedSeq: number; emailedAt: Date | null; dueAt: Date | null }[] = []
    for (const row of due) {
      const user = users.find((u) => u.id === row.user_id)
      const deal = deals.find((d) => d.id === row.deal_id)
      const keep = { dealId: row.deal_id, userId: row.user_id, emailedSeq: row.emailed_seq, emailedAt: row.emailed_at }
      // Someone who has left the company (or never confirmed their email) is no longer told.
      const side: ChatSide | null = !user || !deal ? null
        : user.company_id === deal.buyer_company_id ? 'buyer' : user.company_id === deal.seller_company_id ? 'seller' : null
      if (!user || !deal || !side || !user.email_verified_at) {
        updates.push({ ...keep, dueAt: null })
        result.cleared++
        continue
      }
      const after = Math.max(row.read_seq, row.emailed_seq)
      const unread = messages.filter((m) => m.deal_id === row.deal_id && m.seq > after && m.author_side !== side)
      const decision = chatEmailDecision({ emailedAt: row.emailed_at }, unread.map((m) => ({ createdAt: m.created_at })), now)
      if (decision.kind === 'none') {
        updates.push({ ...keep, dueAt: null })
        result.cleared++
      } else if (decision.kind === 'wait') {
        updates.push({ ...keep, dueAt: decision.until })
        result.waiting++
      } else {
        const timeZone = zoneForCountry(side === 'buyer' ? deal.buyer_country : deal.seller_country)
        const otherSides = [...new Set(unread.map((m) => m.author_side))]
        const sender = otherSides.length === 1 && otherSides[0] === 'admin' ? 'NordicLoop'
          : side === 'buyer' ? deal.seller_name : deal.buyer_name
        const quoted = unread.slice(-QUOTED)
        emails.push(chatEmail({ to: user.email, name: user.name }, {
          number: deal.number, title: deal.title, url: `${opts.baseUrl}/deals/${deal.id}#chat`, from: sender,
          messages: quoted.map((m) => ({
            author: `${m.author_name ?? 'A former member'}, ${m.author_side === 'admin' ? 'NordicLoop' : m.author_side === 'buyer' ? deal.buyer_name : deal.seller_name}`,
            at: formatDateTime(m.created_at, timeZone), text: m.body, photo: m.photo_id !== null,
          })),
          more: unread.length - quoted.length,
        }))
        updates.push({ ...keep, emailedSeq: unread[unread.length - 1].seq, emailedAt: now, dueAt: null })
        result.sent++
      }
    }

    await enqueueEmails(trx, emails)
    const values = sql.join(updates.map((u) =>
      sql`(${u.dealId}::uuid, ${u.userId}::uuid, ${u.emailedSeq}::integer, ${u.emailedAt}::timestamptz, ${u.dueAt}::timestamptz)`))
    await sql`
      UPDATE deal_chat_reads AS r SET emailed_seq = v.emailed_seq, emailed_at = v.emailed_at, email_due_at = v.due_at
      FROM (VALUES ${values}) AS v(deal_id, user_id, emailed_seq, emailed_at, due_at)
      WHERE r.deal_id = v.deal_id AND r.user_id = v.user_id`.execute(trx)
    if (result.sent) opts.log?.info('chat emails queued', { sent: result.sent })
    return result
  })
}
