// An admin hides an abusive rating with a reason (kept and audited); it then stops counting.
import { CsrfField } from '../components/form.js'
import { HIDE_REASON_MAX } from '../../src/ratings/rating-rules.js'

export function HideRatingForm(props: { ratingId: string; csrfToken: string; back: string; value?: string; error?: string }) {
  const id = `hide-${props.ratingId}`
  return (
    <details class="reason-form" open={props.error ? true : undefined}>
      <summary>Hide this rating</summary>
      <form method="post" action={`/admin/ratings/${props.ratingId}/hide`} class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="back" value={props.back} />
        <div class={props.error ? 'field has-error' : 'field'}>
          <label for={id}>Why (both companies read it on the deal page)</label>
          <textarea id={id} name="reason" rows={2} required maxlength={HIDE_REASON_MAX} aria-invalid={props.error ? 'true' : undefined}>{props.value ?? ''}</textarea>
          {props.error && <p class="error">{props.error}</p>}
        </div>
        <button type="submit" class="danger">Hide the rating</button>
      </form>
    </details>
  )
}
