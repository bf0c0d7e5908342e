// The chat section of a deal page for the viewer, as the deal page (showDeal) and the message
// form's htmx answer render it. Showing it marks what it shows as read: that is what "reading
// the deal page" means for the unread count and the emails.
import type { Context } from 'hono'
import type { AppEnv } from '../web/context.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { currentUser } from '../web/guards.js'
import { viewerTimeZone } from '../web/time-zone.js'
import type { DealActor } from './deal-rules.js'
import { loadChats, markRead } from './chat.js'
import { chatAccess } from './chat-rules.js'
import { presentChat } from './chat-present.js'
import type { ChatView } from './chat-view.js'

/** Messages a deal page shows; a longer conversation says how many earlier ones it leaves out. */
export const PAGE_MESSAGES = 500

// A refused message sent without htmx comes back inside the whole deal page (showDeal, which
// knows nothing of the chat's form): the route leaves what was typed and what was wrong here,
// for this request only, and the section picks it up.
const returnedForms = new WeakMap<object, { values: FormValues; errors: FieldErrors }>()

export function returnChatForm(c: Context<AppEnv>, form: { values: FormValues; errors: FieldErrors }) {
  returnedForms.set(c.req, form)
}

/** The section for this viewer, or undefined when the chat is none of theirs. */
export async function dealChat(c: Context<AppEnv>, deal: { id: string; disputed_at: Date | null }, actor: DealActor): Promise<ChatView | undefined> {
  const access = chatAccess(deal, actor)
  if (!access) return undefined
  const state = (await loadChats(c.var.db, [deal.id], PAGE_MESSAGES)).get(deal.id)
  if (!state) return undefined
  const viewer = currentUser(c)
  await markRead(c.var.db, deal.id, viewer.userId, state.version)
  const view = presentChat(state, access, { timeZone: viewerTimeZone(c, viewer.company?.country), csrfToken: c.var.csrfToken })
  const form = returnedForms.get(c.req)
  return form ? { ...view, form } : view
}
