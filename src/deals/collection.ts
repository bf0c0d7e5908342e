// Where and when the material changes hands, once the deal is paid. Either side proposes
// collection windows (the seller first, as a rule); the other side picks one, and that is the
// agreed window until another is picked. The seller may correct the address. Every change is a
// step of the deal (actOnDeal): under the deal's lock, in its history, emailed to both sides;
// an agreed window also goes to both as a calendar file, one entry per deal that each new
// agreement updates.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { EmailAttachment } from '../notifications/email.js'
import { calendarEvent, CALENDAR_CONTENT_TYPE } from '../lib/calendar.js'
import { actOnDeal, type DealRow, type DealViewer, type StepEffect, type StepResult } from './act-on-deal.js'
import type { DealActor, Party } from './deal-rules.js'
import type { DealTerms } from './terms.js'

const MINUTE_MS = 60 * 1000
const DAY_MS = 24 * 60 * MINUTE_MS

export const COLLECTION_LIMITS = {
  /** Shorter than this is a typo, not a time anyone can make. */
  shortestMs: 15 * MINUTE_MS,
  /** A window longer than two weeks promises nothing; propose a shorter one, or several. */
  longestMs: 14 * DAY_MS,
  /** Further ahead than this is a typo too (and keeps dates in a range every calendar reads). */
  aheadMs: 366 * DAY_MS,
  /** Open proposals per side: enough to offer a choice, few enough to read. */
  openPerSide: 5,
} as const

export type CollectionWindow = { startsAt: Date; endsAt: Date }

/** What is wrong with a window proposed at `now`, as a message for its start or end field; null when nothing. */
export function windowProblem(w: CollectionWindow, now: Date): { field: 'start' | 'end'; message: string } | null {
  const start = w.startsAt.getTime()
  const length = w.endsAt.getTime() - start
  if (start <= now.getTime()) return { field: 'start', message: 'Choose a start in the future.' }
  if (start > now.getTime() + COLLECTION_LIMITS.aheadMs) return { field: 'start', message: 'Choose a start within the next year.' }
  if (length <= 0) return { field: 'end', message: 'The end must be after the start.' }
  if (length < COLLECTION_LIMITS.shortestMs) return { field: 'end', message: 'Make the window at least 15 minutes long.' }
  if (length > COLLECTION_LIMITS.longestMs) return { field: 'end', message: 'Make the window at most 14 days long; propose several windows instead of one long one.' }
  return null
}

/** What the page says after each collection step, by the `done` key in its address. */
export const COLLECTION_NOTICES: Record<string, string> = {
  'collection-proposed': 'Your proposed collection times have been sent to the other side.',
  'collection-agreed': 'Collection time agreed. Both sides have been emailed a calendar entry.',
  'collection-withdrawn': 'Your proposed collection time is withdrawn.',
  'collection-address': 'The collection address is changed; the buyer has been told.',
}

type Who = { dealId: string; viewer: DealViewer; now: Date; terms: DealTerms }

const asParty = (actor: DealActor): Party | null => (actor.role === 'buyer' || actor.role === 'seller' ? actor.role : null)
const iso = (w: { starts_at: Date; ends_at: Date } | CollectionWindow) =>
  'startsAt' in w ? { startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() } : { startsAt: w.starts_at.toISOString(), endsAt: w.ends_at.toISOString() }

/** One step of collection: always the rules' 'arrange_collection' (paid deals, their two sides), with its own effect. */
function arrange(db: Kysely<DB>, who: Who, effect: (trx: Kysely<DB>, deal: DealRow, role: Party) => ReturnType<StepEffect>): Promise<StepResult> {
  return actOnDeal(db, {
    dealId: who.dealId, viewer: who.viewer, now: who.now, terms: who.terms, action: { type: 'arrange_collection' },
    effect: (trx, deal, actor) => {
      const role = asParty(actor)
      return role ? effect(trx, deal, role) : Promise.resolve({ refusal: 'Only the buyer or the seller can arrange collection.' })
    },
  })
}

/** A window still on offer: not withdrawn, not begun (openWindows below asks the same of the database). */
export const isOpenWindow = (w: { withdrawn_at: Date | null; starts_at: Date }, now: Date) => w.withdrawn_at === null && w.starts_at > now

/** Windows still on offer: not withdrawn, not begun. */
function openWindows(trx: Kysely<DB>, dealId: string, now: Date) {
  return trx.selectFrom('deal_collection_windows').selectAll()
    .where('deal_id', '=', dealId).where('withdrawn_at', 'is', null).where('starts_at', '>', now)
    .orderBy('starts_at').execute()
}

/**
 * Proposes windows to the other side. Each is checked here too (not only by the form), so no
 * caller can store one in the past or of a silly length; repeats of a window already on offer
 * and more than five open per side are refused.
 */
export function proposeWindows(db: Kysely<DB>, who: Who, windows: CollectionWindow[]): Promise<StepResult> {
  return arrange(db, who, async (trx, deal, role) => {
    if (windows.length === 0) return { refusal: 'Propose at least one collection time.' }
    const bad = windows.map((w) => windowProblem(w, who.now)).find((p) => p !== null)
    if (bad) return { refusal: bad.message }
    const open = await openWindows(trx, deal.id, who.now)
    const key = (w: CollectionWindow) => `${w.startsAt.getTime()}-${w.endsAt.getTime()}`
    const taken = new Set(open.map((w) => key({ startsAt: w.starts_at, endsAt: w.ends_at })))
    const keys = windows.map(key)
    if (keys.some((k) => taken.has(k)) || new Set(keys).size < keys.length) return { refusal: 'That collection time is already proposed.' }
    const mine = open.filter((w) => w.proposed_by === role).length
    if (mine + windows.length > COLLECTION_LIMITS.openPerSide) {
      return { refusal: `At most ${COLLECTION_LIMITS.openPerSide} of your proposed times can be open at once (you have ${mine}); withdraw one, or wait for the other side to pick.` }
    }
    await trx.insertInto('deal_collection_windows')
      .values(windows.map((w) => ({ deal_id: deal.id, starts_at: w.startsAt, ends_at: w.endsAt, proposed_by: role, created_at: who.now })))
      .execute()
    return { detail: { windows: windows.map(iso) } }
  })
}

