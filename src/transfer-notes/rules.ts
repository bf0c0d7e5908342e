// The rules of a waste transfer note, in one pure module: what the note says (built from the
// deal, the lot and the two companies), who may sign or change it and when, and what a
// signature does to the one before it. No database and no clock: callers pass what they read
// under the deal's lock and the server's time.
import { COUNTRIES } from '../lib/countries.js'

export type NoteSide = 'seller' | 'buyer'
export type Permit = { number: string; authority: string; expiresOn: string }

export type NoteParty = {
  name: string
  /** One line: street, postcode and city, country. */
  address: string
  orgNumber: string
  vatNumber: string | null
  /** Only on a note of hazardous waste: the verified, unexpired permit the company holds. */
  permit: Permit | null
}

/** Everything the note says, as plain JSON: what a signature is given on and what a final note keeps. */
export type NoteContent = {
  transferor: NoteParty
  transferee: NoteParty
  waste: { code: string; description: string; hazardous: boolean }
  material: { title: string; description: string; quantity: string; unit: string }
  packaging: string | null
  /**
   * Where, and when: the agreed collection window; on a deal handed over without one, the
   * hand-over the seller recorded stands for the date instead (only then, so marking a deal
   * handed over after the window was agreed changes nothing a signature was given on).
   */
  collection: { address: string; startsAt: string | null; endsAt: string | null; handedOverAt: string | null }
  carrier: { kind: 'buyer' | 'haulier'; name: string; address: string; registration: string | null }
}

type CompanyFacts = { legal_name: string; address_line: string; postcode: string; city: string; country: string; org_number: string; vat_number: string | null }

/** What the note is built from; the permits as helper queries found them at `now`. */
export type NoteFacts = {
  seller: CompanyFacts
  buyer: CompanyFacts
  sellerPermit: Permit | null
  buyerPermit: Permit | null
  ewc: { display_code: string; description: string; hazardous: boolean }
  listing: { title: string; description: string; quantity: string | number; unit: string }
  deal: { collection_address: string; collection_starts_at: Date | null; collection_ends_at: Date | null; handed_over_at: Date | null }
  note: { packaging: string | null; carrier: 'buyer' | 'haulier'; haulier_name: string | null; haulier_address: string | null; haulier_registration: string | null }
}

/** "WTN-000042": the number people quote. */
export const noteNumber = (n: number) => `WTN-${String(n).padStart(6, '0')}`

const oneLineAddress = (c: CompanyFacts) => `${c.address_line}, ${c.postcode} ${c.city}, ${COUNTRIES[c.country] ?? c.country}`

function party(c: CompanyFacts, permit: Permit | null, hazardous: boolean): NoteParty {
  return { name: c.legal_name, address: oneLineAddress(c), orgNumber: c.org_number, vatNumber: c.vat_number, permit: hazardous ? permit : null }
}

/** The note's content as it stands now, from the live deal. */
export function noteContent(f: NoteFacts): NoteContent {
  const hazardous = f.ewc.hazardous
  const transferee = party(f.buyer, f.buyerPermit, hazardous)
  return {
    transferor: party(f.seller, f.sellerPermit, hazardous),
    transferee,
    waste: { code: f.ewc.display_code, description: f.ewc.description, hazardous },
    // numeric comes back as a string from pg and a number from PGlite: one spelling for both.
    material: { title: f.listing.title, description: f.listing.description, quantity: String(Number(f.listing.quantity)), unit: f.listing.unit },
    packaging: f.note.packaging,
    collection: {
      address: f.deal.collection_address,
      startsAt: f.deal.collection_starts_at?.toISOString() ?? null,
      endsAt: f.deal.collection_ends_at?.toISOString() ?? null,
      handedOverAt: f.deal.collection_starts_at ? null : f.deal.handed_over_at?.toISOString() ?? null,
    },
    carrier: f.note.carrier === 'haulier'
      ? { kind: 'haulier', name: f.note.haulier_name ?? '', address: f.note.haulier_address ?? '', registration: f.note.haulier_registration }
      : { kind: 'buyer', name: transferee.name, address: transferee.address, registration: transferee.permit?.number ?? null },
  }
}

