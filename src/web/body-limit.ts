import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'

/** Forms other than photo uploads: refused past 1 MB before anything buffers them. */
export const formBodyLimit = bodyLimit({
  maxSize: 1024 * 1024,
  onError: () => {
    throw new HTTPException(413, { message: 'That request is too large.' })
  },
})
