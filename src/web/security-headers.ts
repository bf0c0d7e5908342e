import { secureHeaders } from 'hono/secure-headers'

// Everything the pages load comes from this origin: no inline script or style is ever
// needed (htmx injects its indicator CSS through a constructed stylesheet, which CSP allows).
// Forms post here only, except that a payment form may lead on to a gateway's own page
// (`formTargets`): browsers check form-action against the redirect too.
export const securityHeaders = (opts: { formTargets?: string[] } = {}) =>
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
