// The admin's latest ratings: who rated whom on which deal, and a form to hide an abusive one.
import type { AdminRatingRow } from '../../src/ratings/admin-ratings.js'
import { AdminFrame } from '../admin/nav.js'
import { Notice } from '../components/form.js'
import { Stars } from './stars.js'
import { HideRatingForm } from './hide-form.js'

export function AdminRatingsPage(props: { rows: AdminRatingRow[]; csrfToken: string; notice?: string; problem?: { ratingId: string; message: string; value?: string } }) {
  return (
    <AdminFrame current="ratings" title="Ratings" notice={props.notice}>
      <p>The latest ratings, newest first. A hidden rating no longer shows on the company's profile or counts in its average; both sides of the deal read the reason.</p>
      {props.problem && !props.rows.some((r) => r.id === props.problem!.ratingId && !r.hidden) && <Notice kind="error">{props.problem.message}</Notice>}
      <AdminRatingList rows={props.rows} csrfToken={props.csrfToken} back="/admin/ratings" problem={props.problem} />
    </AdminFrame>
  )
}

/** Ratings as the admin reads them, each with its hide form (or why it was hidden). */
export function AdminRatingList(props: { rows: AdminRatingRow[]; csrfToken: string; back: string; problem?: { ratingId: string; message: string; value?: string } }) {
  if (props.rows.length === 0) return <p>No ratings yet.</p>
  return (
    <ol class="stack">
      {props.rows.map((r) => {
        const problem = props.problem?.ratingId === r.id ? props.problem : undefined
        return (
          <li class="card" id={`rating-${r.id}`}>
            <p><Stars score={r.score} /> · {r.raterName} rated <a href={r.ratedHref}>{r.ratedName}</a> on <a href={r.dealHref}>deal {r.dealNumber}</a> · {r.at}</p>
            {r.comment && <blockquote>{r.comment}</blockquote>}
            {r.reply && <p class="small">Answer: {r.reply}</p>}
            {r.hidden
              ? <p><span class="badge warn">Hidden</span> {r.hidden.at}{r.hidden.by && <> by {r.hidden.by}</>}: {r.hidden.reason}</p>
              : <HideRatingForm ratingId={r.id} csrfToken={props.csrfToken} back={props.back} value={problem?.value} error={problem?.message} />}
          </li>
        )
      })}
    </ol>
  )
}
