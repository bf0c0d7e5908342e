import { Hono } from 'hono'
import type { AppEnv } from '../web/context.js'

// Development only: the outbox as a web page, so a newcomer can open verification links.
export const devMailRoutes = new Hono<AppEnv>()
