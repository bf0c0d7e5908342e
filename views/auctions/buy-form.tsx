import { CsrfField, Notice } from '../components/form.js'

export function BuyForm(props: { listingId: string; csrfToken: string; label: string; message?: { ok: boolean; text: string } }) {
  const action = `/listings/${props.listingId}/buy`
  return (
    <form method="post" action={action} class="buy-form">
      {props.message && <Notice kind={props.message.ok ? 'success' : 'error'}>{props.message.text}</Notice>}
      <CsrfField token={props.csrfToken} />
      <button type="submit">{props.label}</button>
    </form>
  )
}
