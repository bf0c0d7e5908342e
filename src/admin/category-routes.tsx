// Admins add, rename, retire and reinstate waste categories. Plain forms redirect back to the
// page with a notice; htmx swaps the category panel with the outcome.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { isHtmx, redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { submittedForm, validForm } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import { CategoriesPage, CategoryPanel, type CategoryFormState } from '../../views/admin/categories.js'
import {
  addCategory, CategoryForm, listCategoriesForAdmin, parseCategoryId, reinstateCategory, renameCategory, retireCategory,
  RenameCategoryForm, type Actor, type CategoryChange,
} from './categories.js'

type Done = 'added' | 'renamed' | 'retired' | 'reinstated'

// Shown after a plain-form redirect; only these fixed texts, never anything from the URL.
const notices: Record<Done, string> = {
  added: 'The category is added. Sellers can choose it for new listings.',
  renamed: 'The category is renamed. Its listings are found by the new name.',
  retired: 'The category is retired. It is no longer offered for new listings; its listings keep it.',
  reinstated: 'The category is offered for new listings again.',
}
// The same, for the htmx panel, naming the category.
const namedNotices: Record<Done, (name: string) => string> = {
  added: (name) => `“${name}” is added. Sellers can choose it for new listings.`,
  renamed: (name) => `The category is now called “${name}”. Its listings are found by the new name.`,
  retired: (name) => `“${name}” is retired. It is no longer offered for new listings; its listings keep it.`,
  reinstated: (name) => `“${name}” is offered for new listings again.`,
}
const isDone = (value: string | undefined): value is Done => value !== undefined && value in notices

const NO_SUCH_CATEGORY = 'There is no such category. It may have been mistyped.'

function categoryIdParam(c: Context<AppEnv>): number {
  const id = parseCategoryId(c.req.param('id'))
  if (id === null) throw new HTTPException(404, { message: NO_SUCH_CATEGORY })
  return id
}

const actor = (c: Context<AppEnv>): Actor => ({ adminId: currentUser(c).userId, ip: clientIp(c) })

/** The page, or for htmx the panel alone, with a notice, a problem or one form's errors. */
async function showCategories(
  c: Context<AppEnv>,
  opts: { status?: 200 | 404 | 409 | 422; notice?: string; problem?: string; state?: CategoryFormState } = {},
) {
  const categories = await listCategoriesForAdmin(c.var.db)
  const form = opts.state?.form
  if (typeof form === 'number' && !categories.some((cat) => cat.id === form)) throw new HTTPException(404, { message: NO_SUCH_CATEGORY })
  const props = { categories, csrfToken: c.var.csrfToken, notice: opts.notice, problem: opts.problem, state: opts.state }
  if (isHtmx(c)) return c.html(<CategoryPanel {...props} />, opts.status ?? 200)
  return renderPage(c, 'Categories', <CategoriesPage {...props} />, opts.status ?? 200)
}

/** After a change: a redirect for a plain form, the refreshed panel for htmx, or the problem. */
async function showChange(c: Context<AppEnv>, done: Done, result: CategoryChange, form: CategoryFormState['form'] | null) {
  if (!result.ok) {
    if (result.status === 404) throw new HTTPException(404, { message: NO_SUCH_CATEGORY })
    const values = await submittedForm(c)
    const state = form !== null && result.errors ? { form, values, errors: result.errors } : undefined
    return showCategories(c, { status: result.status, problem: state ? undefined : result.message, state })
  }
  if (isHtmx(c)) return showCategories(c, { notice: namedNotices[done](result.name) })
  return redirectTo(c, `/admin/categories?done=${done}`)
}

export const adminCategoryRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const done = c.req.query('done')
    return showCategories(c, { notice: isDone(done) ? notices[done] : undefined })
  })
  .post('/',
    validForm(CategoryForm, (c, values, errors) => showCategories(c, { status: 422, state: { form: 'add', values, errors } })),
    async (c) => showChange(c, 'added', await addCategory(c.var.db, c.req.valid('form'), actor(c)), 'add'))
  .post('/:id{[0-9]{1,9}}',
    validForm(RenameCategoryForm, (c, values, errors) => showCategories(c, { status: 422, state: { form: categoryIdParam(c), values, errors } })),
    async (c) => {
      const id = categoryIdParam(c)
      return showChange(c, 'renamed', await renameCategory(c.var.db, id, c.req.valid('form'), actor(c)), id)
    })
  .post('/:id{[0-9]{1,9}}/retire', async (c) =>
    showChange(c, 'retired', await retireCategory(c.var.db, categoryIdParam(c), c.var.clock(), actor(c)), null))
  .post('/:id{[0-9]{1,9}}/reinstate', async (c) =>
    showChange(c, 'reinstated', await reinstateCategory(c.var.db, categoryIdParam(c), c.var.clock(), actor(c)), null))
