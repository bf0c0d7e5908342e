// What the two sides do on a transfer note: the seller enters the packaging, the buyer names the
// carrier, each signs. Every step locks the deal's row first (as every deal step does), so it is
// judged on the note, the deal and its collection window exactly as they stand, and a second
// signature arriving at the same moment waits and is judged on what the first left. A change to
// what a standing signature was given on makes it void, in the note's history; the second
// signature on the very content of the first makes the note final, and both sides get its PDF.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { lockDeal, NOT_YOURS, roleIn, type DealViewer } from '../deals/act-on-deal.js'
import { dealRecipients } from '../deals/deal-people.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { renderPdf } from '../documents/pdf.js'
import { zoneForCountry } from '../lib/time.js'
import { noteFinalMessage, noteSignedMessage } from '../../views/emails/transfer-notes.js'
import { loadTransferNote, type LoadedNote } from './queries.js'
import { notePrintDocument } from './print-note.js'
import {
  editRefusal, noteContent, noteNumber, SIDE_WORDS, signOutcome, signRefusal, staleSignatures,
  type NoteContent, type NoteSide, type SignOutcome,
} from './rules.js'

export type Who = { dealId: string; viewer: DealViewer; now: Date; baseUrl: string }
export type NoteResult = { ok: true; final?: boolean } | { ok: false; status: 404 | 409; message: string }

export const NO_NOTE = 'This deal has no waste transfer note: its lot carries no EWC code, or it is not paid yet.'
const refuse = (message: string, status: 404 | 409 = 409): NoteResult => ({ ok: false, status, message })

type Step = (trx: Kysely<DB>, note: LoadedNote, side: NoteSide | null, userId: string) => Promise<NoteResult>

/** Runs a step on the deal's note under the deal's lock; a deal that is none of the viewer's, or has no note, is a 404. */
function onNote(db: Kysely<DB>, who: Who, step: Step): Promise<NoteResult> {
  return db.transaction().execute(async (trx) => {
    const deal = await lockDeal(trx, who.dealId)
    const actor = deal && roleIn(deal, who.viewer)
    if (!deal || !actor || actor.role === 'system') return refuse(NOT_YOURS, 404)
    const note = await loadTransferNote(trx, deal.id, who.now)
    if (!note) return refuse(NO_NOTE, 404)
    return step(trx, note, actor.role === 'admin' ? null : actor.role, actor.userId)
  })
}

async function recordEvent(trx: Kysely<DB>, noteId: string, e: { kind: 'packaging' | 'carrier' | 'signed' | 'signature_void' | 'final'; side: NoteSide | 'system'; userId: string | null; detail: object; now: Date }) {
  await trx.insertInto('transfer_note_events').values({
    note_id: noteId, kind: e.kind, actor_role: e.side, actor_user_id: e.userId, detail: JSON.stringify(e.detail), created_at: e.now,
  }).execute()
}

/** Makes signatures void, each with its reason in the note's history. */
async function voidSignatures(trx: Kysely<DB>, note: LoadedNote, voids: SignOutcome['voids'], who: { side: NoteSide; userId: string; now: Date }) {
  for (const v of voids) {
    await trx.updateTable('transfer_note_signatures').set({ voided_at: who.now, void_reason: v.reason })
      .where('note_id', '=', note.note.id).where('party', '=', v.party).where('voided_at', 'is', null).execute()
    await recordEvent(trx, note.note.id, { kind: 'signature_void', side: who.side, userId: who.userId, detail: { party: v.party, reason: v.reason }, now: who.now })
  }
}

/** The seller's description of the containers and packaging. */
export function enterPackaging(db: Kysely<DB>, who: Who, packaging: string): Promise<NoteResult> {
  return onNote(db, who, async (trx, note, side, userId) => {
    const refusal = editRefusal({ side, field: 'packaging', final: note.final })
    if (refusal || !side) return refuse(refusal ?? NOT_YOURS)
    // Saving what is there already (a confirmation) is fine, and writes nothing.
    if (note.note.packaging === packaging) return { ok: true }
    await trx.updateTable('transfer_notes').set({ packaging, updated_at: who.now }).where('id', '=', note.note.id).execute()
    await recordEvent(trx, note.note.id, { kind: 'packaging', side, userId, detail: { packaging }, now: who.now })
    const content = noteContent({ ...note.facts, note: { ...note.facts.note, packaging } })
    await voidSignatures(trx, note, staleSignatures(content, note.standing), { side, userId, now: who.now })
    return { ok: true }
  })
}

export type Carrier = { kind: 'buyer' } | { kind: 'haulier'; name: string; address: string; registration: string }

