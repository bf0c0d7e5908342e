import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './context.js'
import type { PageContext } from './page-context.js'
import { Layout } from '../../views/layout.js'
import { assetUrls } from './assets.js'
import { isHtmx } from './redirect.js'

export function pageContext(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url)
  return {
    viewer: c.var.viewer ?? null,
    csrfToken: c.var.csrfToken ?? '',
    path: url.pathname + url.search,
    devMail: c.var.config.NODE_ENV !== 'production',
    assets: assetUrls(),
  }
}

/** A full HTML page in the site layout. */
export function renderPage(c: Context<AppEnv>, title: string, body: Child, status: ContentfulStatusCode = 200, opts: { live?: boolean } = {}) {
  return c.html(
    <>
      {raw('<!doctype html>')}
      <Layout page={{ ...pageContext(c), live: opts.live }} title={title}>{body}</Layout>
    </>,
    status,
  )
}

/**
 * One component serves both cases: htmx gets the fragment alone to swap in place, a plain
 * browser gets it inside the full page.
 */
export function renderFragmentOrPage(c: Context<AppEnv>, title: string, fragment: Child, status: ContentfulStatusCode = 200, page?: Child) {
  if (isHtmx(c)) return c.html(<>{fragment}</>, status)
  return renderPage(c, title, page ?? fragment, status)
}
