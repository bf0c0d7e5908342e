import type { Context } from 'hono'
import { priceGuide } from '../pricing/price-guidance.js'
import { PriceGuidePanel } from '../../views/pricing/price-guide.js'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../web/context.js'
import { renderPage } from '../web/render.js'
import { ListingPage } from '../../views/listings/listing-page.js'
import { WatchButton } from '../../views/listings/watch-button.js'
import { listingPanel, receiptNotice, type PanelNotice } from '../auctions/panel.js'
import { isWatching, WATCHABLE } from './watchlist.js'
import { findListing, isUuid, listListingPhotos, type ListingDetails } from './queries.js'
import { canSellerWithdraw, editMode, tradeAvailability } from './rules.js'
import { presentListing, shownPrice } from './present.js'
import { isPubliclyVisible } from './listing-state.js'
import { BID_KEY } from '../auctions/schemas.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { sellerBadges } from '../ratings/seller-badges.js'
import { verifiedPermit } from '../compliance/permits.js'
import { questionsSection } from '../questions/questions-section.js'
import { reportSection } from '../reports/report-section.js'

/**
 * The listing page. Also the answer to a bid or purchase posted without JavaScript when it
 * fails: the same page, with the message beside the form.
 */
export async function showListingPage(c: Context<AppEnv>, id: string, notice?: PanelNotice, status: ContentfulStatusCode = 200) {
  const listing = isUuid(id) ? await findListing(c.var.db, id) : undefined
  const viewer = c.var.viewer
  const isOwner = Boolean(listing && viewer?.company?.id === listing.company_id)
  // Drafts, listings in review and rejected ones are seen by their company and admins only.
  const isPublic = listing && isPubliclyVisible(listing.status)
  if (!listing || (!isPublic && !isOwner && !viewer?.isAdmin)) throw new HTTPException(404, { message: 'There is no such listing. It may have been removed.' })
  const now = c.var.clock()
  notice ??= await bidReceipt(c, listing.id)
  const photos = await listListingPhotos(c.var.db, listing.id)
  const view = presentListing(listing, photos)
  view.seller.badge = (await sellerBadges(c.var.db, [listing.company_id])).get(listing.company_id)
  // A hazardous lot is for companies holding a verified, unexpired waste permit: the others are told why and what to do.
  const hazard = listing.ewc_hazardous && viewer?.company
    ? { hazardous: true, holdsValidPermit: (await verifiedPermit(c.var.db, viewer.company.id, now)) !== null }
    : undefined
  const availability = tradeAvailability(listing, viewer, now, hazard)
  const mode = editMode(listing.status, listing.sale_type)
  // Anyone in a company may watch a public listing that is not their own; visitors get a login link.
  const canWatch = WATCHABLE.includes(listing.status) && !isOwner && (!viewer || viewer.company)
  const watching = canWatch && viewer ? await isWatching(c.var.db, viewer.userId, listing.id) : null
  // Every listing on the market keeps its price region current over SSE (the script loads only then).
  const live = listing.status === 'live'
  // The page's parts read the database independently: side by side, not one after another.
  const [panel, priceGuide, questions, report] = await Promise.all([
    listingPanel(c, listing, view, availability, notice),
    isOwner ? sellersPriceGuide(c, listing) : null,
    questionsSection(c, listing),
    reportSection(c, listing),
  ])
  return renderPage(c, listing.title, (
    <ListingPage
      listing={view}
      panel={panel}
      owner={isOwner ? {
        priceGuide,
        editPath: mode === 'none' ? null : `/listings/${listing.id}/edit`,
        canWithdraw: canSellerWithdraw(listing.status, listing.bid_count),
        csrfToken: c.var.csrfToken,
      } : null}
      watch={canWatch ? <WatchButton listingId={listing.id} watching={watching} csrfToken={c.var.csrfToken} back={`/listings/${listing.id}`} /> : undefined}
      questions={questions}
      report={report}
    />
  ), status, { live, description: listingDescription(view) })
}

/** Beside the seller's own price: what lots of its category and unit sold for, and where its price per unit falls. */
async function sellersPriceGuide(c: Context<AppEnv>, listing: ListingDetails) {
  const guide = await priceGuide(c.var.db, { categorySlug: listing.category_slug, unit: listing.unit, now: c.var.clock(), currency: listing.currency })
  const price = shownPrice(listing)
  const quantity = Number(listing.quantity)
  return <PriceGuidePanel guide={guide} yours={price !== null && quantity > 0 ? Math.round(price / quantity) : null} />
}

/** What search results and link previews say of a lot: the goods, where they are, how they are sold. */
function listingDescription(v: ReturnType<typeof presentListing>): string {
  const how = v.saleType === 'auction' ? 'by auction' : 'at a fixed price'
  return `${v.title}: ${v.quantity} in ${v.location} (${v.category.name}), sold ${how} between businesses on NordicLoop. ${v.priceLabel}: ${v.price}, excl. VAT.`
}

/**
 * After a bid posted without JavaScript the browser lands on the listing's address with the bid's
 * key (`?bid=`): the page says what was accepted and when, by the server's clock. Only the bidding
 * company can read its receipt; the panel tells whether what the bid meant then still holds.
 */
async function bidReceipt(c: Context<AppEnv>, listingId: string): Promise<PanelNotice | undefined> {
  const key = c.req.query('bid')
  const company = c.var.viewer?.company
  if (!key || !company || !BID_KEY.test(key)) return undefined
  const row = await c.var.db.selectFrom('bid_requests').select(['message', 'created_at', 'amount', 'max_amount'])
    .where('listing_id', '=', listingId).where('company_id', '=', company.id).where('idempotency_key', '=', key).executeTakeFirst()
  return row
    ? receiptNotice({ amount: row.amount, max: row.max_amount, at: row.created_at, message: row.message }, viewerTimeZone(c, company.country))
    : undefined
}
