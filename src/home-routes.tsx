import { Hono } from 'hono'
import type { AppEnv } from './web/context.js'
import { renderPage } from './web/render.js'
import { HomePage } from '../views/home.js'

export const homeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const categories = await c.var.db.selectFrom('categories').select(['slug', 'name', 'description'])
    .where('retired_at', 'is', null).orderBy('name').execute()
  return renderPage(c, 'Marketplace', <HomePage viewer={c.var.viewer} categories={categories} />)
})
