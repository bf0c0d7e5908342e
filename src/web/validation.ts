import type { Context } from 'hono'
import type { ZodType, output } from 'zod'
import { HTTPException } from 'hono/http-exception'
import { zValidator } from '@hono/zod-validator'
import type { AppEnv } from './context.js'
import { readFormFields } from './body.js'
import type { FieldErrors, FormValues } from './forms.js'

/** The first message for each field, keyed by field name, for re-rendering a form. */
export function fieldErrors(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_form')
    out[key] ??= issue.message
  }
  return out
}

/** What the user typed, as strings, so the form comes back filled in. Passwords are dropped. */
export function submittedValues(data: unknown): FormValues {
  const out: FormValues = {}
  if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (typeof v === 'string' && !/password|_csrf/.test(k)) out[k] = v
    }
  }
  return out
}

/** The submitted form's text fields, to show a form again after a refusal that zod did not make. */
export async function submittedForm(c: Context): Promise<FormValues> {
  return submittedValues(await readFormFields(c))
}

/**
 * A query string read through a zod schema. A link is not a form to re-render: anything the
 * schema refuses is a 400 with the schema's message.
 */
export function validQuery<T extends ZodType>(c: Context, schema: T): output<T> {
  const parsed = schema.safeParse(c.req.query())
  if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues[0]?.message ?? 'That link is not valid.' })
  return parsed.data
}

type Rerender = (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) => Response | Promise<Response>

/** Validates a form with zod; on invalid input, re-renders the same form with messages and a 422. */
export function validForm<T extends ZodType>(schema: T, rerender: Rerender) {
  return zValidator('form', schema, (result, c) => {
    // The hook's context is typed with Hono's generic Env; it is the same AppEnv context.
    if (!result.success) return rerender(c as unknown as Context<AppEnv>, submittedValues(result.data), fieldErrors(result.error))
  })
}
