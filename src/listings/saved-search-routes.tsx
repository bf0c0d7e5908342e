// Saved searches: save the current /listings query, list them, delete them.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentCompany, requireCompanyMember } from '../web/guards.js'
import { ID } from '../lib/ids.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { readFormFields } from '../web/body.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { SaveSearchForm, type SaveSearchState } from '../../views/listings/save-search-form.js'
import { SavedSearchesPage } from '../../views/listings/saved-searches.js'
import { formatDateTime } from '../lib/time.js'
import { lineText, text } from '../lib/fields.js'
import { listActiveCategories } from './queries.js'
import { createSavedSearch, deleteSavedSearch, describeSearch, listSavedSearches, MAX_NAME_LENGTH, MAX_SAVED_SEARCHES } from './saved-searches.js'
import { parseSearchParams } from './search.js'
import { canonicalSearchParams, savedSearchHref, searchHref } from './search-url.js'

const SaveForm = z.object({
  // The results page's query string, with or without its "?".
  query: text({ error: 'This search cannot be saved.' }).max(2000, 'This search is too long to save.').default('').transform((s) => s.replace(/^\?/, '')),
  name: lineText(MAX_NAME_LENGTH, { tooLong: `A name is at most ${MAX_NAME_LENGTH} characters.` }).optional(),
})

const SEARCH_FIELDS = ['q', 'category', 'country', 'city', 'sale', 'min', 'max', 'ending', 'sort'] as const

/**
 * The search to save: the results page's query string or, when htmx sent the search form's
 * fields along (hx-include; the form always has `q`), what the form shows now: results update
 * as people type without a page load, so the page's query string may be behind. The form is
 * then the whole truth (an unticked box sends nothing), except for the category on a
 * category's own page, whose form has no category field.
 */
function currentSearch(rawQuery: string, body: Record<string, unknown>): URLSearchParams {
  const page = new URLSearchParams(rawQuery)
  if (typeof body.q !== 'string') {
    page.delete('after')
    return page
  }
  const params = new URLSearchParams()
  for (const field of SEARCH_FIELDS) {
    const value = body[field]
    if (typeof value === 'string') params.set(field, value)
  }
  const category = page.get('category')
  if (!params.has('category') && category) params.set('category', category)
  return params
}

const LIMIT_MESSAGE = `You can keep at most ${MAX_SAVED_SEARCHES} saved searches. Delete one you no longer need, then save this one.`

async function showSavedSearches(c: Context<AppEnv>, opts: { notice?: string; error?: string; status?: 200 | 422 } = {}) {
  const viewer = c.var.viewer!
  const rows = await listSavedSearches(c.var.db, viewer.userId)
  const timeZone = viewerTimeZone(c, viewer.company?.country)
  return renderPage(c, 'Saved searches', (
    <SavedSearchesPage
      rows={rows.map((r) => ({ id: r.id, name: r.name, href: savedSearchHref(r.query), savedOn: formatDateTime(r.created_at, timeZone) }))}
      max={MAX_SAVED_SEARCHES}
      csrfToken={c.var.csrfToken}
      notice={opts.notice}
      error={opts.error}
    />
  ), opts.status ?? 200)
}

/** A refusal: in place for htmx (the form shows why), else on the saved-searches page. */
function refuse(c: Context<AppEnv>, query: string, message: string) {
  if (isHtmx(c)) {
    const state: SaveSearchState = { kind: 'error', message }
    return c.html(<SaveSearchForm query={query} csrfToken={c.var.csrfToken} canSave loggedIn state={state} />, 422)
  }
  return showSavedSearches(c, { error: message, status: 422 })
}

/** Saved searches, at /saved-searches. */
export const savedSearchRoutes = new Hono<AppEnv>()
  .get('/', requireCompanyMember, (c) => {
    return showSavedSearches(c, { notice: c.req.query('notice') })
  })
  .post('/', async (c) => {
    const body = await readFormFields(c)
    const form = SaveForm.safeParse({ query: body.query, name: typeof body.name === 'string' && body.name.trim() ? body.name : undefined })
    const rawQuery = form.success ? form.data.query : ''
    // A visitor who clicks "save" logs in and comes back to the same results (the 401
    // handler only brings GETs back, and this is a POST).
    if (!c.var.viewer) {
      const parsed = form.success ? parseSearchParams(new URLSearchParams(rawQuery)) : null
      const back = parsed?.ok ? searchHref({ ...parsed.query, after: undefined }) : '/listings'
      return redirectTo(c, `/login?next=${encodeURIComponent(back)}`)
    }
    currentCompany(c)
    if (!form.success) return refuse(c, '', form.error.issues[0]?.message ?? 'This search cannot be saved.')

    const parsed = parseSearchParams(currentSearch(rawQuery, body))
    if (!parsed.ok) return refuse(c, '', `This search cannot be saved: ${Object.values(parsed.errors)[0]}`)
    const query = canonicalSearchParams(parsed.query)
    const categories = new Map((await listActiveCategories(c.var.db)).map((k) => [k.slug, k.name]))
    if (parsed.query.category && !categories.has(parsed.query.category)) return refuse(c, '', 'This search cannot be saved: there is no such category.')

    const name = form.data.name ?? describeSearch(new URLSearchParams(query), categories)
    const result = await createSavedSearch(c.var.db, { userId: c.var.viewer.userId, name, query, now: c.var.clock() })
    if (!result.ok) return refuse(c, query, LIMIT_MESSAGE)
    if (isHtmx(c)) {
      return c.html(<SaveSearchForm query={query} csrfToken={c.var.csrfToken} canSave loggedIn state={{ kind: 'saved', name: result.name, existing: result.existing }} />)
    }
    return c.redirect(`/saved-searches?notice=${result.existing ? 'existing' : 'saved'}`, 303)
  })
  .post(`/${ID}/delete`, requireCompanyMember, async (c) => {
    const id = c.req.param('id').toLowerCase()
    // Another person's saved search is answered exactly like one that does not exist.
    if (!(await deleteSavedSearch(c.var.db, c.var.viewer!.userId, id))) {
      throw new HTTPException(404, { message: 'There is no such saved search.' })
    }
    return redirectTo(c, '/saved-searches?notice=deleted')
  })
