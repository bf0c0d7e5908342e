// The header's "Messages (3)": how many chat messages a company member has not read, across
// every deal of their company, and which deal has the newest of them (where the link goes).
import type { Context } from 'hono'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { AppEnv } from '../web/context.js'

export type UnreadMessages = { count: number; dealId: string | null }

/**
 * One query over the company's deals that have a chat: each chat's version less the person's
 * read mark. A person's own messages are never counted (posting marks the chat read up to
 * them); a colleague's are, as they are news to this person.
 */
export async function countUnreadMessages(db: Kysely<DB>, userId: string, companyId: string): Promise<UnreadMessages> {
  const { rows } = await sql<{ count: number; deal_id: string | null }>`
    SELECT coalesce(sum(c.version - coalesce(r.read_seq, 0)), 0)::integer AS count,
      (array_agg(c.deal_id ORDER BY c.last_message_at DESC, c.deal_id))[1] AS deal_id
    FROM deals d
    JOIN deal_chats c ON c.deal_id = d.id
    LEFT JOIN deal_chat_reads r ON r.deal_id = c.deal_id AND r.user_id = ${userId}
    WHERE (d.buyer_company_id = ${companyId} OR d.seller_company_id = ${companyId})
      AND c.version > coalesce(r.read_seq, 0)`.execute(db)
  return { count: Number(rows[0]?.count ?? 0), dealId: rows[0]?.deal_id ?? null }
}

/** For the header of a full page of a company member; null for anyone else, on error pages, or when the count fails (the page never does). */
export async function unreadMessagesForHeader(c: Context<AppEnv>, status: number): Promise<UnreadMessages | null> {
  const viewer = c.var.viewer
  if (!viewer?.company || status >= 500) return null
  try {
    return await countUnreadMessages(c.var.db, viewer.userId, viewer.company.id)
  } catch (err) {
    c.var.log.warn('unread messages count for the header failed', { error: (err as Error).message })
    return null
  }
}
