import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

// Everything the pages load comes from this origin: no inline script or style is ever
// needed (htmx injects its indicator CSS through a constructed stylesheet, which CSP allows).
// Forms post here only, except that a payment form may lead on to a gateway's own page
// (`formTargets`): browsers check form-action against the redirect too.
const pageHeaders = (opts: { formTargets?: string[] }) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      formAction: ["'self'", ...(opts.formTargets ?? [])],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    xFrameOptions: 'DENY',
  })

/**
 * An email's HTML as its recipient sees it (the development outbox, /dev/mail/:id/html): its
 * own inline styles apply, nothing else loads or runs (a sandbox with no permission), and only
 * this origin's own page may frame it.
 */
const emailPreviewHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    frameAncestors: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    sandbox: [],
  },
  referrerPolicy: 'no-referrer',
  crossOriginEmbedderPolicy: false,
  xFrameOptions: 'SAMEORIGIN',
})

export const EMAIL_PREVIEW_PATH = /^\/dev\/mail\/[0-9]{1,15}\/html$/

/** The headers of every answer: the pages' policy, or the email preview's. */
export function securityHeaders(opts: { formTargets?: string[] } = {}): MiddlewareHandler {
  const pages = pageHeaders(opts)
  return (c, next) => (EMAIL_PREVIEW_PATH.test(c.req.path) ? emailPreviewHeaders : pages)(c, next)
}
