// Admins turn feature flags on and off (src/flags/flags.ts); each change is audited.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { readFormFields } from '../web/body.js'
import { clientIp } from '../web/client-ip.js'
import { FlagsPage } from '../../views/admin/flags.js'
import { isFlagKey, readFlags, setFlag } from './flags.js'

const FlagForm = z.object({ enabled: z.enum(['on', 'off'], { error: 'Choose on or off.' }) })

/** After a change, the page says what happened; only these fixed texts, never anything from the URL. */
export const FlagsQuery = z.object({ done: z.enum(['changed', 'unchanged']).optional().catch(undefined) })

const notices = {
  changed: 'The flag is changed. Every instance follows it from the next request.',
  unchanged: 'The flag already was so: nothing changed.',
} as const

export const adminFlagRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { done } = FlagsQuery.parse(c.req.query())
    return renderPage(c, 'Feature flags', <FlagsPage flags={await readFlags(c.get('db'))} csrfToken={c.get('csrfToken')} notice={done && notices[done]} />)
  })
  .post('/:key{[a-z0-9_]{1,60}}', async (c) => {
    const key = c.req.param('key')
    if (!isFlagKey(key)) throw new HTTPException(404, { message: 'There is no such feature flag.' })
    const parsed = FlagForm.safeParse(await readFormFields(c))
    if (!parsed.success) throw new HTTPException(422, { message: parsed.error.issues[0]?.message ?? 'Choose on or off.' })
    const changed = await setFlag(c.get('db'), {
      key, enabled: parsed.data.enabled === 'on', actorUserId: currentUser(c).userId, ip: clientIp(c), now: c.get('clock')(),
    })
    return redirectTo(c, `/admin/flags?done=${changed ? 'changed' : 'unchanged'}`)
  })
