import { Hono } from 'hono'
import { sql } from 'kysely'
import type { AppEnv } from './context.js'

export const healthRoutes = new Hono<AppEnv>()
  // The process is up and serving HTTP; says nothing about its dependencies.
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  // Ready to serve traffic: the database answers within two seconds.
  .get('/readyz', async (c) => {
    try {
      await Promise.race([
        sql`SELECT 1`.execute(c.var.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 2 s')), 2_000).unref()),
      ])
      return c.json({ status: 'ready', database: 'ok' })
    } catch (err) {
      return c.json({ status: 'unavailable', database: (err as Error).message }, 503)
    }
  })