/** The buyer's carrier: itself, or a named haulier. */
export function nameCarrier(db: Kysely<DB>, who: Who, carrier: Carrier): Promise<NoteResult> {
  return onNote(db, who, async (trx, note, side, userId) => {
    const refusal = editRefusal({ side, field: 'carrier', final: note.final })
    if (refusal || !side) return refuse(refusal ?? NOT_YOURS)
    const columns = carrier.kind === 'buyer'
      ? { carrier: 'buyer' as const, haulier_name: null, haulier_address: null, haulier_registration: null }
      : { carrier: 'haulier' as const, haulier_name: carrier.name, haulier_address: carrier.address, haulier_registration: carrier.registration }
    const was = note.facts.note
    if (was.carrier === columns.carrier && was.haulier_name === columns.haulier_name && was.haulier_address === columns.haulier_address
      && was.haulier_registration === columns.haulier_registration) return { ok: true }
    await trx.updateTable('transfer_notes').set({ ...columns, updated_at: who.now }).where('id', '=', note.note.id).execute()
    await recordEvent(trx, note.note.id, { kind: 'carrier', side, userId, detail: carrier, now: who.now })
    const content = noteContent({ ...note.facts, note: { ...note.facts.note, ...columns } })
    await voidSignatures(trx, note, staleSignatures(content, note.standing), { side, userId, now: who.now })
    return { ok: true }
  })
}

export type Signature = { side: NoteSide; name: string; role: string }

/**
 * Signs the note for the signer's own company. The signature keeps the content it was given
 * on. If the other side's standing signature was given on the same content, the note is final.
 */
export function signNote(db: Kysely<DB>, who: Who, signature: Signature): Promise<NoteResult> {
  return onNote(db, who, async (trx, note, side, userId) => {
    if (!side) return refuse('Only the people of the seller and of the buyer sign the transfer note.')
    if (signature.side !== side) {
      return refuse(`You sign for ${SIDE_WORDS[side].company} (the ${SIDE_WORDS[side].party}) only; ${SIDE_WORDS[signature.side].company} signs for itself.`)
    }
    const refusal = signRefusal({ side, final: note.final, content: note.content, standing: note.standing })
    if (refusal) return refuse(refusal)
    const outcome = signOutcome(side, note.content, note.standing)
    await voidSignatures(trx, note, outcome.voids, { side, userId, now: who.now })
    const companyId = side === 'seller' ? note.deal.seller_company_id : note.deal.buyer_company_id
    await trx.insertInto('transfer_note_signatures').values({
      note_id: note.note.id, party: side, signer_name: signature.name, signer_role: signature.role, user_id: userId, company_id: companyId,
      content: JSON.stringify(note.content), signed_at: who.now,
    }).execute()
    await recordEvent(trx, note.note.id, { kind: 'signed', side, userId, detail: { name: signature.name, role: signature.role }, now: who.now })
    if (outcome.final) await finalise(trx, note, note.content, { side, userId, now: who.now, baseUrl: who.baseUrl, signature })
    else await askOtherSide(trx, note, { side, signature, baseUrl: who.baseUrl })
    return { ok: true, final: outcome.final }
  })
}

const noteUrl = (baseUrl: string, dealId: string) => `${baseUrl}/deals/${dealId}/transfer-note`
const emailNote = (note: LoadedNote, baseUrl: string) => ({
  number: noteNumber(note.note.number), dealNumber: note.deal.number, title: note.facts.listing.title, url: noteUrl(baseUrl, note.deal.id),
})

async function askOtherSide(trx: Kysely<DB>, note: LoadedNote, a: { side: NoteSide; signature: Signature; baseUrl: string }) {
  const people = await dealRecipients(trx, note.deal)
  const other: NoteSide = a.side === 'seller' ? 'buyer' : 'seller'
  await enqueueEmails(trx, people[other].map((r) => noteSignedMessage(r, emailNote(note, a.baseUrl), { side: note.facts[a.side].legal_name, name: a.signature.name })))
}

/** Freezes the note as both signed it, and sends both sides the PDF. */
async function finalise(trx: Kysely<DB>, note: LoadedNote, content: NoteContent, a: { side: NoteSide; userId: string; now: Date; baseUrl: string; signature: Signature }) {
  await trx.updateTable('transfer_notes').set({ final_content: JSON.stringify(content), finalised_at: a.now, updated_at: a.now }).where('id', '=', note.note.id).execute()
  await recordEvent(trx, note.note.id, { kind: 'final', side: 'system', userId: null, detail: {}, now: a.now })
  const signatures = [
    ...note.standing.filter((s) => s.party !== a.side).map((s) => ({ party: s.party, name: s.name, role: s.role, signedAt: s.signedAt })),
    { party: a.side, name: a.signature.name, role: a.signature.role, signedAt: a.now },
  ]
  const pdf = await renderPdf(notePrintDocument({
    number: note.note.number, dealNumber: note.deal.number, content, signatures, finalisedAt: a.now, timeZone: zoneForCountry(note.facts.seller.country),
  }))
  const file = { name: `${noteNumber(note.note.number)}.pdf`, contentType: 'application/pdf', content: Buffer.from(pdf) }
  const people = await dealRecipients(trx, note.deal)
  await enqueueEmails(trx, [...people.seller, ...people.buyer].map((r) => noteFinalMessage(r, emailNote(note, a.baseUrl), file)))
}
