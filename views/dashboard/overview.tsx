// The overview (/my), where a company member lands after logging in: what waits on them first,
// each item linking to the page where it is done; then the live listings with their bids, this
// month's figures from the impact report and the newest notifications. A new company is told
// what to do first instead of seeing empty tables.
import type { OverviewLive, OverviewView } from '../../src/dashboard/dashboard-view.js'
import { IMPACT_PATH } from '../../src/impact/present.js'
import { HazardLabel } from '../components/hazard-label.js'
import { DashboardRows, type Column } from '../components/dashboard-rows.js'

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const LIVE_COLUMNS: Column<OverviewLive>[] = [
  { label: 'Listing', cell: (l) => <><a href={`/listings/${l.id}`}>{l.title}</a>{l.hazardous && <> <HazardLabel /></>}</> },
  { label: 'Sale', cell: (l) => l.saleType },
  // An auction's price is the current or the starting bid, said under it; a fixed price is just the price.
  { label: 'Price', cell: (l) => <>{l.price.amount}{l.bids !== null && <><br /><small class="hint">{l.price.label}</small></>}</> },
  { label: 'Bids', cell: (l) => l.bids ?? '—' },
  {
    label: 'Time left',
    cell: (l) => l.time
      ? <><strong>{l.time.left}</strong><br /><small><time datetime={l.time.iso}>{l.time.text}</time></small></>
      : 'Until sold',
  },
]

