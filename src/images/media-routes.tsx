import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'

export const mediaRoutes = new Hono<AppEnv>()
