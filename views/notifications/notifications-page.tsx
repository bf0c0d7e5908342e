// The person's notifications: what NordicLoop emailed them, newest first, each linking where the
// email's button leads. Those not seen before are marked "New" in words, not by colour only.
import { CsrfField } from '../components/form.js'

export type NotificationRow = {
  title: string
  summary: string
  /** A path on this site, or null for a notice without a link. */
  link: string | null
  /** When it came, in the viewer's zone, and as an ISO instant. */
  at: { text: string; iso: string }
  unread: boolean
}

export function NotificationsPage(props: {
  rows: NotificationRow[]
  /** The link to the next, older page, or null on the last page. */
  olderHref: string | null
  /** Whether this is a later page (offer the way back to the newest). */
  paged: boolean
  /** Unread notifications beyond those shown, for the "Mark all read" button. */
  unreadElsewhere: boolean
  csrfToken: string
}) {
  return (
    <section class="notifications">
      <h1>Notifications</h1>
      {props.rows.length === 0 ? (
        <p>{props.paged ? 'There are no older notifications.' : 'You have no notifications yet. What NordicLoop emails you (outbid, sold, deal steps, messages) also appears here.'}</p>
      ) : (
        <ol class="notification-list">
          {props.rows.map((n) => (
            <li class={n.unread ? 'notification unread' : 'notification'}>
              <h2>
                {n.unread && <><span class="notification-new">New</span> </>}
                {n.link ? <a href={n.link}>{n.title}</a> : n.title}
              </h2>
              {n.summary && <p>{n.summary}</p>}
              <p class="hint"><time datetime={n.at.iso}>{n.at.text}</time></p>
            </li>
          ))}
        </ol>
      )}
      <nav class="notification-pages" aria-label="More notifications">
        {props.paged && <a href="/notifications">Newest</a>}
        {props.olderHref && <a href={props.olderHref}>Older notifications</a>}
      </nav>
      {props.unreadElsewhere && (
        <form method="post" action="/notifications/read-all">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="secondary">Mark all read</button>
        </form>
      )}
    </section>
  )
}
