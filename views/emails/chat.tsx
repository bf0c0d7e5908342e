// The email about unread messages in a deal's chat: the messages themselves (so a short answer
// needs no visit), and a link straight to the conversation on the deal page.
import type { Email } from '../../src/notifications/email.js'

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
  const subject = `Deal ${c.number} · “${c.title}”: ${count(total)} from ${c.from}`
  const intro = `${c.from} wrote ${count(total)} about deal ${c.number} (“${c.title}”) that you have not read yet${c.more ? `; the latest ${c.messages.length} are below` : ''}.`
  const text = [
    `Hello ${r.name},`,
    intro,
    ...c.messages.map((m) => `${m.author}, ${m.at}:\n${m.text}${m.photo ? '\n[A photo: see it on the deal page.]' : ''}`),
    `Read and reply: ${c.url}`,
    FOOTNOTE,
    '— NordicLoop',
  ].join('\n\n')
  const html = '<!doctype html>' + String(
    <html lang="en">
      <body>
        <p>Hello {r.name},</p>
        <p>{intro}</p>
        {c.messages.map((m) => (
          <blockquote>
            <p><strong>{m.author}</strong>, {m.at}:</p>
            <p>{m.text.split('\n').map((line, i) => <>{i > 0 && <br />}{line}</>)}</p>
            {m.photo && <p><em>A photo: see it on the deal page.</em></p>}
          </blockquote>
        ))}
        <p><a href={c.url}>Read and reply</a></p>
        <p>If the link does not work, copy this address into your browser: {c.url}</p>
        <p><small>{FOOTNOTE}</small></p>
        <p>— NordicLoop</p>
      </body>
    </html>,
  )
  return { template: 'deal-chat', to: r.to, subject, html, text }
}
