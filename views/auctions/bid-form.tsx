import { CsrfField, Notice } from '../components/form.js'

/**
 * What the server took from a bid, to the second by its own clock (`accepted`), and what the
 * bid meant at that moment (`text`). `at` is when it was taken: once a later bid or the close
 * has changed the auction (`current` false here, or public/js/countdown.js on an open page),
 * the moment's words give way to a pointer to the live status, so the two never disagree.
 */
export type BidReceipt = { accepted: string; at: string; current: boolean }
export type BidMessageData = { ok: boolean; text: string; receipt?: BidReceipt }

export function BidMessage(props: { message: BidMessageData }) {
  const { message } = props
  const r = message.receipt
  if (!r) return <Notice kind={message.ok ? 'success' : 'error'}>{message.text}</Notice>
  return (
    <div class="alert success bid-receipt" role="status" data-bid-at={r.at}>
      <p>{r.accepted}</p>
      <p class="bid-outcome" hidden={!r.current}>{message.text}</p>
      <p class="bid-outcome-past" hidden={r.current}>The auction has moved on since this bid: your status is shown above.</p>
    </div>
  )
}

/**
 * The bid form. It stays outside the live region, so an update never wipes what the bidder is
 * typing. The idempotency key makes a double submission place one bid. The minimum is the live
 * panel's (#minimum-bid), which updates while the form is being filled in.
 */
export function BidForm(props: {
  listingId: string
  csrfToken: string
  idempotencyKey: string
  values?: { amount?: string; max_amount?: string }
  message?: BidMessageData
  errors?: { amount?: string; max_amount?: string }
}) {
  const action = `/listings/${props.listingId}/bids`
  const amountError = props.errors?.amount
  const maxError = props.errors?.max_amount
  return (
    <form method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML" class="stack bid-form" novalidate>
      {props.message && <BidMessage message={props.message} />}
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
      {/* The amount and the button side by side, so a phone shows both in the first screen. */}
      <div class={amountError ? 'bid-row has-error' : 'bid-row'}>
        <div class="field">
          <label for="bid-amount">Your bid (€)</label>
          <input id="bid-amount" name="amount" inputmode="decimal" required value={props.values?.amount}
            aria-describedby={amountError ? 'bid-amount-error minimum-bid' : 'minimum-bid'} aria-invalid={amountError ? 'true' : undefined} />
        </div>
        <button type="submit">Place bid</button>
        {amountError && <p class="error" id="bid-amount-error">{amountError}</p>}
      </div>
      <details class={maxError ? 'field has-error' : 'field'} open={Boolean(props.values?.max_amount || maxError)}>
        <summary>Bid for me up to a maximum</summary>
        <label for="bid-max">Your maximum (€)<span class="optional"> (optional)</span></label>
        <p class="hint" id="bid-max-hint">We bid for you, just enough to keep you in the lead, up to this amount. Other bidders never see it.</p>
        <input id="bid-max" name="max_amount" inputmode="decimal" value={props.values?.max_amount}
          aria-describedby={maxError ? 'bid-max-error bid-max-hint' : 'bid-max-hint'} aria-invalid={maxError ? 'true' : undefined} />
        {maxError && <p class="error" id="bid-max-error">{maxError}</p>}
      </details>
    </form>
  )
}
