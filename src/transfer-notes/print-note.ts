// A waste transfer note as a printable document: the one shape the print page and the PDF both
// draw. Times are shown in the zone of the place of collection (the seller's country), with the
// zone's name, so both sides' copies read the same.
import type { PrintDocument } from '../documents/print-document.js'
import { formatDateTime } from '../lib/time.js'
import { formatWindow } from '../deals/present.js'
import { formatQuantity } from '../listings/present.js'
import type { UNIT_LABELS } from '../listings/schemas.js'
import { noteNumber, type NoteContent, type NoteParty, type NoteSide } from './rules.js'

export type PrintableNote = {
  number: number
  dealNumber: number
  content: NoteContent
  /** The standing signatures (void ones are history, not part of the paper). */
  signatures: Array<{ party: NoteSide; name: string; role: string; signedAt: Date }>
  finalisedAt: Date | null
  /** The zone of the place of collection. */
  timeZone: string
}

function partyLines(p: NoteParty): string[] {
  return [
    p.name, p.address, `Organisation number: ${p.orgNumber}`, `VAT number: ${p.vatNumber ?? 'not recorded'}`,
    ...(p.permit ? [`Waste permit: ${p.permit.number}, issued by ${p.permit.authority}, valid until ${p.permit.expiresOn}`] : []),
  ]
}

export function notePrintDocument(n: PrintableNote): PrintDocument {
  const c = n.content
  const at = (d: Date) => formatDateTime(d, n.timeZone)
  const sign = (party: NoteSide) => n.signatures.find((s) => s.party === party)
  const signature = (party: NoteSide, role: string) => {
    const s = sign(party)
    return { role, name: s ? `${s.name}, ${s.role}` : null, signedAt: s ? at(s.signedAt) : null }
  }
  const window = c.collection.startsAt && c.collection.endsAt
    ? formatWindow(new Date(c.collection.startsAt), new Date(c.collection.endsAt), n.timeZone)
    : c.collection.handedOverAt ? `None agreed; handed over ${at(new Date(c.collection.handedOverAt))}, as the seller recorded` : 'Not agreed yet'
  return {
    title: `Waste transfer note ${noteNumber(n.number)}`,
    subtitle: n.finalisedAt
      ? `Signed by both sides; final since ${at(n.finalisedAt)}`
      : 'DRAFT: not valid until both the transferor and the transferee have signed',
    meta: [
      ['Note', noteNumber(n.number)],
      ['NordicLoop deal', String(n.dealNumber)],
      ['Status', n.finalisedAt ? 'Final' : 'Draft'],
    ],
    parties: [
      { heading: 'Transferor (holder of the waste)', lines: partyLines(c.transferor) },
      { heading: 'Transferee (receiver of the waste)', lines: partyLines(c.transferee) },
    ],
    sections: [
      {
        kind: 'facts', heading: 'The waste',
        rows: [
          ['EWC code', `${c.waste.code} — ${c.waste.description}`],
          ['Hazardous', c.waste.hazardous ? 'Yes: hazardous waste (an entry marked * in the European List of Waste)' : 'No'],
          ['Material', c.material.title],
          ['Description', c.material.description],
          ['Quantity', formatQuantity(c.material.quantity, c.material.unit as keyof typeof UNIT_LABELS)],
          ['Containers and packaging', c.packaging ?? 'Not entered yet'],
        ],
      },
      {
        kind: 'facts', heading: 'Collection',
        rows: [['Collection address', c.collection.address || 'Not given'], ['Agreed collection window', window]],
      },
      {
        kind: 'facts', heading: 'Carrier',
        rows: [
          ['Carried by', c.carrier.kind === 'buyer' ? 'The transferee, with its own transport' : 'A haulier named by the transferee'],
          ['Name', c.carrier.name],
          ['Address', c.carrier.address],
          ['Registration or permit number', c.carrier.registration ?? 'None recorded'],
        ],
      },
      {
        kind: 'signatures', heading: 'Signatures',
        signatures: [signature('seller', 'For the transferor'), signature('buyer', 'For the transferee')],
      },
    ],
    footer: [
      `Each side signed on NordicLoop by typing their name and job title; the times come from NordicLoop's server clock, shown in ${n.timeZone} time.`,
      'Kept by NordicLoop for at least two years after signing; never deleted.',
    ],
    date: n.finalisedAt?.toISOString(),
  }
}
