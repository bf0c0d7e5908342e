import { Notice } from '../components/form.js'

/**
 * "Buy now" leads to the review step (GET /listings/:id/buy), never straight to a purchase: the
 * buyer confirms there, seeing the total with VAT, the terms and the payment deadline. Beside a
 * bid form it is the secondary action (public/css/buy.css). `csrfToken` is kept for the callers;
 * a GET link must not carry it, since the URL ends up in history and logs.
 */
export function BuyForm(props: { listingId: string; csrfToken?: string; label: string; message?: { ok: boolean; text: string } }) {
  return (
    <form method="get" action={`/listings/${props.listingId}/buy`} class="buy-form">
      {props.message && <Notice kind={props.message.ok ? 'success' : 'error'}>{props.message.text}</Notice>}
      <button type="submit">{props.label}</button>
    </form>
  )
}
