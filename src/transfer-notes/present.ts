// Turns a loaded transfer note into what its page and the deal page's section show, for one
// reader: where it stands, what they do next, their forms, and the history in words.
import { when } from '../deals/present.js'
import { zoneForCountry } from '../lib/time.js'
import type { LoadedNote } from './queries.js'
import type { NotePageView, NoteSectionView } from './note-view.js'
import { notePrintDocument } from './print-note.js'
import { changedParts, noteNumber, otherSide, SIDE_WORDS, signRefusal, type NoteSide } from './rules.js'

type Reader = { role: NoteSide | 'admin'; name: string; timeZone: string; csrfToken: string }

const sideLabel = (side: NoteSide, legalName: string) => `${legalName} (${SIDE_WORDS[side].party})`

/** Each side's signature: none, standing on the note as it is, or given on content since changed. */
function signatureStates(note: LoadedNote) {
  const state = (side: NoteSide) => {
    const s = note.standing.find((x) => x.party === side)
    if (!s) return { side, signed: null, outdated: null }
    const changed = note.final ? [] : changedParts(s.content, note.content)
    return { side, signed: s, outdated: changed.length ? `Given before a change to ${changed.join(', ')}: it no longer counts.` : null }
  }
  return { seller: state('seller'), buyer: state('buyer') }
}

function statusOf(note: LoadedNote): { text: string; done: boolean } {
  if (note.final) return { text: 'Final: signed by both sides', done: true }
  const s = signatureStates(note)
  const valid = (['seller', 'buyer'] as const).filter((side) => s[side].signed && !s[side].outdated)
  if (valid.length === 1) return { text: `Signed by ${SIDE_WORDS[valid[0]].company}; waiting for ${SIDE_WORDS[otherSide(valid[0])].company}’s signature`, done: false }
  return { text: 'Waiting for both sides to sign', done: false }
}

function nextFor(note: LoadedNote, role: NoteSide | 'admin'): string {
  if (note.final) return 'Print the note or download its PDF for your waste records.'
  if (role === 'admin') return 'Only the seller and the buyer fill in and sign the note.'
  if (role === 'seller' && !note.note.packaging) return 'Enter the containers and packaging below; then both sides sign.'
  const refusal = signRefusal({ side: role, final: note.final, content: note.content, standing: note.standing })
  if (refusal) return refusal
  return role === 'buyer' ? 'Check the note (and name a haulier if one collects for you), then sign it.' : 'Check the note, then sign it.'
}

function historyText(e: LoadedNote['events'][number]): string {
  const d = (e.detail ?? {}) as Record<string, unknown>
  const str = (k: string) => (typeof d[k] === 'string' ? d[k] as string : '')
  switch (e.kind) {
    case 'created': return 'The note was opened when the deal was paid.'
    case 'packaging': return `Packaging entered: “${str('packaging')}”.`
    case 'carrier': return d.kind === 'haulier' ? `Carrier: the haulier ${str('name')} (registration ${str('registration')}).` : 'Carrier: the buyer collects with its own transport.'
    case 'signed': return `Signed by ${str('name')}, ${str('role')}.`
    case 'signature_void': {
      const party = d.party === 'seller' || d.party === 'buyer' ? d.party : null
      return `${party ? `The ${SIDE_WORDS[party].party}’s` : 'A'} signature is void: ${str('reason')} It must be signed again.`
    }
    case 'final': return 'Signed by both sides: the note is final and both sides were sent its PDF.'
    default: return e.kind
  }
}

const whoText = (e: LoadedNote['events'][number]) =>
  e.actor_role === 'system' ? 'NordicLoop' : `${e.actor_name ?? 'Someone'} (${SIDE_WORDS[e.actor_role].company})`

/** The note as it prints, in the zone of the place of collection. */
export function printableNote(note: LoadedNote) {
  return notePrintDocument({
    number: note.note.number, dealNumber: note.deal.number, content: note.content,
    // A signature given before a change no longer counts, so the paper leaves its box empty.
    signatures: note.standing.filter((s) => note.final || changedParts(s.content, note.content).length === 0)
      .map((s) => ({ party: s.party, name: s.name, role: s.role, signedAt: s.signedAt })),
    finalisedAt: note.note.finalised_at, timeZone: zoneForCountry(note.facts.seller.country),
  })
}

export function presentNote(note: LoadedNote, reader: Reader): NotePageView {
  const open = !note.final
  const side = reader.role === 'admin' ? null : reader.role
  const states = signatureStates(note)
  const f = note.facts.note
  const own = side ? states[side] : null
  return {
    dealId: note.deal.id, dealNumber: note.deal.number, title: note.facts.listing.title, number: noteNumber(note.note.number),
    role: reader.role, final: note.final, status: statusOf(note), next: nextFor(note, reader.role),
    doc: printableNote(note),
    packaging: open && side === 'seller' ? { value: f.packaging ?? '' } : null,
    carrier: open && side === 'buyer'
      ? { kind: f.carrier, name: f.haulier_name ?? '', address: f.haulier_address ?? '', registration: f.haulier_registration ?? '' }
      : null,
    sign: open && side ? {
      side, sideLabel: sideLabel(side, note.facts[side].legal_name), name: reader.name,
      // Asked again: their signature was given before a change, or was made void by one.
      again: Boolean(own?.outdated) || (!own?.signed && note.signatures.some((s) => s.party === side && s.voided_at !== null)),
      refusal: signRefusal({ side, final: note.final, content: note.content, standing: note.standing }),
    } : null,
    signatures: (['seller', 'buyer'] as const).flatMap((s) => {
      const st = states[s].signed
      return st ? [{ side: sideLabel(s, note.facts[s].legal_name), name: st.name, role: st.role, at: when(st.signedAt, reader.timeZone), outdated: states[s].outdated }] : []
    }),
    history: note.events.map((e) => ({ at: when(e.created_at, reader.timeZone), who: whoText(e), text: historyText(e) })),
    csrfToken: reader.csrfToken,
  }
}

export function presentNoteSection(note: LoadedNote, role: NoteSide | 'admin'): NoteSectionView {
  return { dealId: note.deal.id, number: noteNumber(note.note.number), status: statusOf(note).text, done: note.final, next: nextFor(note, role) }
}
