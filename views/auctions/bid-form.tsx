import { CsrfField, Notice } from '../components/form.js'

/**
 * The bid form. It stays outside the live region, so an update never wipes what the bidder is
 * typing. The idempotency key makes a double submission place one bid.
 */
export function BidForm(props: {
  listingId: string
  csrfToken: string
  idempotencyKey: string
  minimumBid: string
  values?: { amount?: string; max_amount?: string }
  message?: { ok: boolean; text: string }
  errors?: { amount?: string; max_amount?: string }
}) {
  const action = `/listings/${props.listingId}/bids`
  const amountError = props.errors?.amount
  const maxError = props.errors?.max_amount
  return (
    <form method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML" class="stack bid-form" novalidate>
      {props.message && <Notice kind={props.message.ok ? 'success' : 'error'}>{props.message.text}</Notice>}
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
      <div class={amountError ? 'field has-error' : 'field'}>
        <label for="bid-amount">Your bid (€)</label>
        <p class="hint" id="bid-amount-hint">At least {props.minimumBid} when this page was loaded.</p>
        <input id="bid-amount" name="amount" inputmode="decimal" required value={props.values?.amount} aria-describedby="bid-amount-hint" aria-invalid={amountError ? 'true' : undefined} />
        {amountError && <p class="error">{amountError}</p>}
      </div>
      <details class={maxError ? 'field has-error' : 'field'} open={Boolean(props.values?.max_amount || maxError)}>
        <summary>Bid automatically up to a maximum</summary>
        <label for="bid-max">Your maximum (€)<span class="optional"> (optional)</span></label>
        <p class="hint">We bid for you, just enough to keep you in the lead, up to this amount. Other bidders never see it.</p>
        <input id="bid-max" name="max_amount" inputmode="decimal" value={props.values?.max_amount} />
        {maxError && <p class="error">{maxError}</p>}
      </details>
      <button type="submit">Place bid</button>
    </form>
  )
}
