// The email about unread messages in a deal's chat: the messages themselves (so a short answer
// needs no visit), and a link straight to the conversation on the deal page.
import { buildEmail, type Email } from './email.js'

export type ChatEmailMessage = { author: string; at: string; text: string; photo: boolean }

export type ChatEmailContent = {
  number: number
  title: string
  /** The deal page's chat: …/deals/<id>#chat */
  url: string
  /** Whose messages: the other company, or NordicLoop. */
  from: string
  /** Oldest first; the newest few when there are many. */
  messages: ChatEmailMessage[]
  /** Unread messages left out of this email (older than those shown). */
  more: number
}

const FOOTNOTE = 'You get at most one email an hour about the messages of one deal, and none about messages you read on NordicLoop within 10 minutes.'

function count(n: number) {
  return n === 1 ? 'a new message' : `${n} new messages`
}

export function chatEmail(r: { to: string; name: string }, c: ChatEmailContent): Email {
  const total = c.messages.length + c.more
  const intro = `${c.from} wrote ${count(total)} about deal ${c.number} (“${c.title}”) that you have not read yet${c.more ? `; the latest ${c.messages.length} are below` : ''}.`
  return buildEmail({
    template: 'deal-chat', to: r.to, subject: `Deal ${c.number} · “${c.title}”: ${count(total)} from ${c.from}`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      intro,
      ...c.messages.map((m) => ({ quote: { by: `${m.author}, ${m.at}`, text: m.text, note: m.photo ? 'A photo: see it on the deal page.' : undefined } })),
    ],
    action: { label: 'Read and reply', url: c.url },
    footnote: FOOTNOTE,
  })
}
