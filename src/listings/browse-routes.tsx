import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { renderPage } from '../web/render.js'
import { isHtmx } from '../web/redirect.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { countryOptions } from '../lib/countries.js'
import { SearchPage, type SearchFormView } from '../../views/listings/search-page.js'
import { SaveSearchForm } from '../../views/listings/save-search-form.js'
import { SearchResults, type ResultsView } from '../../views/listings/results.js'
import type { CardSlot } from '../../views/listings/result-card.js'
import { WatchButton } from '../../views/listings/watch-button.js'
import { listActiveCategories } from './queries.js'
import { presentResult, resultsSummary } from './present-search.js'
import { SORTS, SORT_LABELS, parseSearchParams, searchListings } from './search.js'
import { canonicalSearchParams, filterChips, searchHref } from './search-url.js'
import { watchedAmong } from './watchlist.js'
import { addSellerBadges } from '../ratings/seller-badges.js'

const FORM_FIELDS = ['q', 'category', 'country', 'city', 'sale', 'min', 'max', 'ending', 'sort'] as const
const sortOptions = SORTS.map((value) => ({ value, label: SORT_LABELS[value] }))

/**
 * htmx's own swaps get the results region alone. A history restore (back button after the
 * page was left) asks for the whole page, and says so.
 */
function wantsFragment(c: Context<AppEnv>) {
  return isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true' && c.req.header('hx-request-type') !== 'full'
}

/** Search page and category page alike: parse the URL, run one query, render page or fragment. */
async function showSearch(c: Context<AppEnv>, category: { slug: string; name: string; description: string } | null) {
  const url = new URL(c.req.url)
  const raw: Record<string, string> = Object.fromEntries(url.searchParams)
  // On a category's page the path says which category; a category parameter cannot widen it.
  if (category) raw.category = category.slug
  const basePath = category ? `/categories/${category.slug}` : '/listings'
  const parsed = parseSearchParams(raw)
  const fragment = wantsFragment(c)
  // The same URL answers with a fragment or a page depending on this header: caches must know.
  c.header('Vary', 'HX-Request')

  let results: ResultsView
  let status: 200 | 400 = 200
  let saveForm: ReturnType<typeof SaveSearchForm> | undefined
  // The category choices fill the form; a fragment needs only the name of a chosen category.
  const categories = category || (fragment && !raw.category) ? null : await listActiveCategories(c.var.db)
  let here = url.pathname + url.search
  if (!parsed.ok) {
    results = { items: [], summary: '', nextHref: null, firstHref: null, errors: parsed.errors }
    status = 400
  } else {
    const query = parsed.query
    const now = c.var.clock()
    const page = await searchListings(c.var.db, query, { now })
    const timeZone = viewerTimeZone(c, c.var.viewer?.company?.country)
    const at = { categoryPage: Boolean(category) }
    const categoryName = category?.name ?? categories?.find((k) => k.slug === query.category)?.name
    results = {
      items: await addSellerBadges(c.var.db, page.rows.map((row) => presentResult(row, timeZone, now))),
      summary: resultsSummary(page.rows.length, page.sort, Boolean(query.after)),
      nextHref: page.next ? searchHref({ ...query, after: page.next }, at) : null,
      firstHref: query.after ? searchHref({ ...query, after: undefined }, at) : null,
      filters: filterChips(query, { ...at, categoryName }),
    }
    saveForm = (
      <SaveSearchForm query={canonicalSearchParams(query)} resultsHref={searchHref({ ...query, after: undefined })} csrfToken={c.var.csrfToken}
        canSave={Boolean(c.var.viewer?.company)} loggedIn={Boolean(c.var.viewer)} />
    )
    // The address bar shows the tidy form of what was typed (no empty fields), so it can be shared.
    here = searchHref(query, at)
    if (fragment) c.header('HX-Push-Url', here)
  }

  const watchButton = await watchSlot(c, results.items.map((i) => i.id), here)
  if (fragment) return c.html(<SearchResults results={results} watchButton={watchButton} />, status)

  const values: SearchFormView['values'] = {}
  for (const field of FORM_FIELDS) values[field] = url.searchParams.get(field) ?? undefined
  const choices = categories?.map((cat) => ({ value: cat.slug, label: cat.name })) ?? null
  const form: SearchFormView = { action: basePath, values, categories: choices, countries: countryOptions, sorts: sortOptions }
  const heading = category ? category.name : 'Listings'
  return renderPage(c, status === 400 ? `${heading} — check your search` : heading, (
    <SearchPage heading={heading} intro={category?.description} form={form} results={results} watchButton={watchButton} aside={saveForm} />
  ), status, { description: searchDescription(category, values.q) })
}

/** What search results and link previews say of a results page: the category's own words, or what was searched for. */
function searchDescription(category: { name: string; description: string } | null, q: string | undefined): string {
  if (category) return `${category.name} for sale between businesses on NordicLoop, by auction or at a fixed price. ${category.description}`
  const words = q?.trim()
  return words
    ? `Surplus and waste materials matching “${words.slice(0, 80)}”, for sale between businesses on NordicLoop by auction or at a fixed price.`
    : 'Every surplus and waste material for sale between businesses on NordicLoop, by auction or at a fixed price: search by material, waste code or place.'
}

/** A watch button on each card for a logged-in person: one query for the whole page. */
async function watchSlot(c: Context<AppEnv>, listingIds: string[], back: string): Promise<CardSlot | undefined> {
  const viewer = c.var.viewer
  // Watching is for people in a company (an admin without one could not use the button).
  if (!viewer?.company || listingIds.length === 0) return undefined
  const watched = await watchedAmong(c.var.db, viewer.userId, listingIds)
  return (id) => <WatchButton listingId={id} watching={watched.has(id)} csrfToken={c.var.csrfToken} back={back} compact />
}

/** The search page, at /listings. */
export const browseRoutes = new Hono<AppEnv>()
  .get('/', (c) => showSearch(c, null))

/** A category's page, at /categories/<slug>: the same search, narrowed. */
export const categoryRoutes = new Hono<AppEnv>()
  .get('/:slug{[a-z0-9-]{1,80}}', async (c) => {
    const category = await c.var.db.selectFrom('categories').select(['slug', 'name', 'description'])
      .where('slug', '=', c.req.param('slug')).where('retired_at', 'is', null).executeTakeFirst()
    if (!category) throw new HTTPException(404, { message: 'There is no such category. It may have been retired.' })
    return showSearch(c, category)
  })

