import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './context.js'
import type { PageContext } from './page-context.js'
import { Layout } from '../../views/layout.js'
import { assetUrls } from './assets.js'
import { isHtmx } from './redirect.js'
import { countDealsNeedingAction } from '../dashboard/deals-needing-action.js'
import { dealTerms } from '../deals/terms.js'
import { unreadMessagesForHeader } from '../deals/chat-unread.js'
import { unreadNotificationsForHeader } from '../notifications/in-app.js'

export function pageContext(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url)
  return {
    viewer: c.get('viewer') ?? null,
    csrfToken: c.get('csrfToken') ?? '',
    path: url.pathname + url.search,
    devMail: c.get('config').NODE_ENV !== 'production',
    assets: assetUrls(),
  }
}

/**
 * How many deals wait on the viewer's company, for the header: one query, on full pages of
 * company members only. A page never fails for it: an error page (perhaps the database is
 * down) or a failed count shows the link without a number.
 */
async function dealsNeedingAction(c: Context<AppEnv>, status: number): Promise<number | null> {
  const company = c.get('viewer')?.company
  if (!company || status >= 500) return null
  try {
    return await countDealsNeedingAction(c.get('db'), company.id, c.get('clock')(), dealTerms(c.get('config')))
  } catch (err) {
    c.get('log').warn('deals count for the header failed', { error: (err as Error).message })
    return null
  }
}

/** A full HTML page in the site layout. (The type it always had: the JSX it renders may be async.) */
export function renderPage(c: Context<AppEnv>, title: string, body: Child, status: ContentfulStatusCode = 200, opts: { live?: boolean; description?: string } = {}): Response | Promise<Response> {
  return Promise.all([dealsNeedingAction(c, status), unreadMessagesForHeader(c, status), unreadNotificationsForHeader(c, status)]).then(([count, unread, notifications]) => c.html(
    <>
      {raw('<!doctype html>')}
      <Layout page={{ ...pageContext(c), live: opts.live, description: opts.description, dealsNeedingAction: count, unreadMessages: unread, unreadNotifications: notifications }} title={title}>{body}</Layout>
    </>,
    status,
  ))
}

/**
 * The part of a page an htmx request swaps in, rendered whole so it goes out with its length:
 * compress() (app.ts) then sends a small one as it is.
 */
export async function renderFragment(c: Context<AppEnv>, fragment: Child, status: ContentfulStatusCode = 200) {
  const html = await (<>{fragment}</>).toString()
  return c.body(html, status, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(html)) })
}

/**
 * One component serves both cases: htmx gets the fragment alone to swap in place, a plain
 * browser gets it inside the full page.
 */
export function renderFragmentOrPage(c: Context<AppEnv>, title: string, fragment: Child, status: ContentfulStatusCode = 200, page?: Child) {
  if (isHtmx(c)) return renderFragment(c, fragment, status)
  return renderPage(c, title, page ?? fragment, status)
}
