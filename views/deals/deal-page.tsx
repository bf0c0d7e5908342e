// One deal, for the buyer, the seller or an admin: where it stands and the reader's next step
// first, then money, payment, contacts and collection, the other steps, and the history.
// Every step is a plain form; nothing here needs JavaScript.
import type { Child } from 'hono/jsx'
import type { DealPageView } from '../../src/deals/deal-view.js'
import { CsrfField, Notice } from '../components/form.js'
import { CollectionSection } from './collection.js'
import { DisputeSection } from './dispute.js'
import { SecondChanceSection } from './second-chance.js'
import { ChatSection } from './chat.js'
import { InvoiceSection } from '../invoices/invoice-section.js'
import { NoteSection } from '../transfer-notes/note-section.js'
import { RatingSection } from '../ratings/rating-section.js'
import { HazardLabel } from '../components/hazard-label.js'

export function DealPage(props: { deal: DealPageView; notice?: { ok: boolean; text: string }; disputeForm?: Child; extra?: Child }) {
  const d = props.deal
  return (
    <article class="deal stack">
      <p class="small"><a href={d.role === 'admin' ? '/admin/deals' : '/deals'}>← All deals</a></p>
      <h1>Deal {d.number}: {d.title}</h1>
      {d.hazardous && <p><HazardLabel /></p>}
      <p>
        <span class={`badge ${d.next.urgent ? 'warn' : 'ok'}`}>{d.statusLabel}</span>{' '}
        {d.quantity} · {d.role === 'buyer' ? <>you buy from <strong>{d.sellerName}</strong></> : d.role === 'seller' ? <>you sell to <strong>{d.buyerName}</strong></> : <>{d.sellerName} sells to {d.buyerName}</>}
        {' · '}<a href={`/listings/${d.listingId}`}>the lot</a>
      </p>
      {props.notice && <Notice kind={props.notice.ok ? 'success' : 'error'}>{props.notice.text}</Notice>}
      <section class={`card next-step${d.next.urgent ? ' urgent' : ''}`} aria-labelledby="next-title">
        <h2 id="next-title">{d.next.urgent ? 'Your next step' : 'What happens next'}</h2>
        <p>{d.next.text}</p>
        {d.steps.length > 0 && (
          <div class="actions">
            {d.steps.map((s) => (
              <form method="post" action={`/deals/${d.id}/steps`} class="step-form">
                <CsrfField token={d.csrfToken} />
                <input type="hidden" name="step" value={s.step} />
                <button type="submit" class={s.tone === 'primary' ? '' : s.tone === 'danger' ? 'danger' : 'secondary'}>{s.label}</button>
                {s.hint && <p class="hint">{s.hint}</p>}
              </form>
            ))}
          </div>
        )}
      </section>
      {d.payment && <PaymentSection deal={d} payment={d.payment} />}
      <SecondChanceSection deal={d} />
      <section aria-labelledby="money-title">
        <h2 id="money-title">Money</h2>
        <dl class="facts">
          {d.money.map((m) => <><dt>{m.label}</dt><dd>{m.value}{m.note && <span class="small"> — {m.note}</span>}</dd></>)}
        </dl>
      </section>
      {d.contacts.length > 0 && (
        <section aria-labelledby="contacts-title">
          <h2 id="contacts-title">Contacts</h2>
          <div class="cards">
            {d.contacts.map((c) => (
              <div class="card">
                <h3>{c.side}: {c.company}</h3>
                <dl class="facts">
                  <dt>Contact</dt><dd>{c.person}</dd>
                  {c.phone && <><dt>Phone</dt><dd><a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a></dd></>}
                  {c.email && <><dt>Email</dt><dd><a href={`mailto:${c.email}`}>{c.email}</a></dd></>}
                  <dt>Address</dt><dd>{c.address}</dd>
                </dl>
              </div>
            ))}
          </div>
        </section>
      )}
      <CollectionSection deal={d} />
      {props.disputeForm ?? <DisputeSection deal={d} />}
      {d.chat && <ChatSection chat={d.chat} />}
      <InvoiceSection invoices={d.invoices} />
      <NoteSection note={d.transferNote} />
      {d.ratings && <RatingSection ratings={d.ratings} />}
      {props.extra}
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol class="timeline">
          {d.timeline.map((t) => (
            <li><time datetime={t.at.iso}>{t.at.text}</time> <span class="small">{t.who}</span><p>{t.text}</p></li>
          ))}
        </ol>
      </section>
    </article>
  )
}

function PaymentSection(props: { deal: DealPageView; payment: NonNullable<DealPageView['payment']> }) {
  const p = props.payment
  return (
    <section class="card" aria-labelledby="pay-title">
      <h2 id="pay-title">Pay {p.amount} by {p.payBy}</h2>
      <p>Transfer the amount to NordicLoop's client account with this reference. NordicLoop holds the money until you confirm you received the material.</p>
      <dl class="facts">
        <dt>Amount</dt><dd><strong>{p.amount}</strong></dd>
        <dt>Reference</dt><dd><strong class="reference">{p.reference}</strong></dd>
        <dt>Account holder</dt><dd>{p.bank.accountName}</dd>
        <dt>IBAN</dt><dd class="reference">{p.bank.iban}</dd>
        <dt>BIC</dt><dd>{p.bank.bic}</dd>
      </dl>
      {p.gateways.map((g) => (
        <form method="post" action={`/deals/${props.deal.id}/pay/${g.name}`} class="actions">
          <CsrfField token={props.deal.csrfToken} />
          <button type="submit" class="secondary">{g.label}</button>
        </form>
      ))}
    </section>
  )
}
