// The transfer note's emails: the other side is asked to sign, and both sides get the final
// note with its PDF.
import type { EmailAttachment } from '../../src/notifications/email.js'
import { buildEmail } from './email.js'

type Who = { to: string; name: string }
type Note = { number: string; dealNumber: number; title: string; url: string }

/** One side signed: the other is asked to check the note and sign it too. */
export function noteSignedMessage(r: Who, note: Note, signed: { side: string; name: string }) {
  return buildEmail({
    template: 'transfer-note-signed', to: r.to,
    subject: `Waste transfer note ${note.number} · deal ${note.dealNumber}: signed by ${signed.side}, your signature is next`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      `${signed.name} signed waste transfer note ${note.number} for “${note.title}” on behalf of ${signed.side}.`,
      'Check what it says and sign it for your company; once both sides have signed, it is final.',
    ],
    action: { label: 'Open the transfer note', url: note.url },
  })
}

/** Both sides signed: the final note, as a PDF, to each side. */
export function noteFinalMessage(r: Who, note: Note, pdf: EmailAttachment) {
  const email = buildEmail({
    template: 'transfer-note-final', to: r.to,
    subject: `Waste transfer note ${note.number} · deal ${note.dealNumber}: signed by both sides`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      `Waste transfer note ${note.number} for “${note.title}” is signed by both sides and final. The signed note is attached as a PDF.`,
      'Keep it with your waste records. NordicLoop keeps it too, for at least two years, and you can print it from the deal at any time.',
    ],
    action: { label: 'Open the transfer note', url: note.url },
  })
  return { ...email, attachments: [pdf] }
}
