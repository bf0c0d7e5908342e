import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'

export const savedSearchRoutes = new Hono<AppEnv>()
