// A deal's chat as a topic of the live hub. Its version is the latest message's number; a frame
// holds only the messages newer than the page shows (incremental), rendered once per kind of
// reader (side and time zone) and version. A chat never closes: a finished deal can still need
// a word, so its pages stay connected.
import type { Topic } from '../live/topic.js'
import { ChatUpdate } from '../../views/deals/chat.js'
import { CHAT_TOPIC, loadChats, type ChatState } from './chat.js'
import { presentMessages, type ChatReader } from './chat-present.js'

/**
 * Messages a live update carries at most. A page further behind (asleep for a long
 * conversation) gets the latest ones and a line saying to reload for the rest.
 */
export const LIVE_MESSAGES = 50

export const chatTopic: Topic<ChatState, ChatReader> = {
  kind: CHAT_TOPIC,
  load: (db, ids) => loadChats(db, ids, LIVE_MESSAGES),
  version: (state) => state.version,
  isClosed: () => false,
  viewerKey: (reader) => `${reader.side}|${reader.timeZone}`,
  render(state, reader, since) {
    const newer = state.messages.filter((m) => m.seq > since)
    const gap = since >= 0 && newer.length > 0 && newer[0].seq > since + 1
    return String(<ChatUpdate dealId={state.dealId} messages={presentMessages(state, newer, reader)} gap={gap} />)
  },
  incremental: true,
}
