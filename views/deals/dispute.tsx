// A dispute: opened by either side while the money is held, decided by NordicLoop.
import type { DealPageView } from '../../src/deals/deal-view.js'
import { CsrfField } from '../components/form.js'

export function DisputeSection(props: { deal: DealPageView; values?: { reason?: string; text?: string }; error?: string }) {
  const { dispute, id, csrfToken } = props.deal
  if (!dispute.opened && !dispute.mayOpen) return null
  return (
    <section aria-labelledby="dispute-title">
      <h2 id="dispute-title">Dispute</h2>
      {dispute.opened && (
        <div class="card">
          <p>{dispute.opened.by} opened a dispute on <time datetime={dispute.opened.at.iso}>{dispute.opened.at.text}</time>: <strong>{dispute.opened.reason}</strong></p>
          <blockquote>{dispute.opened.text}</blockquote>
          {dispute.resolution ? <p><strong>Decision:</strong> {dispute.resolution}</p> : <p>NordicLoop is looking into it; the money stays held until it decides.</p>}
        </div>
      )}
      {dispute.mayOpen && (
        <details class="reason-form" open={props.error ? true : undefined}>
          <summary>Something is wrong? Open a dispute</summary>
          <form method="post" action={`/deals/${id}/dispute`} class="stack">
            <CsrfField token={csrfToken} />
            <div class="field">
              <label for="dispute-reason">What went wrong</label>
              <select id="dispute-reason" name="reason" required>
                {dispute.reasons.map((r) => <option value={r.value} selected={props.values?.reason === r.value}>{r.label}</option>)}
              </select>
            </div>
            <div class={props.error ? 'field has-error' : 'field'}>
              <label for="dispute-text">Tell NordicLoop what happened</label>
              <textarea id="dispute-text" name="text" rows={4} required maxlength={4000} aria-invalid={props.error ? 'true' : undefined}>{props.values?.text ?? ''}</textarea>
              {props.error && <p class="error">{props.error}</p>}
            </div>
            <p class="hint">The money stays with NordicLoop until the dispute is resolved. Both sides see the decision.</p>
            <button type="submit" class="danger">Open the dispute</button>
          </form>
        </details>
      )}
    </section>
  )
}
