import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './context.js'
import { ErrorFragment, ErrorPage } from '../../views/error-page.js'
import { isHtmx, redirectTo } from './redirect.js'
import { renderPage } from './render.js'
import { isDatabaseUnavailable } from '../db/database.js'

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Not allowed',
  413: 'Too large',
  422: 'Please check your input',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
}

function renderError(c: Context<AppEnv>, status: ContentfulStatusCode, message: string) {
  if (isHtmx(c)) return c.html(<ErrorFragment message={message} />, status)
  return renderPage(c, titles[status] ?? 'Error', <ErrorPage status={status} title={titles[status] ?? 'Error'} message={message} />, status)
}

export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HTTPException) {
    // A visitor reaching a members' page is sent to log in and brought back afterwards.
    if (err.status === 401 && c.req.method === 'GET') {
      const url = new URL(c.req.url)
      return redirectTo(c, `/login?next=${encodeURIComponent(url.pathname + url.search)}`)
    }
    if (err.status >= 500) c.var.log?.error('request failed', { status: err.status, error: err.message })
    return renderError(c, err.status as ContentfulStatusCode, err.message || titles[err.status] || 'Error')
  }
  if (isDatabaseUnavailable(err)) {
    // A database restart or outage is not a bug of this page: say so, and invite a retry.
    c.var.log?.warn('database unavailable', { error: err.message })
    c.header('Retry-After', '5')
    return renderError(c, 503, 'NordicLoop is temporarily unavailable. Please try again in a moment.')
  }
  c.var.log?.error('unhandled error', { error: err.message, stack: err.stack })
  return renderError(c, 500, 'Something went wrong on our side. Please try again in a moment.')
}

export function handleNotFound(c: Context<AppEnv>) {
  return renderError(c, 404, 'There is nothing at this address. It may have been removed, or the link may be mistyped.')
}
