import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { submittedForm, validForm } from '../web/validation.js'
import { currentCompany, requireApprovedCompany, tradingCompany } from '../web/guards.js'
import { ID } from '../lib/ids.js'
import { viewerTimeZone } from '../web/time-zone.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { AuctionTermsForm as AuctionTermsView, ListingForm as ListingFormView, SellingSteps } from '../../views/listings/listing-form.js'
import { utcToZonedLocal } from '../lib/time.js'
import { AuctionTermsForm, ListingForm, UNITS } from './schemas.js'
import { priceGuide } from '../pricing/price-guidance.js'
import { feeNotice } from '../deals/fees.js'
import { createListing, updateAuctionTerms, updateListing, withdrawListing } from './save-listing.js'
import { findListing, listActiveCategories, type ListingDetails } from './queries.js'
import { editMode } from './rules.js'
import { showListingPage } from './show-listing.js'
import { listingFormValues } from './present.js'

const NOT_FOUND = 'There is no such listing, or it is not yours to change.'

/** The listing, if the viewer's company owns it; 404 otherwise, so nobody learns what exists. */
export async function ownListing(c: Context<AppEnv>, id: string): Promise<ListingDetails> {
  const company = currentCompany(c)
  const listing = await findListing(c.var.db, id.toLowerCase())
  if (!listing || listing.company_id !== company.id) throw new HTTPException(404, { message: NOT_FOUND })
  return listing
}

async function showListingForm(c: Context<AppEnv>, opts: { action: string; title: string; values: FormValues; errors?: FieldErrors; status?: 200 | 404 | 409 | 422 }) {
  const categories = await listActiveCategories(c.var.db)
  const timeZone = viewerTimeZone(c, c.var.viewer?.company?.country)
  // The guide for what the form holds (after a refused submit, or when editing), without script.
  const unit = UNITS.find((u) => u === opts.values.unit)
  const guide = opts.values.category && unit ? await priceGuide(c.var.db, { categorySlug: opts.values.category, unit, now: c.var.clock() }) : null
  return renderPage(c, opts.title, (
    <section>
      <SellingSteps current="details" />
      <h1>{opts.title}</h1>
      <ListingFormView csrfToken={c.var.csrfToken} action={opts.action} categories={categories} timeZone={timeZone} values={opts.values} errors={opts.errors}
        feeNotice={feeNotice(c.var.config.fees)} priceGuide={guide} />
    </section>
  ), opts.status ?? 200)
}

async function showTermsForm(c: Context<AppEnv>, listing: ListingDetails, values: FormValues, errors?: FieldErrors, status: 200 | 409 | 422 = 200) {
  const timeZone = viewerTimeZone(c, c.var.viewer?.company?.country)
  return renderPage(c, `Auction terms — ${listing.title}`, (
    <section class="narrow">
      <h1>Auction terms</h1>
      <p><a href={`/listings/${listing.id}`}>{listing.title}</a></p>
      <AuctionTermsView csrfToken={c.var.csrfToken} action={`/listings/${listing.id}/terms`} timeZone={timeZone} values={values} errors={errors} bidCount={listing.bid_count} />
    </section>
  ), status)
}

export const listingRoutes = new Hono<AppEnv>()
  .get('/new', requireApprovedCompany, async (c) => {
    const company = await c.var.db.selectFrom('companies').select(['city', 'postcode', 'country']).where('id', '=', currentCompany(c).id).executeTakeFirstOrThrow()
    const timeZone = viewerTimeZone(c, company.country)
    const start = new Date(Math.ceil(c.var.clock().getTime() / 3600_000) * 3600_000)
    return showListingForm(c, {
      action: '/listings',
      title: 'New listing',
      values: {
        location_city: company.city, location_postcode: company.postcode, location_country: company.country, sale_type: 'auction',
        recurrence: 'one_off', logistics: 'pickup', unit: 't',
        starts_at: utcToZonedLocal(start, timeZone), ends_at: utcToZonedLocal(new Date(start.getTime() + 7 * 86400_000), timeZone),
      },
    })
  })
  .post('/', requireApprovedCompany, validForm(ListingForm, (c, values, errors) => {
    return showListingForm(c, { action: '/listings', title: 'New listing', values, errors, status: 422 })
  }), async (c) => {
    const company = tradingCompany(c)
    const input = c.req.valid('form')
    const result = await createListing(c.var.db, { companyId: company.id, userId: c.var.viewer!.userId, input, now: c.var.clock() })
    if (!result.ok) {
      const values = await submittedForm(c)
      return showListingForm(c, { action: '/listings', title: 'New listing', values, errors: result.errors, status: 422 })
    }
    return redirectTo(c, `/listings/${result.id}/photos?saved=1`)
  })
  .get(`/${ID}`, (c) => showListingPage(c, c.req.param('id')))
  .get(`/${ID}/edit`, async (c) => {
    const listing = await ownListing(c, c.req.param('id'))
    const timeZone = viewerTimeZone(c, c.var.viewer?.company?.country)
    const mode = editMode(listing.status, listing.sale_type)
    if (mode === 'auction-terms') return showTermsForm(c, listing, listingFormValues(listing, timeZone))
    if (mode === 'none') throw new HTTPException(409, { message: 'This listing can no longer be edited.' })
    return showListingForm(c, { action: `/listings/${listing.id}`, title: `Edit — ${listing.title}`, values: listingFormValues(listing, timeZone) })
  })
  .post(`/${ID}`, requireApprovedCompany, validForm(ListingForm, async (c, values, errors) => {
    const listing = await ownListing(c, c.req.param('id') ?? '')
    return showListingForm(c, { action: `/listings/${listing.id}`, title: `Edit — ${listing.title}`, values, errors, status: 422 })
  }), async (c) => {
    const company = tradingCompany(c)
    const listing = await ownListing(c, c.req.param('id'))
    const result = await updateListing(c.var.db, { listingId: listing.id, companyId: company.id, input: c.req.valid('form'), now: c.var.clock() })
    if (!result.ok) {
      if (result.status === 404) throw new HTTPException(404, { message: NOT_FOUND })
      const values = await submittedForm(c)
      return showListingForm(c, { action: `/listings/${listing.id}`, title: `Edit — ${listing.title}`, values, errors: result.errors, status: result.status })
    }
    return redirectTo(c, `/listings/${listing.id}/photos?saved=1`)
  })
  .post(`/${ID}/terms`, requireApprovedCompany, validForm(AuctionTermsForm, async (c, values, errors) => {
    const listing = await ownListing(c, c.req.param('id') ?? '')
    return showTermsForm(c, listing, values, errors, 422)
  }), async (c) => {
    const company = tradingCompany(c)
    const listing = await ownListing(c, c.req.param('id'))
    const result = await updateAuctionTerms(c.var.db, { listingId: listing.id, companyId: company.id, terms: c.req.valid('form'), now: c.var.clock() })
    if (!result.ok) {
      const values = await submittedForm(c)
      return showTermsForm(c, listing, values, result.errors, result.status === 404 ? 409 : result.status)
    }
    return redirectTo(c, `/listings/${listing.id}`)
  })
  .post(`/${ID}/withdraw`, async (c) => {
    const listing = await ownListing(c, c.req.param('id'))
    const result = await withdrawListing(c.var.db, { listingId: listing.id, companyId: listing.company_id, now: c.var.clock() })
    if (!result.ok) throw new HTTPException(result.status, { message: result.message })
    return redirectTo(c, '/my/listings?notice=withdrawn')
  })
