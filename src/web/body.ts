// Every request body is read here, once. A body that cannot be read as a form is refused with
// a 400 before any handler (or the CSRF check) looks at it, on every route alike, so no
// handler can meet a half-parsed body or turn a parser's exception into a 500.
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

export const MALFORMED_FORM_MESSAGE = 'This form arrived damaged and could not be read. Go back, reload the page and try again.'
export const NOT_A_FORM_MESSAGE = 'NordicLoop only accepts forms sent from its own pages. Go back, reload the page and try again.'

/** A form as fields: one value per name, or a list when the name was sent more than once. */
export type FormFields = Record<string, string | File | Array<string | File>>

const parsed = new WeakMap<object, Promise<FormData>>()

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}

function urlEncodedForm(body: string): FormData {
  const form = new FormData()
  for (const [name, value] of new URLSearchParams(body)) form.append(name, value)
  return form
}

async function parse(c: Context): Promise<FormData> {
  const type = mediaType(c)
  // No content type: nothing was submitted (a bare button), an empty form.
  if (type === '') return new FormData()
  // Our pages only send forms; anything else did not come from them.
  if (!FORM_TYPES.has(type)) throw new HTTPException(415, { message: NOT_A_FORM_MESSAGE })
  try {
    // Most forms are URL-encoded: read as text straight off the socket and split, without the
    // full fetch Request the generic parser builds first (a bid's body is a few hundred bytes).
    const form = type === 'application/x-www-form-urlencoded' ? urlEncodedForm(await c.req.text()) : await c.req.raw.formData()
    // Hono's form validator (`validForm`) takes the form from here instead of reading the body again.
    c.req.bodyCache.formData = form
    return form
  } catch {
    // A broken multipart boundary, a missing one, a body cut short by a dropped connection.
    throw new HTTPException(400, { message: MALFORMED_FORM_MESSAGE })
  }
}

/**
 * The submitted form of this request, parsed on first use and remembered for the rest of it.
 * Throws a 400 (damaged body) or 415 (not a form) HTTPException.
 */
export function readForm(c: Context): Promise<FormData> {
  let form = parsed.get(c.req)
  if (!form) {
    form = parse(c)
    parsed.set(c.req, form)
  }
  return form
}

/** The form as an object of fields, the way the form validator hands it to zod. */
export async function readFormFields(c: Context): Promise<FormFields> {
  const form = await readForm(c)
  const out: FormFields = Object.create(null)
  form.forEach((value, key) => {
    const seen = out[key]
    if (seen === undefined) out[key] = value
    else if (Array.isArray(seen)) seen.push(value)
    else out[key] = [seen, value]
  })
  return out
}

/** Reads the body of every state-changing request up front: a damaged one never reaches a handler. */
export const readFormBody: MiddlewareHandler = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) await readForm(c)
  return next()
}
