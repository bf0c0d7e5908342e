// A deal's waste transfer note: what it says (as it prints), where it stands, and the reader's
// forms — the seller's packaging, the buyer's carrier, each side's signature. Plain forms that
// post and come back here; once final, only the print and PDF links remain.
import type { NoteForm, NotePageView } from '../../src/transfer-notes/note-view.js'
import type { PrintDocument } from '../../src/documents/print-document.js'
import { CsrfField, Field, Notice } from '../components/form.js'

export function NotePage(props: { note: NotePageView; notice?: { ok: boolean; text: string } }) {
  const n = props.note
  const base = `/deals/${n.dealId}/transfer-note`
  return (
    <article class="stack transfer-note">
      <p class="small"><a href={`/deals/${n.dealId}`}>← Deal {n.dealNumber}: {n.title}</a></p>
      <h1>Waste transfer note {n.number}</h1>
      <p><span class={`badge ${n.status.done ? 'ok' : 'warn'}`}>{n.status.text}</span></p>
      {props.notice && <Notice kind={props.notice.ok ? 'success' : 'error'}>{props.notice.text}</Notice>}
      <section class="card next-step" aria-labelledby="note-next-title">
        <h2 id="note-next-title">{n.final ? 'The note is final' : 'What happens next'}</h2>
        <p>{n.next}</p>
        <p class="actions">
          <a href={`${base}/print`}>Printable page</a>{' · '}<a href={`${base}.pdf`}>Download PDF</a>
        </p>
      </section>
      {n.packaging && <PackagingForm base={base} note={n} value={n.packaging.value} form={n.form} />}
      {n.carrier && <CarrierForm base={base} note={n} carrier={n.carrier} form={n.form} />}
      {n.sign && <SignForm base={base} note={n} sign={n.sign} form={n.form} />}
      <DocumentBody doc={n.doc} />
      {n.signatures.some((s) => s.outdated) && (
        <section aria-labelledby="note-signatures-title">
          <h2 id="note-signatures-title">Signatures given before a change</h2>
          <ul>
            {n.signatures.filter((s) => s.outdated).map((s) => (
              <li>{s.side}: {s.name}, {s.role}, <time datetime={s.at.iso}>{s.at.text}</time>. {s.outdated}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="note-history-title">
        <h2 id="note-history-title">History of the note</h2>
        <ol class="timeline">
          {n.history.map((h) => <li><time datetime={h.at.iso}>{h.at.text}</time> <span class="small">{h.who}</span><p>{h.text}</p></li>)}
        </ol>
      </section>
    </article>
  )
}

const valuesOf = (form: NoteForm | undefined, name: NoteForm['name'], fallback: Record<string, string>) =>
  form?.name === name ? { values: form.values, errors: form.errors } : { values: fallback, errors: {} }

function PackagingForm(props: { base: string; note: NotePageView; value: string; form?: NoteForm }) {
  const f = valuesOf(props.form, 'packaging', { packaging: props.value })
  return (
    <section class="card" aria-labelledby="packaging-title">
      <h2 id="packaging-title">Containers and packaging</h2>
      <form method="post" action={`${props.base}/packaging`} class="stack">
        <CsrfField token={props.note.csrfToken} />
        <Field name="packaging" label="How the waste is contained" required maxlength={200} values={f.values} errors={f.errors}
          hint="For example “12 bales on pallets”, “IBC 1,000 l” or “loose in a 30 m³ roll-off skip”. Changing it after a signature makes that signature void." />
        <button type="submit">Save packaging</button>
      </form>
    </section>
  )
}

function CarrierForm(props: { base: string; note: NotePageView; carrier: NonNullable<NotePageView['carrier']>; form?: NoteForm }) {
  const c = props.carrier
  const f = valuesOf(props.form, 'carrier', { carrier: c.kind, haulier_name: c.name, haulier_address: c.address, haulier_registration: c.registration })
  return (
    <section class="card" aria-labelledby="carrier-title">
      <h2 id="carrier-title">Carrier</h2>
      <form method="post" action={`${props.base}/carrier`} class="stack">
        <CsrfField token={props.note.csrfToken} />
        <fieldset>
          <legend>Who carries the waste?</legend>
          <label><input type="radio" name="carrier" value="buyer" checked={f.values.carrier !== 'haulier'} /> We collect it with our own transport</label>
          <label><input type="radio" name="carrier" value="haulier" checked={f.values.carrier === 'haulier'} /> A haulier collects it for us</label>
          {f.errors.carrier && <p class="error">{f.errors.carrier}</p>}
        </fieldset>
        <p class="hint">For a haulier, fill in all three:</p>
        <Field name="haulier_name" label="Haulier’s name" maxlength={200} values={f.values} errors={f.errors} />
        <Field name="haulier_address" label="Haulier’s address" maxlength={300} values={f.values} errors={f.errors} />
        <Field name="haulier_registration" label="Haulier’s waste carrier registration or permit number" maxlength={100} values={f.values} errors={f.errors} />
        <button type="submit">Save carrier</button>
      </form>
    </section>
  )
}

function SignForm(props: { base: string; note: NotePageView; sign: NonNullable<NotePageView['sign']>; form?: NoteForm }) {
  const s = props.sign
  const f = valuesOf(props.form, 'sign', { name: s.name, role: '' })
  return (
    <section class="card" aria-labelledby="sign-title">
      <h2 id="sign-title">{s.again ? 'Sign again' : 'Sign'} for {s.sideLabel}</h2>
      {s.refusal ? <p>{s.refusal}</p> : (
        <form method="post" action={`${props.base}/sign`} class="stack">
          <CsrfField token={props.note.csrfToken} />
          <input type="hidden" name="side" value={s.side} />
          <p class="hint">By signing you confirm, for your company, that the note below is correct. NordicLoop records the time.</p>
          <Field name="name" label="Your full name" required maxlength={120} autocomplete="name" values={f.values} errors={f.errors} />
          <Field name="role" label="Your role or job title" required maxlength={120} autocomplete="organization-title" values={f.values} errors={f.errors} />
          {f.errors.side && <p class="error">{f.errors.side}</p>}
          <button type="submit">Sign the transfer note</button>
        </form>
      )}
    </section>
  )
}

/** The note as it prints: parties side by side, then each section. */
function DocumentBody(props: { doc: PrintDocument }) {
  const d = props.doc
  return (
    <section class="stack" aria-labelledby="note-body-title">
      <h2 id="note-body-title">What the note says</h2>
      {d.subtitle && <p>{d.subtitle}</p>}
      <div class="cards">
        {d.parties.map((p) => (
          <div class="card"><h3>{p.heading}</h3>{p.lines.map((l) => <p>{l}</p>)}</div>
        ))}
      </div>
      {d.sections.map((s) => {
        if (s.kind === 'facts') return (<><h3>{s.heading}</h3><dl class="facts">{s.rows.map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}</dl></>)
        if (s.kind === 'signatures') return (
          <><h3>{s.heading}</h3><dl class="facts">{s.signatures.map((g) => <><dt>{g.role}</dt><dd>{g.name ? `${g.name} — ${g.signedAt}` : 'Not signed yet'}</dd></>)}</dl></>
        )
        if (s.kind === 'text') return (<><h3>{s.heading}</h3>{s.paragraphs.map((p) => <p>{p}</p>)}</>)
        return null
      })}
    </section>
  )
}
