// What the admin's deal and money pages share: the deal the address names (or the 404 every
// deal page gives), and where a form's message goes when its form is not on the page.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import type { FieldErrors } from '../web/forms.js'
import { NOT_YOURS } from '../deals/act-on-deal.js'
import { findDealWithNames } from './deal-queries.js'

/** The :id of the URL; the route pattern only matches a uuid. */
export const dealIdParam = (c: Context<AppEnv>) => c.req.param('id')!.toLowerCase()

export async function requireDeal(c: Context<AppEnv>) {
  const deal = await findDealWithNames(c.var.db, dealIdParam(c))
  if (!deal) throw new HTTPException(404, { message: NOT_YOURS })
  return deal
}

/**
 * The message of a form that is not on the page (its deal left the queue, or the form named a
 * party the page has no form for), to show above everything instead.
 */
export function unshownProblem(state: { problem?: string; errors?: FieldErrors } | undefined): string | undefined {
  if (!state) return undefined
  return state.problem ?? Object.values(state.errors ?? {}).find((m) => m)
}
