// "Payments to record": deals waiting for the buyer's bank transfer, the nearest deadline
// first, each with a plain form to record a transfer as it shows on the bank statement. A
// search by the payment reference the buyer wrote on the transfer finds its deal.
import type { PaymentRow } from '../../src/admin/money-present.js'
import { CsrfField } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { DealInput, Folded, Problem, type FormState } from './deal-fields.js'

export type ReceiptFormState = FormState & { dealId: string }

/** What the search found: a deal to record against, a deal in another state, or a message. */
export type PaymentSearch = {
  reference: string
  error?: string
  found?: { row: PaymentRow; awaiting: true } | { dealId: string; number: number; title: string; awaiting: false; status: string }
  message?: string
}

const formId = (dealId: string) => `receipt-${dealId}`

function ReceiptForm(props: { row: PaymentRow; csrfToken: string; today: string; state?: ReceiptFormState }) {
  const { row } = props
  const state = props.state?.dealId === row.dealId ? props.state : undefined
  const id = formId(row.dealId)
  return (
    <Folded summary="Record a bank transfer received…" state={state}>
      <form method="post" action={`/admin/payments/${row.dealId}`} class="stack" novalidate>
        <CsrfField token={props.csrfToken} />
        <Problem state={state} />
        <DealInput formId={id} name="amount" label="Amount received" state={state} value={row.dueInput} inputmode="decimal" maxlength={30}
          hint={`As on the bank statement. ${row.due} is still to pay; a different amount is recorded as it is, and the difference shown.`} />
        <DealInput formId={id} name="received_on" label="Date received" type="date" state={state} value={props.today} max={props.today} />
        <DealInput formId={id} name="bank_reference" label="Bank reference of the transfer" state={state} maxlength={100}
          hint="The bank's own reference for this transfer: the same transfer is recorded only once." />
        <button type="submit">Record the transfer</button>
      </form>
    </Folded>
  )
}

function PaymentCard(props: { row: PaymentRow; csrfToken: string; today: string; state?: ReceiptFormState }) {
  const { row } = props
  return (
    <article class="card" id={`deal-${row.dealId}`}>
      <h2><a href={`/deals/${row.dealId}`}>Deal {row.number}</a>: {row.title}</h2>
      <dl class="facts">
        <dt>Buyer</dt><dd>{row.buyer} (seller: {row.seller})</dd>
        <dt>Still to pay</dt><dd><strong>{row.due}</strong>{row.received && <> — {row.received} of {row.price} received</>}</dd>
        <dt>Reference</dt><dd class="reference">{row.reference}</dd>
        <dt>Pay by</dt>
        <dd><time datetime={row.payBy.iso}>{row.payBy.utc}</time>{row.overdue && <> <span class="badge warn">overdue</span></>}</dd>
      </dl>
      <ReceiptForm {...props} />
    </article>
  )
}

function SearchForm(props: { search?: PaymentSearch }) {
  const error = props.search?.error
  return (
    <form method="get" action="/admin/payments" class="search-form" role="search">
      <div class={error ? 'field has-error' : 'field'}>
        <label for="payment-reference">Payment reference on the transfer</label>
        <input id="payment-reference" name="reference" value={props.search?.reference ?? ''} maxlength={60} placeholder="RF18 NL10 42"
          aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'payment-reference-error' : undefined} />
        {error && <p class="error" id="payment-reference-error">{error}</p>}
      </div>
      <button type="submit" class="secondary">Find the deal</button>
    </form>
  )
}

function SearchResult(props: { search: PaymentSearch; csrfToken: string; today: string; state?: ReceiptFormState }) {
  const { found, message } = props.search
  if (message) return <div class="alert info" role="status">{message}</div>
  if (!found) return null
  if (found.awaiting) return <PaymentCard row={found.row} csrfToken={props.csrfToken} today={props.today} state={props.state} />
  return (
    <div class="alert info" role="status">
      <a href={`/deals/${found.dealId}`}>Deal {found.number}</a> ({found.title}) is {found.status}: it is not waiting for a payment, so there is nothing to record. If money came in for it, it has to go back to the buyer.
    </div>
  )
}

export function PaymentsPage(props: {
  rows: PaymentRow[]
  limit: number
  csrfToken: string
  today: string
  notice?: string
  problem?: string
  search?: PaymentSearch
  state?: ReceiptFormState
}) {
  const n = props.rows.length
  const overdue = props.rows.filter((r) => r.overdue).length
  // The deal the search found is shown once, above the queue.
  const shown = props.search?.found?.awaiting ? props.search.found.row.dealId : null
  return (
    <AdminFrame current="payments" title="Payments to record" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      <SearchForm search={props.search} />
      {props.search && <SearchResult search={props.search} csrfToken={props.csrfToken} today={props.today} state={props.state} />}
      {n === 0 && <p>No deal is waiting for a payment.</p>}
      {n > 0 && (
        <p>
          {n === props.limit ? `The ${n} nearest deadlines` : `${n} waiting`}, the nearest deadline first{overdue > 0 && `; ${overdue} overdue`}.
          Match each transfer by its reference; record it as the bank shows it.
        </p>
      )}
      {props.rows.filter((row) => row.dealId !== shown).map((row) => <PaymentCard row={row} csrfToken={props.csrfToken} today={props.today} state={props.state} />)}
    </AdminFrame>
  )
}
