import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'

const FORM_LIMIT = 1024 * 1024

function tooLarge(): never {
  throw new HTTPException(413, { message: 'That request is too large.' })
}

/** A body without a declared length is counted as it streams in and cut off past the limit. */
const streamedBodyLimit = bodyLimit({ maxSize: FORM_LIMIT, onError: tooLarge })

/**
 * Forms other than photo uploads: refused past 1 MB before anything buffers them. A declared
 * length is judged from the header alone (Node's parser never delivers more than it declares),
 * as Hono's bodyLimit also does; what this adds is on the bid path: a GET or HEAD, and a form
 * with a declared length, never touch the raw request body, which would make the Node adapter
 * build a full Request for every bid.
 */
export const formBodyLimit: MiddlewareHandler = (c, next) => {
  // No body of a GET or HEAD is ever read.
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
  const length = c.req.header('content-length')
  if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamedBodyLimit(c, next)
  if (Number(length) > FORM_LIMIT) tooLarge()
  return next()
}