function ActionList(props: { view: OverviewView }) {
  const { deals, questions, rejected } = props.view.actions
  const total = deals.length + questions.length + rejected.length
  return (
    <section aria-labelledby="overview-actions">
      <h2 id="overview-actions">Needs your action <span class="count">({total})</span></h2>
      {total === 0 && <p>Nothing waits on your company right now. Deals to pay, hand over or confirm, buyers’ questions and listings sent back by review appear here.</p>}
      {deals.length > 0 && (
        <>
          <h3>Deals <span class="count">({deals.length})</span></h3>
          <ul class="overview-actions">
            {deals.map((d) => (
              <li><a href={d.href}>Deal {d.number}: {d.title}</a> <span class="hint">· {d.side}</span><br />{d.step}</li>
            ))}
          </ul>
        </>
      )}
      {questions.length > 0 && (
        <>
          <h3>Questions to answer <span class="count">({questions.reduce((n, q) => n + q.open, 0)})</span></h3>
          <ul class="overview-actions">
            {questions.map((q) => (
              <li>
                <a href={q.href}>{q.title}</a><br />
                {count(q.open, 'question waits', 'questions wait')} for your answer, the first since <time datetime={q.since.iso}>{q.since.text}</time>.
              </li>
            ))}
          </ul>
        </>
      )}
      {rejected.length > 0 && (
        <>
          <h3>Listings sent back <span class="count">({rejected.length})</span></h3>
          <ul class="overview-actions">
            {rejected.map((l) => (
              <li>
                <a href={l.href}>{l.title}</a> · <a href={l.editHref}>Edit<span class="visually-hidden"> {l.title}</span></a><br />
                {l.reason ? <>The reason given: {l.reason}</> : 'Not approved.'} Change what it asks for and send the listing for review again.
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function LiveListings(props: { view: OverviewView }) {
  const { rows, total } = props.view.live
  const canTrade = props.view.tradingNote === null
  return (
    <section aria-labelledby="overview-live">
      <h2 id="overview-live">Your live listings <span class="count">({total})</span></h2>
      {rows.length === 0 ? (
        <p>
          Nothing of yours is on the market right now.{' '}
          {canTrade && <><a href="/listings/new">New listing</a> · </>}<a href="/my/listings">All my listings</a> (drafts and ended ones are there)
        </p>
      ) : (
        <>
          <DashboardRows rows={rows} columns={LIVE_COLUMNS} />
          <p>
            {total > rows.length && <>{rows.length} of {total} shown, soonest end first. </>}
            <a href="/my/listings">All my listings</a>{canTrade && <> · <a href="/listings/new">New listing</a></>}
          </p>
        </>
      )}
    </section>
  )
}

function ThisMonth(props: { view: OverviewView }) {
  const { label, href, figures: f } = props.view.month
  const none = f.soldDeals + f.boughtDeals === 0
  return (
    <section aria-labelledby="overview-month">
      <h2 id="overview-month">This month, {label}</h2>
      {none ? (
        <p>No deal of yours was completed in {label} yet: the figures count a deal once the buyer confirms receipt. <a href={IMPACT_PATH}>Figures for the year so far</a></p>
      ) : (
        <>
          <ul class="impact-figures">
            <li><span class="label">Sold</span><strong>{f.soldTonnes}</strong><span>{count(f.soldDeals, 'deal', 'deals')}, revenue {f.revenue} excl. VAT</span></li>
            <li><span class="label">Bought</span><strong>{f.boughtTonnes}</strong><span>{count(f.boughtDeals, 'deal', 'deals')}, spend {f.spend} excl. VAT</span></li>
            <li><span class="label">CO2e avoided (estimate)</span><strong>{f.avoided}</strong></li>
          </ul>
          <p><a href={href}>The full report for {label}</a>: by category, by deal, and how it is worked out.</p>
        </>
      )}
    </section>
  )
}

function LatestNotifications(props: { view: OverviewView }) {
  const rows = props.view.notifications
  return (
    <section aria-labelledby="overview-notifications">
      <h2 id="overview-notifications">Latest notifications</h2>
      {rows.length === 0 ? (
        <p>No notifications yet. What NordicLoop emails you (outbid, sold, deal steps, messages) also appears here.</p>
      ) : (
        <ol class="notification-list">
          {rows.map((n) => (
            <li class={n.unread ? 'notification unread' : 'notification'}>
              <h3>
                {n.unread && <><span class="notification-new">New</span> </>}
                {n.link ? <a href={n.link}>{n.title}</a> : n.title}
              </h3>
              <p class="hint"><time datetime={n.at.iso}>{n.at.text}</time></p>
            </li>
          ))}
        </ol>
      )}
      <p><a href="/notifications">All notifications</a></p>
    </section>
  )
}

/** A company with nothing going on yet: the two ways to start, instead of empty parts. */
function GettingStarted(props: { canTrade: boolean }) {
  return (
    <section aria-labelledby="overview-start">
      <h2 id="overview-start">Get started</h2>
      <ul class="cards">
        <li class="card">
          <h3>Sell surplus material</h3>
          <p>Offer a lot by auction or at a fixed price. An administrator checks it before it goes live.</p>
          {props.canTrade ? <a class="button" href="/listings/new">List your first lot</a> : <p>You can list once your company is approved.</p>}
        </li>
        <li class="card">
          <h3>Buy material</h3>
          <p>Search lots by material, waste code and place; save a search to hear of new ones.</p>
          <a class="button secondary" href="/listings">Browse listings</a>
        </li>
      </ul>
      <p class="hint">Once you trade, this page shows what waits on you, your live listings with their bids, this month’s figures and your latest notifications.</p>
    </section>
  )
}

/** Nothing to show yet in any part: no action, nothing live, no notification, no deal this month. */
const isNew = (v: OverviewView) =>
  v.actions.deals.length + v.actions.questions.length + v.actions.rejected.length + v.live.total + v.notifications.length === 0 &&
  v.month.figures.soldDeals + v.month.figures.boughtDeals === 0

export function OverviewPage(props: { view: OverviewView }) {
  const v = props.view
  return (
    <section class="overview">
      <h1>Overview</h1>
      <p class="lead">{v.companyName}</p>
      {v.tradingNote && <p class="alert">{v.tradingNote}</p>}
      {isNew(v) ? <GettingStarted canTrade={v.tradingNote === null} /> : (
        <>
          <ActionList view={v} />
          <LiveListings view={v} />
          <ThisMonth view={v} />
          <LatestNotifications view={v} />
          <p class="hint">Looking for material? <a href="/listings">Browse listings</a></p>
        </>
      )}
    </section>
  )
}
