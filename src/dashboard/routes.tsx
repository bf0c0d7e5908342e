// A company's own trading at a glance: the overview (/my, where members land after logging in),
// the auctions it bid on and what it bought. (What it sold is on "My listings"; the impact
// report, /my/impact, is src/impact/.) Members of a company only; visitors are sent to log in.
import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { currentCompany, currentUser, requireCompanyMember } from '../web/guards.js'
import { MyListingsPage } from '../../views/listings/my-listings.js'
import { listCompanyListings } from '../listings/queries.js'
import { companyMayTrade } from '../listings/listing-state.js'
import { formatMoney } from '../lib/money.js'
import { renderPage } from '../web/render.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { MyBidsPage } from '../../views/dashboard/my-bids.js'
import { PurchasesPage } from '../../views/dashboard/purchases.js'
import { FINISHED_BIDS_SHOWN, PURCHASES_SHOWN, listBidAuctions, listPurchases, listSalesBySeller } from './queries.js'
import { presentBidRow, presentPurchase } from './present.js'
import { markHazardous } from '../compliance/hazardous.js'
import { impactRoutes } from '../impact/routes.js'
import { tradingRefusal } from '../accounts/company-status.js'
import { dealTerms } from '../deals/terms.js'
import { OverviewPage } from '../../views/dashboard/overview.js'
import { loadOverview } from './overview.js'

/** Mounted at /my; the guard runs once for every page under it. */
export const dashboardRoutes = new Hono<AppEnv>()
  .use(requireCompanyMember)
  .get('/', async (c) => {
    const company = currentCompany(c)
    const view = await loadOverview(c.var.db, {
      company, userId: currentUser(c).userId, tradingNote: tradingRefusal(company.status, company.statusReason),
      now: c.var.clock(), timeZone: viewerTimeZone(c, company.country), terms: dealTerms(c.var.config),
    })
    // It carries the impact report's figures, which that page keeps out of shared caches too.
    c.header('Cache-Control', 'private, no-store')
    return renderPage(c, 'Overview', <OverviewPage view={view} />)
  })
  .get('/listings', async (c) => {
    const company = currentCompany(c)
    const [listings, sales] = await Promise.all([listCompanyListings(c.var.db, company.id), listSalesBySeller(c.var.db, company.id)])
    const sold = Object.fromEntries([...sales].map(([id, s]) => [id, { buyer: s.buyer, amount: formatMoney(s.amount, s.currency), dealId: s.dealId, dealNumber: s.dealNumber }]))
    return renderPage(c, 'My listings', (
      <MyListingsPage listings={await markHazardous(c.var.db, listings, (l) => l.id)} sold={sold} notice={c.req.query('notice')} canCreate={companyMayTrade(company.status)}
        now={c.var.clock()} timeZone={viewerTimeZone(c, company.country)} />
    ))
  })
  .get('/bids', async (c) => {
    const company = currentCompany(c)
    const [live, finished] = await Promise.all([listBidAuctions(c.var.db, company.id, false), listBidAuctions(c.var.db, company.id, true)])
    const timeZone = viewerTimeZone(c, company.country)
    const now = c.var.clock()
    const rows = [...live, ...finished].map((r) => presentBidRow(r, company.id, timeZone, now))
    return renderPage(c, 'My bids', <MyBidsPage rows={await markHazardous(c.var.db, rows, (r) => r.id)} finishedLimited={finished.length >= FINISHED_BIDS_SHOWN} />)
  })
  .get('/purchases', async (c) => {
    const company = currentCompany(c)
    const rows = await listPurchases(c.var.db, company.id)
    const timeZone = viewerTimeZone(c, company.country)
    return renderPage(c, 'Won and bought', <PurchasesPage rows={await markHazardous(c.var.db, rows.map((r) => presentPurchase(r, timeZone)), (r) => r.listingId)} limited={rows.length >= PURCHASES_SHOWN} />)
  })
  .route('/impact', impactRoutes)
