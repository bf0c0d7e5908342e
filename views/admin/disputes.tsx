// "Disputes": open disputes, the longest-open first, each with the deal in brief, what the side
// that opened it says, the deal's history, and the decision: release the money to the seller,
// refund the buyer in full, or refund part, with a note both sides read.
import type { DisputeItem } from '../../src/admin/deal-present.js'
import { RESOLUTION_LABELS } from '../../src/admin/deal-schemas.js'
import { CsrfField, FieldError, fieldAria } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { DealInput, Problem, type FormState } from './deal-fields.js'

export type ResolveFormState = FormState & { dealId: string }

function ResolveForm(props: { item: DisputeItem; csrfToken: string; state?: ResolveFormState }) {
  const { item } = props
  const state = props.state?.dealId === item.dealId ? props.state : undefined
  const id = `resolve-${item.dealId}`
  const chosen = state?.values?.resolution
  const errors = state?.errors ?? {}
  const hints: Record<string, string> = {
    release: item.release, refund_full: item.refundFull,
    refund_partial: 'The buyer gets back the amount below; the seller is paid the rest of the price, less the fee on it.',
  }
  return (
    <form method="post" action={`/admin/disputes/${item.dealId}/resolve`} class="stack" novalidate>
      <CsrfField token={props.csrfToken} />
      <Problem state={state} />
      <fieldset class={errors.resolution ? 'field has-error' : 'field'}>
        <legend>Decision</legend>
        {Object.entries(RESOLUTION_LABELS).map(([value, label]) => (
          <div>
            <input type="radio" id={`${id}-${value}`} name="resolution" value={value} checked={chosen === value} required
              {...fieldAria(`${id}-resolution`, { error: errors.resolution })} />
            <label for={`${id}-${value}`}>{label}</label>
            <p class="hint">{hints[value]}</p>
          </div>
        ))}
        <FieldError id={`${id}-resolution`} error={errors.resolution} />
      </fieldset>
      <DealInput formId={id} name="refund_amount" label="Refund to the buyer, for a partial refund" state={state} value="" inputmode="decimal" maxlength={30}
        hint={`More than nothing and less than the price of ${item.price}.`} />
      <div class={errors.note ? 'field has-error' : 'field'}>
        <label for={`${id}-note`}>Note to both sides</label>
        <p class="hint" id={`${id}-note-hint`}>The buyer and the seller read this with the decision, on the deal page and by email.</p>
        <textarea id={`${id}-note`} name="note" rows={3} maxlength={2000} required
          {...fieldAria(`${id}-note`, { hint: true, error: errors.note })}>{state?.values?.note ?? ''}</textarea>
        <FieldError id={`${id}-note`} error={errors.note} />
      </div>
      <button type="submit">Decide the dispute</button>
    </form>
  )
}

function DisputeCard(props: { item: DisputeItem; csrfToken: string; state?: ResolveFormState }) {
  const { item } = props
  return (
    <article class="card stack" id={`dispute-${item.dealId}`}>
      <h2><a href={`/deals/${item.dealId}`}>Deal {item.number}</a>: {item.title}</h2>
      <dl class="facts">
        <dt>Seller</dt><dd>{item.seller}</dd>
        <dt>Buyer</dt><dd>{item.buyer}</dd>
        <dt>Price</dt><dd>{item.price} ({item.received} received, held by NordicLoop)</dd>
        <dt>Opened by</dt><dd>{item.openedBy}{item.openedAt && <>, <time datetime={item.openedAt.iso}>{item.openedAt.utc}</time></>}</dd>
        <dt>What went wrong</dt><dd><strong>{item.reason}</strong></dd>
      </dl>
      <blockquote>{item.text}</blockquote>
      <details>
        <summary>History ({item.history.length})</summary>
        <ol class="timeline">
          {item.history.map((h) => <li><time datetime={h.at.iso}>{h.at.utc}</time> <span class="small">{h.who}</span><p>{h.text}</p></li>)}
        </ol>
      </details>
      <ResolveForm {...props} />
    </article>
  )
}

export function DisputesPage(props: { items: DisputeItem[]; limit: number; csrfToken: string; notice?: string; problem?: string; state?: ResolveFormState }) {
  const n = props.items.length
  return (
    <AdminFrame current="disputes" title="Disputes" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      {n === 0 && <p>No dispute is open.</p>}
      {n > 0 && <p>{n === props.limit ? `The ${n} open longest` : `${n} open`}, the longest-open first. The money stays held until you decide.</p>}
      {props.items.map((item) => <DisputeCard item={item} csrfToken={props.csrfToken} state={props.state} />)}
    </AdminFrame>
  )
}
