// The Notifications page, at /notifications: a logged-in person's own notifications, newest
// first. Opening a page marks the notifications it shows read (they are still shown as new
// that once); "Mark all read" clears the rest. A feature of its own, beside src/notifications
// (the email plumbing, which renders nothing).
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentUser, requireUser } from '../web/guards.js'
import { renderPage } from '../web/render.js'
import { validQuery } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { formatDateTime } from '../lib/time.js'
import { patternText } from '../lib/fields.js'
import { NotificationsPage } from '../../views/notifications/notifications-page.js'
import { countUnreadNotifications, listNotifications, markAllNotificationsRead, markNotificationsRead } from '../notifications/in-app.js'

const DAMAGED = 'This page link is damaged. Start again from the newest notifications.'

// The page after which the list goes on: a notification's id, at most 15 digits (beyond any id).
export const NotificationsQuery = z.object({
  before: patternText(/^[1-9][0-9]{0,14}$/, DAMAGED).transform(Number).optional(),
})

export const notificationRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => {
    const viewer = currentUser(c)
    const before = validQuery(c, NotificationsQuery).before ?? null
    const db = c.var.db
    const { notifications, older } = await listNotifications(db, viewer.userId, before)
    const shownUnread = notifications.filter((n) => n.readAt === null).map((n) => n.id)
    await markNotificationsRead(db, viewer.userId, shownUnread, c.var.clock())
    const timeZone = viewerTimeZone(c, viewer.company?.country)
    const rows = notifications.map((n) => ({
      title: n.title, summary: n.summary, link: n.link, unread: n.readAt === null,
      at: { text: formatDateTime(n.createdAt, timeZone), iso: n.createdAt.toISOString() },
    }))
    const last = notifications.at(-1)
    return renderPage(c, 'Notifications', (
      <NotificationsPage rows={rows} paged={before !== null} csrfToken={c.var.csrfToken}
        olderHref={older && last ? `/notifications?before=${last.id}` : null}
        unreadElsewhere={(await countUnreadNotifications(db, viewer.userId)) > 0} />
    ))
  })
  .post('/read-all', async (c) => {
    await markAllNotificationsRead(c.var.db, currentUser(c).userId, c.var.clock())
    return c.redirect('/notifications', 303)
  })
