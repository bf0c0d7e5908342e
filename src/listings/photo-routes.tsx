import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'

export const photoRoutes = new Hono<AppEnv>()
