// What the transfer note reads and how it comes to be. A note is opened inside the payment's
// transaction (under the deal's lock); until it is final its content is built afresh from the
// deal, the lot, the two companies and their permits on every read.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { verifiedPermit } from '../compliance/permits.js'
import { noteContent, type NoteContent, type NoteFacts, type NoteSide, type StandingSignature } from './rules.js'

/**
 * Opens the transfer note of a deal that has just been paid, when its lot carries an EWC code
 * (a lot without one is a by-product or surplus sale, not a transfer of waste). Call it in the
 * transaction that records the payment: the next number is taken from the counter row, whose
 * lock is held until that transaction ends, so a rolled-back payment takes no number and two
 * payments never take the same one. Opening twice returns the note already there.
 */
export async function openTransferNote(trx: Kysely<DB>, deal: { id: string; listing_id: string }, now: Date): Promise<{ id: string; number: number } | null> {
  const listing = await trx.selectFrom('listings').select('ewc_code').where('id', '=', deal.listing_id).executeTakeFirstOrThrow()
  if (!listing.ewc_code) return null
  const existing = await trx.selectFrom('transfer_notes').select(['id', 'number']).where('deal_id', '=', deal.id).executeTakeFirst()
  if (existing) return existing
  const counter = await trx.updateTable('transfer_note_counter').set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('id', '=', true).returning('last_number').executeTakeFirstOrThrow()
  const number = Number(counter.last_number)
  const note = await trx.insertInto('transfer_notes').values({ deal_id: deal.id, number, created_at: now, updated_at: now })
    .returning(['id', 'number']).executeTakeFirstOrThrow()
  await trx.insertInto('transfer_note_events').values({
    note_id: note.id, kind: 'created', actor_role: 'system', detail: JSON.stringify({ number }), created_at: now,
  }).execute()
  return { id: note.id, number: Number(note.number) }
}

const COMPANY_COLUMNS = ['id', 'legal_name', 'address_line', 'postcode', 'city', 'country', 'org_number', 'vat_number'] as const

/** The deal's note with everything the page, the print and the steps need; null when the deal has none. */
export async function loadTransferNote(db: Kysely<DB>, dealId: string, now: Date) {
  const note = await db.selectFrom('transfer_notes').selectAll().where('deal_id', '=', dealId).executeTakeFirst()
  if (!note) return null
  const deal = await db.selectFrom('deals')
    .select(['id', 'number', 'listing_id', 'buyer_company_id', 'seller_company_id', 'buyer_user_id', 'status', 'collection_address', 'collection_starts_at', 'collection_ends_at', 'handed_over_at'])
    .where('id', '=', dealId).executeTakeFirstOrThrow()
  const [listing, companies, signatures, events] = await Promise.all([
    db.selectFrom('listings').innerJoin('ewc_codes', 'ewc_codes.code', 'listings.ewc_code')
      .select(['listings.title', 'listings.description', 'listings.quantity', 'listings.unit', 'ewc_codes.display_code', 'ewc_codes.description as ewc_description', 'ewc_codes.hazardous'])
      .where('listings.id', '=', deal.listing_id).executeTakeFirstOrThrow(),
    db.selectFrom('companies').select(COMPANY_COLUMNS).where('id', 'in', [deal.seller_company_id, deal.buyer_company_id]).execute(),
    db.selectFrom('transfer_note_signatures')
      .select(['id', 'party', 'signer_name', 'signer_role', 'user_id', 'content', 'signed_at', 'voided_at', 'void_reason'])
      .where('note_id', '=', note.id).orderBy('id').execute(),
    db.selectFrom('transfer_note_events').leftJoin('users', 'users.id', 'transfer_note_events.actor_user_id')
      .select(['transfer_note_events.id', 'kind', 'actor_role', 'detail', 'transfer_note_events.created_at', 'users.name as actor_name'])
      .where('note_id', '=', note.id).orderBy('transfer_note_events.id').execute(),
  ])
  const seller = companies.find((c) => c.id === deal.seller_company_id)!
  const buyer = companies.find((c) => c.id === deal.buyer_company_id)!
  const final = note.finalised_at !== null
  // Permits matter on hazardous waste only, and a final note keeps what it said when signed.
  const permits = listing.hazardous && !final
    ? await Promise.all([verifiedPermit(db, seller.id, now), verifiedPermit(db, buyer.id, now)])
    : [null, null]
  const facts: NoteFacts = {
    seller, buyer, sellerPermit: permits[0], buyerPermit: permits[1],
    ewc: { display_code: listing.display_code, description: listing.ewc_description, hazardous: listing.hazardous },
    listing: { title: listing.title, description: listing.description, quantity: listing.quantity, unit: listing.unit },
    deal, note,
  }
  const content: NoteContent = final ? (note.final_content as unknown as NoteContent) : noteContent(facts)
  const standing: (StandingSignature & { id: number; name: string; role: string; signedAt: Date })[] = signatures
    .filter((s) => s.voided_at === null)
    .map((s) => ({ id: s.id, party: s.party as NoteSide, content: s.content as unknown as NoteContent, name: s.signer_name, role: s.signer_role, signedAt: s.signed_at }))
  return { note, deal, facts, content, final, standing, signatures, events }
}
export type LoadedNote = NonNullable<Awaited<ReturnType<typeof loadTransferNote>>>

/** The note's number and state in brief, for the deal page's section; null when the deal has none. */
export async function noteInBrief(db: Kysely<DB>, dealId: string) {
  const note = await db.selectFrom('transfer_notes').select(['id', 'number', 'packaging', 'finalised_at']).where('deal_id', '=', dealId).executeTakeFirst()
  if (!note) return null
  const signed = await db.selectFrom('transfer_note_signatures').select(['party', 'signed_at', 'content'])
    .where('note_id', '=', note.id).where('voided_at', 'is', null).execute()
  return { ...note, number: Number(note.number), signed: signed.map((s) => ({ party: s.party as NoteSide, signedAt: s.signed_at, content: s.content as unknown as NoteContent })) }
}
