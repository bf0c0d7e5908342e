// A chat's state into what one reader sees: who wrote each message (named by company, staff as
// "NordicLoop"), when in the reader's zone, the text's lines and the photo's private addresses.
import { when } from './present.js'
import type { ChatMessage, ChatState } from './chat.js'
import type { ChatAccess, ChatSide } from './chat-rules.js'
import { chatPhotoUrl } from './chat-photos.js'
import type { ChatMessageView, ChatView } from './chat-view.js'

export type ChatReader = { side: ChatSide; timeZone: string }

function companyOf(state: Pick<ChatState, 'buyerName' | 'sellerName'>, side: ChatSide) {
  return side === 'buyer' ? state.buyerName : side === 'seller' ? state.sellerName : 'NordicLoop'
}

export function presentMessages(state: ChatState, messages: ChatMessage[], reader: ChatReader): ChatMessageView[] {
  return messages.map((m) => {
    const company = companyOf(state, m.authorSide)
    const person = m.authorName ?? 'A former member'
    const author = m.authorSide === 'admin' ? `${person}, NordicLoop` : `${person}, ${company}`
    const p = m.photo
    return {
      seq: m.seq, author, side: m.authorSide, ours: m.authorSide === reader.side,
      lines: m.body.split(/\r\n|\r|\n/),
      at: when(m.createdAt, reader.timeZone),
      photo: p ? {
        src: chatPhotoUrl(state.dealId, p.id, p.variants[0]),
        srcset: p.variants.map((w) => `${chatPhotoUrl(state.dealId, p.id, w)} ${w}w`).join(', '),
        full: chatPhotoUrl(state.dealId, p.id, p.variants[p.variants.length - 1]),
        width: p.width, height: p.height, alt: `Photo sent by ${person}`,
      } : null,
    }
  })
}

/** The chat section of a deal page for one reader. */
export function presentChat(state: ChatState, access: ChatAccess, reader: { timeZone: string; csrfToken: string }): ChatView {
  const between = `${state.buyerName} (buyer) and ${state.sellerName} (seller)`
  const intro = access.side === 'admin'
    ? access.mayWrite
      ? `Between ${between}. The deal is disputed: what you write here goes to both sides, signed NordicLoop.`
      : `Between ${between}. You can read these messages to help; NordicLoop staff write here once the deal is disputed.`
    : `Everyone at ${state.buyerName} and ${state.sellerName} who works on this deal can read these messages. NordicLoop staff may read them to help, and write here if the deal is disputed. A message not read within 10 minutes is emailed.`
  const writeTo = access.side === 'buyer' ? state.sellerName : access.side === 'seller' ? state.buyerName : 'both sides'
  const shown = state.messages
  return {
    dealId: state.dealId, version: state.version,
    messages: presentMessages(state, shown, { side: access.side, timeZone: reader.timeZone }),
    earlier: Math.max(0, (shown[0]?.seq ?? 1) - 1),
    intro, mayWrite: access.mayWrite, writeTo,
    readOnly: access.mayWrite ? null : 'You can read this conversation. NordicLoop staff write here once the deal is disputed.',
    csrfToken: reader.csrfToken,
  }
}
