// What every full page's layout receives from the request: built by render.tsx.
import type { Viewer } from '../accounts/viewer.js'
import type { UnreadMessages } from '../deals/chat-unread.js'
import type { AssetUrls } from './assets.js'

export type PageContext = {
  viewer: Viewer | null
  csrfToken: string
  /** Current path with query, used as the return-to target of the login link. */
  path: string
  devMail: boolean
  /** Fingerprinted URLs of the stylesheet, scripts and icons. */
  assets: AssetUrls
  /** The page keeps a live connection (auction pages): load htmx's SSE extension. */
  live?: boolean
  /** Deals waiting on the viewer's company (the header's "Deals (3)"); null when not counted. */
  dealsNeedingAction?: number | null
  /** Deal chat messages the viewer has not read (the header's "Messages (2)"); null when not counted. */
  unreadMessages?: UnreadMessages | null
  /** Notifications the viewer has not opened (the header's "Notifications (4)"); null when not counted. */
  unreadNotifications?: number | null
  /** The page's meta description; the layout has a general one when a page gives none. */
  description?: string
}
