// The deal page's word on the waste transfer note: its number, where it stands, the reader's next
// step and the links to the note, its printable page and its PDF.
import type { NoteSectionView } from '../../src/transfer-notes/note-view.js'

export function NoteSection(props: { note?: NoteSectionView | null }) {
  const n = props.note
  if (!n) return null
  const base = `/deals/${n.dealId}/transfer-note`
  return (
    <section class="card" id="transfer-note" aria-labelledby="transfer-note-title">
      <h2 id="transfer-note-title">Waste transfer note {n.number}</h2>
      <p><span class={`badge ${n.done ? 'ok' : 'warn'}`}>{n.status}</span></p>
      <p>{n.next}</p>
      <p class="actions">
        <a href={base}>{n.done ? 'Open the note' : 'Open, fill in and sign the note'}</a>{' · '}
        <a href={`${base}/print`}>Printable page</a>{' · '}<a href={`${base}.pdf`}>PDF</a>
      </p>
    </section>
  )
}
