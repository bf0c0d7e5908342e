// A second chance for a lot whose buyer did not pay: on the seller's deal page, offer it to the
// next-highest bidder or relist it, and what came of offers made before; and the offer's own
// page, where the company offered the lot accepts or declines. Plain forms throughout.
import type { DealPageView } from '../../src/deals/deal-view.js'
import type { OfferPageView } from '../../src/deals/second-chance.js'
import { CsrfField, Notice } from '../components/form.js'

export function SecondChanceSection(props: { deal: DealPageView }) {
  const { id, csrfToken } = props.deal
  const sc = props.deal.secondChance
  if (!sc) return null
  return (
    <section class="card" aria-labelledby="second-chance-title">
      <h2 id="second-chance-title">Sell the lot again</h2>
      {sc.sold && <p>The lot went to <strong>{sc.sold.buyer}</strong> by a second-chance offer at {sc.sold.amount}: <a href={`/deals/${sc.sold.dealId}`}>deal {sc.sold.number}</a>.</p>}
      {sc.open && <p>Offered to the next-highest bidder at <strong>{sc.open.amount}</strong>. They have until <time datetime={sc.open.expires.iso}>{sc.open.expires.text}</time> to accept; you will be emailed either way.</p>}
      {sc.relistedId && <p>You relisted the lot as a new draft: <a href={`/listings/${sc.relistedId}/edit`}>check it, set its times and send it for review</a>.</p>}
      {sc.noOffer && <p>{sc.noOffer}</p>}
      {(sc.offer || sc.mayRelist) && (
        <div class="actions">
          {sc.offer && (
            <form method="post" action={`/deals/${id}/second-chance`} class="step-form">
              <CsrfField token={csrfToken} />
              <button type="submit">Offer it to the next-highest bidder at {sc.offer.amount}</button>
              <p class="hint">Their own highest bid. They have {sc.offer.hours} hours to accept; if they decline or do not answer, you can offer it to the next one.</p>
            </form>
          )}
          {sc.mayRelist && (
            <form method="post" action={`/deals/${id}/relist`} class="step-form">
              <CsrfField token={csrfToken} />
              <button type="submit" class="secondary">Relist it as a new listing</button>
              <p class="hint">A copy of the listing as a draft, to check, give new times and photos, and send for review.</p>
            </form>
          )}
        </div>
      )}
      {sc.history.length > 0 && (
        <ul class="small">
          {sc.history.map((h) => <li><time datetime={h.at.iso}>{h.at.text}</time>: {h.text}</li>)}
        </ul>
      )}
    </section>
  )
}

export function OfferPage(props: { offer: OfferPageView; notice?: { ok: boolean; text: string } }) {
  const o = props.offer
  return (
    <article class="deal stack">
      <p class="small"><a href="/deals">← All deals</a></p>
      <h1>A second chance: {o.title}</h1>
      {props.notice && <Notice kind={props.notice.ok ? 'success' : 'error'}>{props.notice.text}</Notice>}
      <p>The winning bidder did not pay, so <strong>{o.seller}</strong> offers your company the lot at your own highest bid.</p>
      <dl class="facts">
        <dt>Lot</dt><dd><a href={`/listings/${o.listingId}`}>{o.title}</a>, {o.quantity}</dd>
        <dt>Price</dt><dd><strong>{o.amount}</strong></dd>
        <dt>Open until</dt><dd><time datetime={o.expires.iso}>{o.expires.text}</time></dd>
      </dl>
      {o.closed ? (
        <p>{o.closed}{o.dealId && <> <a href={`/deals/${o.dealId}`}>Open the deal</a>.</>}</p>
      ) : (
        <section class="card next-step urgent" aria-labelledby="answer-title">
          <h2 id="answer-title">Your answer</h2>
          <p>Accepting makes the deal at once: you pay {o.amount} within {o.payDays} working days, as after winning an auction.</p>
          <div class="actions">
            <form method="post" action={`/deals/offers/${o.id}/accept`} class="step-form">
              <CsrfField token={o.csrfToken} />
              <button type="submit">Accept and buy at {o.amount}</button>
            </form>
            <form method="post" action={`/deals/offers/${o.id}/decline`} class="step-form">
              <CsrfField token={o.csrfToken} />
              <button type="submit" class="secondary">Decline</button>
            </form>
          </div>
        </section>
      )}
    </article>
  )
}
