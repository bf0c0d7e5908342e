// A deal's chat in the database: reading the latest messages of many deals in one snapshot (the
// page and the live stream), posting a message (numbered, read by its author, due to be emailed
// to the other side, announced to open pages — one transaction), and read marks.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { announce } from '../live/topic.js'
import { dealRecipients } from './deal-people.js'
import { EMAIL_AFTER_MS, sidesToTell, type ChatSide } from './chat-rules.js'

/** The live topic kind of deal chats: announced on the channel "deal_chat_events". */
export const CHAT_TOPIC = 'deal_chat'

export type ChatPhoto = { id: string; width: number; height: number; variants: number[] }

export type ChatMessage = {
  seq: number
  authorName: string | null
  authorSide: ChatSide
  body: string
  photo: ChatPhoto | null
  createdAt: Date
}

export type ChatState = {
  dealId: string
  /** The latest message's number; 0 before the first. */
  version: number
  buyerName: string
  sellerName: string
  /** The latest messages, oldest first. */
  messages: ChatMessage[]
}

type MessageJson = {
  seq: number; author_name: string | null; author_side: ChatSide; body: string; created_at: string
  photo_id: string | null; photo_width: number | null; photo_height: number | null; photo_variants: number[] | null
}

/**
 * The chats of many deals, each with its latest `limit` messages, in one statement: one
 * snapshot, so a chat's version and its messages always agree. A deal that does not exist is
 * missing from the map.
 */
export async function loadChats(db: Kysely<DB>, dealIds: string[], limit: number): Promise<Map<string, ChatState>> {
  const out = new Map<string, ChatState>()
  if (dealIds.length === 0) return out
  const { rows } = await sql<{ deal_id: string; version: number; buyer_name: string; seller_name: string; messages: MessageJson[] }>`
    SELECT d.id AS deal_id, coalesce(c.version, 0) AS version, b.legal_name AS buyer_name, s.legal_name AS seller_name,
      coalesce((
        SELECT json_agg(x ORDER BY x.seq) FROM (
          SELECT m.seq, m.author_side, m.body, m.created_at, m.photo_id, m.photo_width, m.photo_height, m.photo_variants, u.name AS author_name
          FROM deal_chat_messages m LEFT JOIN users u ON u.id = m.author_user_id
          WHERE m.deal_id = d.id ORDER BY m.seq DESC LIMIT ${limit}
        ) x
      ), '[]') AS messages
    FROM deals d
    JOIN companies b ON b.id = d.buyer_company_id
    JOIN companies s ON s.id = d.seller_company_id
    LEFT JOIN deal_chats c ON c.deal_id = d.id
    WHERE d.id IN (${sql.join(dealIds)})`.execute(db)
  for (const row of rows) {
    out.set(row.deal_id, {
      dealId: row.deal_id, version: Number(row.version), buyerName: row.buyer_name, sellerName: row.seller_name,
      messages: row.messages.map((m) => ({
        seq: Number(m.seq), authorName: m.author_name, authorSide: m.author_side, body: m.body, createdAt: new Date(m.created_at),
        photo: m.photo_id ? { id: m.photo_id, width: m.photo_width!, height: m.photo_height!, variants: m.photo_variants! } : null,
      })),
    })
  }
  return out
}

type DealParties = { id: string; listing_id: string; buyer_company_id: string; buyer_user_id: string | null; seller_company_id: string }

/**
 * Who is emailed about a message for one side: the people emailed about the deal (the buyer's
 * purchaser or owners, the seller's lister or owners: deal-people.ts), and anyone else of that
 * company who has written in this chat — they took part in the conversation. Confirmed emails only.
 */
export async function chatRecipients(db: Kysely<DB>, deal: DealParties, sides: ('buyer' | 'seller')[]): Promise<string[]> {
  if (sides.length === 0) return []
  const people = await dealRecipients(db, deal)
  const emails = sides.flatMap((side) => people[side].map((p) => p.to))
  const companies = sides.map((side) => (side === 'buyer' ? deal.buyer_company_id : deal.seller_company_id))
  const rows = await db.selectFrom('users').select('id')
    .where('email_verified_at', 'is not', null)
    .where((eb) => eb.or([
      ...(emails.length ? [eb('email', 'in', emails)] : []),
      eb.and([
        eb('company_id', 'in', companies),
        eb('id', 'in', eb.selectFrom('deal_chat_messages').select('author_user_id').where('deal_id', '=', deal.id)
          .where('author_side', 'in', sides).where('author_user_id', 'is not', null).$narrowType<{ author_user_id: string }>()),
      ]),
    ]))
    .execute()
  return rows.map((r) => r.id)
}

export type NewMessage = {
  deal: DealParties
  author: { userId: string; side: ChatSide }
  body: string
  photo: ChatPhoto | null
  now: Date
}

/**
 * Posts a message. Its number is the chat's next version, taken under the chat row's lock, so
 * messages sent at once are numbered in the order they commit. The author has read everything
 * up to it; each person to tell is due an email in 10 minutes unless already due one sooner
 * (chat-emails.ts decides when it really goes); open pages hear of it when it commits.
 */
export async function postMessage(db: Kysely<DB>, msg: NewMessage): Promise<{ seq: number }> {
  return db.transaction().execute(async (trx) => {
    const { version: seq } = await trx.insertInto('deal_chats').values({ deal_id: msg.deal.id, version: 1, last_message_at: msg.now })
      .onConflict((oc) => oc.column('deal_id').doUpdateSet((eb) => ({ version: eb('deal_chats.version', '+', 1), last_message_at: msg.now })))
      .returning('version').executeTakeFirstOrThrow()
    await trx.insertInto('deal_chat_messages').values({
      deal_id: msg.deal.id, seq, author_user_id: msg.author.userId, author_side: msg.author.side, body: msg.body, created_at: msg.now,
      photo_id: msg.photo?.id ?? null, photo_width: msg.photo?.width ?? null, photo_height: msg.photo?.height ?? null, photo_variants: msg.photo?.variants ?? null,
    }).execute()
    await markRead(trx, msg.deal.id, msg.author.userId, seq)
    const due = new Date(msg.now.getTime() + EMAIL_AFTER_MS)
    const recipients = (await chatRecipients(trx, msg.deal, sidesToTell(msg.author.side))).filter((id) => id !== msg.author.userId)
    if (recipients.length > 0) {
      await trx.insertInto('deal_chat_reads').values(recipients.map((user_id) => ({ deal_id: msg.deal.id, user_id, email_due_at: due })))
        .onConflict((oc) => oc.columns(['deal_id', 'user_id']).doUpdateSet({
          email_due_at: sql`coalesce(deal_chat_reads.email_due_at, excluded.email_due_at)`,
        })).execute()
    }
    await announce(trx, CHAT_TOPIC, msg.deal.id, seq)
    return { seq }
  })
}

/**
 * Marks the chat read up to message `seq` (never further than it goes, never backwards). The
 * email job sees the mark when it looks; it is not told, so a mark racing a new message can
 * never cancel that message's email.
 */
export async function markRead(db: Kysely<DB>, dealId: string, userId: string, seq: number) {
  if (seq <= 0) return
  await sql`
    INSERT INTO deal_chat_reads (deal_id, user_id, read_seq)
    SELECT deal_id, ${userId}, least(${seq}::integer, version) FROM deal_chats WHERE deal_id = ${dealId}
    ON CONFLICT (deal_id, user_id) DO UPDATE SET read_seq = greatest(deal_chat_reads.read_seq, excluded.read_seq)`.execute(db)
}
