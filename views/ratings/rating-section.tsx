// A deal's ratings: each side rates the other once after the deal ends, and the rated company
// may answer once. Plain forms that post and come back to the deal page; no JavaScript needed.
import type { RatingSectionView, RatingView } from '../../src/ratings/rating-view.js'
import { COMMENT_MAX, REPLY_MAX } from '../../src/ratings/rating-rules.js'
import { CsrfField } from '../components/form.js'
import { Stars } from './stars.js'

const SCORES = [5, 4, 3, 2, 1] as const
const SCORE_WORDS: Record<number, string> = { 5: 'excellent', 4: 'good', 3: 'fair', 2: 'poor', 1: 'bad' }

export function RatingSection(props: { ratings: RatingSectionView }) {
  const r = props.ratings
  const form = r.form
  return (
    <section id="ratings" aria-labelledby="ratings-title">
      <h2 id="ratings-title">Ratings</h2>
      {r.mayRate && <RateForm section={r} />}
      {r.closed && <p class="hint">{r.closed}</p>}
      {r.ratings.length === 0 && !r.mayRate && <p>No ratings on this deal.</p>}
      {r.ratings.map((rating) => <RatingCard section={r} rating={rating} errors={form?.name === 'reply' ? form : undefined} />)}
    </section>
  )
}

function RateForm(props: { section: RatingSectionView }) {
  const s = props.section
  const form = s.form?.name === 'rate' ? s.form : undefined
  const scoreError = form?.errors.score
  const commentError = form?.errors.comment
  return (
    <form method="post" action={`/deals/${s.dealId}/ratings`} class="card stack">
      <CsrfField token={s.csrfToken} />
      <fieldset class={scoreError ? 'field has-error' : 'field'} aria-invalid={scoreError ? 'true' : undefined}>
        <legend>How was trading with {s.otherName}?</legend>
        <div class="choices">
          {SCORES.map((n) => (
            <label><input type="radio" name="score" value={String(n)} required checked={form?.values.score === String(n)} /> {n} ★ {SCORE_WORDS[n]}</label>
          ))}
        </div>
        {scoreError && <p class="error">{scoreError}</p>}
      </fieldset>
      <div class={commentError ? 'field has-error' : 'field'}>
        <label for="rating-comment">Comment<span class="optional"> (optional)</span></label>
        <textarea id="rating-comment" name="comment" rows={3} maxlength={COMMENT_MAX} aria-invalid={commentError ? 'true' : undefined}>{form?.values.comment ?? ''}</textarea>
        {commentError && <p class="error">{commentError}</p>}
      </div>
      <p class="hint">
        Your rating shows on {s.otherName}'s public profile with your company's name, and cannot be changed.
        {s.until && <> You can rate until <time datetime={s.until.iso}>{s.until.text}</time>.</>}
      </p>
      <button type="submit">Send the rating</button>
    </form>
  )
}

function RatingCard(props: { section: RatingSectionView; rating: RatingView; errors?: NonNullable<RatingSectionView['form']> }) {
  const { rating, section } = props
  if (rating.hidden) {
    return (
      <div class="card">
        <h3>{rating.title}</h3>
        <p>Hidden by NordicLoop: {rating.hidden.reason}</p>
      </div>
    )
  }
  const replyError = props.errors?.errors.reply
  return (
    <div class="card rating">
      <h3>{rating.title}</h3>
      <p><Stars score={rating.score} /> · <time datetime={rating.at.iso}>{rating.at.text}</time></p>
      {rating.comment && <blockquote>{rating.comment}</blockquote>}
      {rating.reply && (
        <div class="rating-reply">
          <p><strong>Answer</strong> · <time datetime={rating.reply.at.iso}>{rating.reply.at.text}</time></p>
          <blockquote>{rating.reply.text}</blockquote>
        </div>
      )}
      {rating.mayReply && (
        <details class="reason-form" open={replyError ? true : undefined}>
          <summary>Answer this rating</summary>
          <form method="post" action={`/deals/${section.dealId}/ratings/reply`} class="stack">
            <CsrfField token={section.csrfToken} />
            <div class={replyError ? 'field has-error' : 'field'}>
              <label for="rating-reply">Your answer, shown beside the rating</label>
              <textarea id="rating-reply" name="reply" rows={3} required maxlength={REPLY_MAX} aria-invalid={replyError ? 'true' : undefined}>{props.errors?.values.reply ?? ''}</textarea>
              {replyError && <p class="error">{replyError}</p>}
            </div>
            <p class="hint">You can answer once; the answer cannot be changed.</p>
            <button type="submit" class="secondary">Send the answer</button>
          </form>
        </details>
      )}
    </div>
  )
}
