// The completed demo deal's waste transfer note, filled in and signed the way people do it on the
// page: a collection window agreed, the seller's packaging, a haulier named by the buyer, then
// both signatures shortly before collection. Runs between the payment and the hand-over, through
// the same functions as the routes, at the times the steps happened.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealViewer } from '../deals/act-on-deal.js'
import { pickWindow, proposeWindows } from '../deals/collection.js'
import type { DealTerms } from '../deals/terms.js'
import { enterPackaging, nameCarrier, signNote, type NoteResult } from '../transfer-notes/note-steps.js'

const HOUR = 3600_000

type Side = { viewer: Exclude<DealViewer, 'system'>; role: string }

export async function seedSignedTransferNote(db: Kysely<DB>, a: {
  dealId: string; seller: Side; buyer: Side; terms: DealTerms; at: (days: number) => Date
}): Promise<{ ok: boolean; message?: string }> {
  const collectAt = a.at(3)
  const who = (side: Side, when: Date) => ({ dealId: a.dealId, viewer: side.viewer, now: when, terms: a.terms, baseUrl: a.terms.baseUrl })
  const proposed = await proposeWindows(db, who(a.seller, a.at(1.5)), [{ startsAt: new Date(collectAt.getTime() - 2 * HOUR), endsAt: new Date(collectAt.getTime() + 2 * HOUR) }])
  if (!proposed.ok) return proposed
  const window = await db.selectFrom('deal_collection_windows').select('id').where('deal_id', '=', a.dealId).where('withdrawn_at', 'is', null).executeTakeFirstOrThrow()
  const picked = await pickWindow(db, who(a.buyer, a.at(2)), window.id)
  if (!picked.ok) return picked
  const names = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [a.seller.viewer.userId, a.buyer.viewer.userId]).execute()
  const nameOf = (side: Side) => names.find((n) => n.id === side.viewer.userId)?.name ?? 'NordicLoop demo'
  const steps: Array<() => Promise<NoteResult>> = [
    () => enterPackaging(db, who(a.seller, a.at(2.1)), 'Loose bulk, wet, in two covered tipping trailers (about 10 t each)'),
    () => nameCarrier(db, who(a.buyer, a.at(2.2)), {
      kind: 'haulier', name: 'Fyns Bulktransport ApS', address: 'Havnegade 12, 5000 Odense C, Denmark', registration: 'DK-AFF-20931',
    }),
    () => signNote(db, who(a.seller, new Date(collectAt.getTime() - HOUR)), { side: 'seller', name: nameOf(a.seller), role: a.seller.role }),
    () => signNote(db, who(a.buyer, new Date(collectAt.getTime() - HOUR / 2)), { side: 'buyer', name: nameOf(a.buyer), role: a.buyer.role }),
  ]
  for (const step of steps) {
    const done = await step()
    if (!done.ok) return done
  }
  return { ok: true }
}
