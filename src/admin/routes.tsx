import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'
import { requireAdmin } from '../web/guards.js'

export const adminRoutes = new Hono<AppEnv>()
adminRoutes.use('/admin', requireAdmin)
adminRoutes.use('/admin/*', requireAdmin)
