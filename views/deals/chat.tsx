// A deal's messages: the conversation, kept current over SSE while the page is open (new
// messages are appended to the list), and the form to write. The form is a plain multipart
// POST that works without JavaScript; with htmx the whole section comes back in place, with
// the message in it and a live link that starts after it.
import type { ChatMessageView, ChatView } from '../../src/deals/chat-view.js'
import { CsrfField } from '../components/form.js'

export const chatLogId = (dealId: string) => `chat-log-${dealId}`
const emptyId = (dealId: string) => `chat-empty-${dealId}`
export const chatErrorId = (dealId: string) => `chat-error-${dealId}`

export function ChatSection(props: { chat: ChatView }) {
  const c = props.chat
  return (
    <section id="chat" class="chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Messages</h2>
      <p class="hint">{c.intro}</p>
      {c.earlier > 0 && <p class="hint">{c.earlier} earlier {c.earlier === 1 ? 'message is' : 'messages are'} not shown.</p>}
      {c.messages.length === 0 && <p id={emptyId(c.dealId)} class="hint">No messages yet.</p>}
      <ol id={chatLogId(c.dealId)} class="chat-log" aria-live="polite"
        hx-sse:connect={`/deals/${c.dealId}/messages/live?v=${c.version}`} hx-swap="beforeend">
        {c.messages.map((m) => <ChatMessage dealId={c.dealId} message={m} />)}
      </ol>
      {c.mayWrite ? <ChatForm chat={c} /> : <p class="hint">{c.readOnly}</p>}
    </section>
  )
}

/**
 * What a live update appends to the list: the messages newer than the page showed. The last
 * tells the server, once the browser has shown it, that the reader has seen them; a gap (the
 * page was away for more messages than an update carries) says to reload; the "No messages
 * yet" line goes.
 */
export function ChatUpdate(props: { dealId: string; messages: ChatMessageView[]; gap: boolean }) {
  const last = props.messages.at(-1)
  return (
    <>
      {props.gap && <li class="chat-gap">Some messages arrived while this page was away. <a href={`/deals/${props.dealId}#chat`}>Reload the page</a> to see them all.</li>}
      {props.messages.map((m) => (
        <ChatMessage dealId={props.dealId} message={m} seen={m === last ? `/deals/${props.dealId}/messages/seen?v=${m.seq}` : undefined} />
      ))}
      {props.messages.length > 0 && <hx-partial hx-target={`#${emptyId(props.dealId)}`} hx-swap="delete"></hx-partial>}
    </>
  )
}

function ChatMessage(props: { dealId: string; message: ChatMessageView; seen?: string }) {
  const m = props.message
  return (
    <li id={`chat-${props.dealId}-${m.seq}`} class={m.ours ? 'chat-message ours' : 'chat-message'}
      hx-get={props.seen} hx-trigger={props.seen ? 'load' : undefined} hx-swap={props.seen ? 'none' : undefined}>
      <p class="chat-meta"><strong>{m.author}</strong> <time datetime={m.at.iso}>{m.at.text}</time></p>
      <p>{m.lines.map((line, i) => <>{i > 0 && <br />}{line}</>)}</p>
      {m.photo && (
        <a href={m.photo.full}>
          <img src={m.photo.src} srcset={m.photo.srcset} sizes="(max-width: 30rem) 90vw, 400px" width={m.photo.width} height={m.photo.height}
            alt={m.photo.alt} loading="lazy" />
        </a>
      )}
    </li>
  )
}

function ChatForm(props: { chat: ChatView }) {
  const c = props.chat
  const errors = c.form?.errors ?? {}
  const action = `/deals/${c.dealId}/messages`
  return (
    <form method="post" action={action} enctype="multipart/form-data" class="chat-form stack"
      hx-post={action} hx-target="#chat" hx-swap="outerHTML">
      <CsrfField token={c.csrfToken} />
      {/* Where a refusal that is not about one field lands (an upload too large to read). */}
      <div id={chatErrorId(c.dealId)}>{errors._form && <p class="alert error" role="alert">{errors._form}</p>}</div>
      <div class={errors.body ? 'field has-error' : 'field'}>
        <label for="chat-body">Message to {c.writeTo}</label>
        <textarea id="chat-body" name="body" rows={3} maxlength={4000} required autofocus={c.focus}
          aria-invalid={errors.body ? 'true' : undefined} aria-describedby={errors.body ? 'chat-body-error' : undefined}>
          {c.form?.values.body ?? ''}
        </textarea>
        {errors.body && <p class="error" id="chat-body-error">{errors.body}</p>}
      </div>
      <div class={errors.photo ? 'field has-error' : 'field'}>
        <label for="chat-photo">Photo <span class="optional">(optional)</span></label>
        <p class="hint" id="chat-photo-hint">One JPEG, PNG or WebP image, up to 15 MB. Only the people in this deal can see it.</p>
        <input id="chat-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp"
          aria-invalid={errors.photo ? 'true' : undefined} aria-describedby={errors.photo ? 'chat-photo-hint chat-photo-error' : 'chat-photo-hint'} />
        {errors.photo && <p class="error" id="chat-photo-error">{errors.photo}</p>}
      </div>
      <button type="submit">Send</button>
    </form>
  )
}
