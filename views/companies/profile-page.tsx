// A company's public profile: who it is, what NordicLoop checked, its reputation and trade, its
// live listings and the latest ratings with the company's answers. Plain HTML, no script.
import type { CompanyProfileView, ProfileAdmin } from '../../src/companies/profile-view.js'
import type { TradeSide } from '../../src/companies/trade-totals.js'
import { ResultCard } from '../listings/result-card.js'
import { Stars } from '../ratings/stars.js'
import { HideRatingForm } from '../ratings/hide-form.js'

export function CompanyProfilePage(props: { profile: CompanyProfileView; admin?: ProfileAdmin }) {
  const p = props.profile
  return (
    <article class="company-profile stack">
      <header>
        <h1>{p.name}</h1>
        <p>{p.location} · on NordicLoop since {p.memberSince}</p>
        <p>
          <span class="badge ok" title="NordicLoop checked the company's registration">Verified company</span>
          {p.permit && <> <span class="badge ok" title={`Issued by ${p.permit.authority}; valid until ${p.permit.validUntil}`}>Waste permit verified</span></>}
        </p>
        {p.permit && <p class="small">Waste permit from {p.permit.authority}, verified by NordicLoop, valid until {p.permit.validUntil}.</p>}
      </header>
      <ul class="stats" aria-label="Reputation and trade">
        <li>{p.reputation.average ? <><strong>★ {p.reputation.average}</strong> from {p.reputation.count} ratings</> : <><strong>New</strong> on NordicLoop{p.reputation.count > 0 && <> ({p.reputation.count} rating{p.reputation.count === 1 ? '' : 's'} so far)</>}</>}</li>
        <li><strong>{p.trade.completedDeals}</strong> completed deal{p.trade.completedDeals === 1 ? '' : 's'}</li>
        <li><strong>{p.trade.sold.tonnes ?? '0 t'}</strong> sold<TradeOther side={p.trade.sold} /></li>
        <li><strong>{p.trade.bought.tonnes ?? '0 t'}</strong> bought<TradeOther side={p.trade.bought} /></li>
      </ul>
      <section aria-labelledby="listings-title">
        <h2 id="listings-title">Live listings</h2>
        {p.listings.length === 0 ? <p>No live listings right now.</p> : <ul class="cards">{p.listings.map((item) => <ResultCard item={item} />)}</ul>}
      </section>
      <section aria-labelledby="ratings-title">
        <h2 id="ratings-title">Latest ratings</h2>
        {p.ratings.length === 0 ? <p>No ratings yet. Ratings come from the other side of completed deals.</p> : (
          <ol class="stack ratings-list">
            {p.ratings.map((r) => (
              <li class="card rating" id={`rating-${r.id}`}>
                <p><Stars score={r.score} /> · {r.rater.href ? <a href={r.rater.href}>{r.rater.name}</a> : r.rater.name}, as {r.rater.role} · <time datetime={r.at.iso}>{r.at.text}</time></p>
                {r.comment && <blockquote>{r.comment}</blockquote>}
                {r.reply && <div class="rating-reply"><p><strong>Answer from {p.name}</strong> · <time datetime={r.reply.at.iso}>{r.reply.at.text}</time></p><blockquote>{r.reply.text}</blockquote></div>}
                {props.admin && <HideRatingForm ratingId={r.id} csrfToken={props.admin.csrfToken} back={`/companies/${p.id}`} />}
              </li>
            ))}
          </ol>
        )}
        <p class="hint">Only the two sides of a completed deal can rate each other, once. NordicLoop hides ratings that break its rules; they no longer count.</p>
      </section>
    </article>
  )
}

function TradeOther(props: { side: TradeSide }) {
  return props.side.other.length > 0 ? <span class="small"> also {props.side.other.join(', ')}</span> : null
}