/** A window of this deal's the actor may act on, or why not. */
async function windowOf(trx: Kysely<DB>, dealId: string, windowId: number) {
  return trx.selectFrom('deal_collection_windows').selectAll()
    .where('deal_id', '=', dealId).where('id', '=', windowId).executeTakeFirst()
}

/**
 * Picks a window the other side proposed: it becomes the agreed window (replacing any agreed
 * before), every proposal still open is withdrawn, and both sides get the calendar entry.
 */
export function pickWindow(db: Kysely<DB>, who: Who, windowId: number): Promise<StepResult> {
  return arrange(db, who, async (trx, deal, role) => {
    const w = await windowOf(trx, deal.id, windowId)
    if (!w) return { refusal: 'That collection time is not one proposed on this deal. Reload the page and pick again.' }
    if (w.withdrawn_at) return { refusal: 'That collection time is no longer on offer. Pick another, or propose a new one.' }
    if (w.proposed_by === role) return { refusal: `You proposed that time; the ${role === 'buyer' ? 'seller' : 'buyer'} picks it, or proposes another.` }
    if (w.starts_at.getTime() <= who.now.getTime()) return { refusal: 'That collection time has begun or passed. Propose a new one.' }
    await trx.updateTable('deal_collection_windows').set({ withdrawn_at: who.now })
      .where('deal_id', '=', deal.id).where('withdrawn_at', 'is', null).execute()
    await trx.updateTable('deals').set({ collection_starts_at: w.starts_at, collection_ends_at: w.ends_at }).where('id', '=', deal.id).execute()
    const invite = await collectionInvite(trx, { ...deal, collection_starts_at: w.starts_at, collection_ends_at: w.ends_at }, who)
    return { detail: { agreed: true, windows: [iso(w)], sequence: invite.sequence }, attachments: () => [invite.file] }
  })
}

/** Withdraws one of the actor's own open proposals. */
export function withdrawWindow(db: Kysely<DB>, who: Who, windowId: number): Promise<StepResult> {
  return arrange(db, who, async (trx, deal, role) => {
    const w = await windowOf(trx, deal.id, windowId)
    if (!w) return { refusal: 'That collection time is not one proposed on this deal. Reload the page.' }
    if (w.proposed_by !== role) return { refusal: `The ${w.proposed_by} proposed that time; only they can withdraw it. You can propose another.` }
    if (w.withdrawn_at) return { refusal: 'That collection time is withdrawn already.' }
    await trx.updateTable('deal_collection_windows').set({ withdrawn_at: who.now }).where('id', '=', w.id).execute()
    return { detail: { withdrawn: true, windows: [iso(w)] } }
  })
}

/**
 * The seller corrects where the material is collected. With a window agreed and still ahead,
 * both sides get the calendar entry again with the new address.
 */
export function changeCollectionAddress(db: Kysely<DB>, who: Who, address: string): Promise<StepResult> {
  return arrange(db, who, async (trx, deal, role) => {
    if (role !== 'seller') return { refusal: 'Only the seller can change the collection address; ask them through the contacts above.' }
    if (address === deal.collection_address) return { refusal: 'The collection address is that already.' }
    await trx.updateTable('deals').set({ collection_address: address }).where('id', '=', deal.id).execute()
    const ahead = deal.collection_starts_at && deal.collection_ends_at && deal.collection_ends_at.getTime() > who.now.getTime()
    if (!ahead) return { detail: { address } }
    const invite = await collectionInvite(trx, { ...deal, collection_address: address }, who)
    return { detail: { address, sequence: invite.sequence }, attachments: () => [invite.file] }
  })
}

/**
 * The calendar file of the agreed window. Its uid is the deal's, so every version lands on the
 * same calendar entry; the sequence counts the versions sent before (each history line that
 * sent one records its number), so a calendar takes the newest.
 */
async function collectionInvite(trx: Kysely<DB>, deal: DealRow, who: Who): Promise<{ sequence: number; file: EmailAttachment }> {
  const [listing, sent] = await Promise.all([
    trx.selectFrom('listings').select('title').where('id', '=', deal.listing_id).executeTakeFirstOrThrow(),
    trx.selectFrom('deal_events').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deal_id', '=', deal.id).where('kind', '=', 'arrange_collection')
      .where(sql<boolean>`detail ->> 'sequence' is not null`)
      .executeTakeFirstOrThrow(),
  ])
  const sequence = Number(sent.n)
  const url = `${who.terms.baseUrl}/deals/${deal.id}`
  const content = calendarEvent({
    uid: `deal-${deal.number}-collection@${new URL(who.terms.baseUrl).hostname}`,
    start: deal.collection_starts_at!, end: deal.collection_ends_at!,
    summary: `Collect: ${listing.title} (deal ${deal.number})`,
    description: `Collection for NordicLoop deal ${deal.number}, “${listing.title}”. Contacts and the deal: ${url}`,
    location: deal.collection_address || undefined,
    url, stamp: who.now, sequence,
  })
  return { sequence, file: { name: `deal-${deal.number}-collection.ics`, contentType: CALENDAR_CONTENT_TYPE, content } }
}
