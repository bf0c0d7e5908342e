// "Payouts due": settled deals that owe money out of NordicLoop's account — the seller's payout
// (what they keep less the fee) or the buyer's refund — until each is recorded as sent. The
// amount is the one the deal's settlement owes, shown and sent with the form; the deal's rules
// check it again when it is recorded.
import type { PayoutItem } from '../../src/admin/money-present.js'
import { CsrfField } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { DealInput, Folded, Problem, type FormState } from './deal-fields.js'

export type PayoutFormState = FormState & { dealId: string; party: string }

function PayoutForm(props: { item: PayoutItem; csrfToken: string; today: string; state?: PayoutFormState }) {
  const { item } = props
  const state = props.state?.dealId === item.dealId && props.state.party === item.party ? props.state : undefined
  const id = `payout-${item.dealId}-${item.party}`
  const what = item.party === 'seller' ? 'payout' : 'refund'
  return (
    <Folded summary={`Record the ${what} as sent…`} state={state}>
      <form method="post" action={`/admin/payouts/${item.dealId}`} class="stack" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="party" value={item.party} />
        <input type="hidden" name="amount" value={item.amountInput} />
        <Problem state={state} />
        <p>Send <strong>{item.amount}</strong> to {item.payee}, then record it here.</p>
        <DealInput formId={id} name="paid_on" label="Date sent" type="date" state={state} value={props.today} max={props.today} />
        <DealInput formId={id} name="bank_reference" label="Bank reference of the payment" state={state} maxlength={100} />
        <button type="submit">Record the {what} of {item.amount}</button>
      </form>
    </Folded>
  )
}

export function PayoutsPage(props: { items: PayoutItem[]; limited: boolean; csrfToken: string; today: string; notice?: string; problem?: string; state?: PayoutFormState }) {
  const n = props.items.length
  return (
    <AdminFrame current="payouts" title="Payouts due" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      {n === 0 && <p>No payout or refund is due.</p>}
      {n > 0 && <p>{n} to send, the longest-settled deal first.{props.limited && ' Only the oldest are shown; more follow once these are recorded.'}</p>}
      {props.items.map((item) => (
        <article class="card" id={`payout-${item.dealId}-${item.party}`}>
          <h2>{item.party === 'seller' ? 'Payout' : 'Refund'} of {item.amount} to <a href={`/admin/companies/${item.payeeCompanyId}`}>{item.payee}</a></h2>
          <dl class="facts">
            <dt>Deal</dt><dd><a href={`/deals/${item.dealId}`}>Deal {item.number}</a>: {item.title}</dd>
            <dt>To</dt><dd>the {item.party}</dd>
            <dt>Why</dt><dd>{item.why}</dd>
            {item.settled && <><dt>Settled</dt><dd><time datetime={item.settled.iso}>{item.settled.utc}</time></dd></>}
          </dl>
          <PayoutForm item={item} csrfToken={props.csrfToken} today={props.today} state={props.state} />
        </article>
      ))}
    </AdminFrame>
  )
}
