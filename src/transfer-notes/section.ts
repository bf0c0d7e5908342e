// The deal page's section on the transfer note, loaded by the deal's route for a reader it has
// already let in (one of the two sides, or an admin).
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealActor } from '../deals/deal-rules.js'
import { loadTransferNote } from './queries.js'
import { presentNoteSection } from './present.js'
import type { NoteSectionView } from './note-view.js'

export async function transferNoteSection(db: Kysely<DB>, dealId: string, actor: DealActor, now: Date): Promise<NoteSectionView | null> {
  if (actor.role === 'system') return null
  const note = await loadTransferNote(db, dealId, now)
  return note && presentNoteSection(note, actor.role)
}
