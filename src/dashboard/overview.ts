// The overview (/my), gathered in one place: each part comes from the feature that owns it —
// deals waiting on the company (the header's rule), questions and rejected listings, live
// listings, this month of the impact report (companyHeadline), the newest notifications — and is
// shaped here into plain view data. The parts are read at the same time.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DealTerms } from '../deals/terms.js'
import { formatDateTime, formatTimeLeft } from '../lib/time.js'
import { displayPrice } from '../listings/present.js'
import { markHazardous } from '../compliance/hazardous.js'
import { listNotifications } from '../notifications/in-app.js'
import { companyHeadline } from '../impact/impact-report.js'
import { resolvePeriod, todayIn } from '../impact/period.js'
import { IMPACT_PATH } from '../impact/present.js'
import { listDealsNeedingAction } from './deals-needing-action.js'
import { listListingsWithOpenQuestions, listLiveListings, listRejectedListings, type LiveListingRow } from './overview-queries.js'
import type { OverviewLive, OverviewView } from './dashboard-view.js'

/** Where a company member lands after logging in. */
export const OVERVIEW_PATH = '/my'

/** Notifications shown on the overview; the Notifications page has the rest. */
export const OVERVIEW_NOTIFICATIONS = 5

const when = (d: Date, timeZone: string) => ({ text: formatDateTime(d, timeZone), iso: d.toISOString() })

function presentLive(l: LiveListingRow, now: Date, timeZone: string): OverviewLive {
  const auction = l.sale_type === 'auction'
  return {
    id: l.id,
    title: l.title,
    saleType: auction ? 'Auction' : 'Fixed price',
    price: displayPrice(l),
    bids: auction ? l.bid_count : null,
    time: l.ends_at ? { left: formatTimeLeft(l.ends_at, now), ...when(l.ends_at, timeZone) } : null,
  }
}

/** This calendar month in the company's time zone, as the impact report counts it. */
function thisMonth(now: Date, timeZone: string) {
  const result = resolvePeriod({ period: 'month' }, todayIn(now, timeZone))
  // A month of today's date is always a valid period; the check is for the type.
  if (!result.ok) throw new Error(`this month is not a period: ${result.message}`)
  return result.period
}

export async function loadOverview(
  db: Kysely<DB>,
  args: { company: { id: string; legalName: string }; userId: string; tradingNote: string | null; now: Date; timeZone: string; terms: DealTerms },
): Promise<OverviewView> {
  const { company, now, timeZone } = args
  const period = thisMonth(now, timeZone)
  const [deals, questions, rejected, live, figures, notifications] = await Promise.all([
    listDealsNeedingAction(db, company.id, now, timeZone, args.terms),
    listListingsWithOpenQuestions(db, company.id),
    listRejectedListings(db, company.id),
    listLiveListings(db, company.id),
    companyHeadline(db, { companyId: company.id, period, timeZone }),
    listNotifications(db, args.userId, null),
  ])
  return {
    companyName: company.legalName,
    tradingNote: args.tradingNote,
    actions: {
      deals: deals.map(({ deal, role, step }) => ({
        href: `/deals/${deal.id}`, number: deal.number, title: deal.title, step,
        side: role === 'buyer' ? `Buying from ${deal.seller_name}` : `Selling to ${deal.buyer_name}`,
      })),
      questions: questions.map((q) => ({
        href: `/listings/${q.id}#questions`, title: q.title, open: Number(q.open), since: when(new Date(q.oldest), timeZone),
      })),
      rejected: rejected.map((l) => ({ href: `/listings/${l.id}`, editHref: `/listings/${l.id}/edit`, title: l.title, reason: l.status_reason })),
    },
    live: { rows: await markHazardous(db, live.rows.map((l) => presentLive(l, now, timeZone)), (l) => l.id), total: live.total },
    month: {
      label: period.label,
      href: `${IMPACT_PATH}?${period.query}`,
      figures: {
        soldTonnes: figures.soldTonnes, boughtTonnes: figures.boughtTonnes, soldDeals: figures.soldDeals, boughtDeals: figures.boughtDeals,
        revenue: figures.revenue, spend: figures.spend, avoided: figures.avoided,
      },
    },
    notifications: notifications.notifications.slice(0, OVERVIEW_NOTIFICATIONS).map((n) => ({
      title: n.title, summary: n.summary, link: n.link, unread: n.readAt === null, at: when(n.createdAt, timeZone),
    })),
  }
}