const PARTS: Array<[keyof NoteContent, string]> = [
  ['transferor', 'the transferor’s details'], ['transferee', 'the transferee’s details'], ['waste', 'the waste code'],
  ['material', 'the material'], ['packaging', 'the packaging'], ['collection', 'the collection address or window'], ['carrier', 'the carrier'],
]

/** Keys in a fixed order, so two contents compare equal however jsonb ordered them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** What changed between the content a signature was given on and the content now, in words; empty when nothing. */
export function changedParts(signed: NoteContent, now: NoteContent): string[] {
  return PARTS.filter(([key]) => canonical(signed[key]) !== canonical(now[key])).map(([, words]) => words)
}

export type StandingSignature = { party: NoteSide; content: NoteContent }

/** The other side of a note. */
export const otherSide = (side: NoteSide): NoteSide => (side === 'seller' ? 'buyer' : 'seller')

export const SIDE_WORDS: Record<NoteSide, { party: string; company: string }> = {
  seller: { party: 'transferor', company: 'the seller' },
  buyer: { party: 'transferee', company: 'the buyer' },
}

export const FINAL_MESSAGE = 'This transfer note is final: both sides have signed it, and it can no longer be signed or changed.'

/** Why `side` may not sign the note now; null when it may. */
export function signRefusal(a: { side: NoteSide; final: boolean; content: NoteContent; standing: StandingSignature[] }): string | null {
  if (a.final) return FINAL_MESSAGE
  const own = a.standing.find((s) => s.party === a.side)
  if (own && changedParts(own.content, a.content).length === 0) return 'You have signed this transfer note already; the other side signs next.'
  const c = a.content.collection
  if (!(c.startsAt && c.endsAt) && !c.handedOverAt) return 'The collection window must be agreed on the deal before the note can be signed.'
  if (!a.content.collection.address.trim()) return 'The collection address must be on the deal before the note can be signed.'
  if (!a.content.packaging) return 'The seller must enter the containers and packaging before the note can be signed.'
  if (a.content.carrier.kind === 'haulier' && !(a.content.carrier.name && a.content.carrier.address && a.content.carrier.registration)) {
    return 'The buyer must complete the haulier’s name, address and registration before the note can be signed.'
  }
  if (a.content.waste.hazardous && !a.content.transferee.permit) {
    return 'This is hazardous waste, and the buyer has no verified, unexpired waste permit: the note cannot be signed until NordicLoop has verified one.'
  }
  return null
}

export type SignOutcome = {
  /** Signatures that no longer count, each with the reason kept in the note's history. */
  voids: Array<{ party: NoteSide; reason: string }>
  /** True when the other side's signature stands on exactly this content: the note is final. */
  final: boolean
}

/**
 * What `side` signing the current content does. A standing signature given on other content
 * (the window was agreed again, the packaging edited) is void: its signer is asked to sign
 * again. The note is final when the other side's signature stands on the very same content.
 */
export function signOutcome(side: NoteSide, content: NoteContent, standing: StandingSignature[]): SignOutcome {
  const voids = staleSignatures(content, standing)
  const other = standing.find((s) => s.party === otherSide(side))
  const final = Boolean(other) && !voids.some((v) => v.party === other!.party)
  return { voids, final }
}

/** Standing signatures whose content is no longer the note's: void once the note changes or is signed again. */
export function staleSignatures(content: NoteContent, standing: StandingSignature[]): SignOutcome['voids'] {
  return standing.flatMap((s) => {
    const changed = changedParts(s.content, content)
    return changed.length ? [{ party: s.party, reason: `Changed after ${SIDE_WORDS[s.party].company} signed: ${changed.join(', ')}.` }] : []
  })
}

/** Who enters what on the note before it is signed: the seller the packaging, the buyer the carrier. */
export function editRefusal(a: { side: NoteSide | null; field: 'packaging' | 'carrier'; final: boolean }): string | null {
  if (a.final) return FINAL_MESSAGE
  const owner: NoteSide = a.field === 'packaging' ? 'seller' : 'buyer'
  if (a.side !== owner) return a.field === 'packaging'
    ? 'Only the seller enters the containers and packaging.'
    : 'Only the buyer names the carrier.'
  return null
}
