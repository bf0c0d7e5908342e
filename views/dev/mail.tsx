// Development only: the outbox as pages, so emails can be read and their links followed
// without a mail provider.
import { linkify } from './linkify.js'

export type OutboxSummary = {
  id: number
  to: string
  subject: string
  template: string
  status: string
  attempts: number
  createdAt: Date
}

export type OutboxEmail = OutboxSummary & {
  text: string
  html: string
  providerMessageId: string | null
  lastError: string | null
  sentAt: Date | null
  attachments: MailAttachment[]
}

export type MailAttachment = { position: number; name: string; contentType: string; size: number }

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

export function MailListPage(props: { emails: OutboxSummary[]; limit: number }) {
  return (
    <section>
      <h1>Dev mail</h1>
      <p>Every email the app has queued, newest first (the latest {props.limit}). This page exists outside production only.</p>
      {props.emails.length === 0 ? (
        <p>No emails yet.</p>
      ) : (
        <table class="dev-mail">
          <thead>
            <tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Template</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Created</th></tr>
          </thead>
          <tbody>
            {props.emails.map((e) => (
              <tr>
                <td>{e.to}</td>
                <td><a href={`/dev/mail/${e.id}`}>{e.subject}</a></td>
                <td>{e.template}</td>
                <td><span class={`status status-${e.status}`}>{e.status}</span></td>
                <td>{e.attempts}</td>
                <td><time datetime={e.createdAt.toISOString()}>{when(e.createdAt)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function MailDetailPage(props: { email: OutboxEmail }) {
  const { email } = props
  return (
    <section>
      <p><a href="/dev/mail">← All emails</a></p>
      <h1>{email.subject}</h1>
      <dl class="facts">
        <dt>To</dt><dd>{email.to}</dd>
        <dt>Template</dt><dd>{email.template}</dd>
        <dt>Status</dt><dd><span class={`status status-${email.status}`}>{email.status}</span> after {email.attempts} attempt{email.attempts === 1 ? '' : 's'}</dd>
        <dt>Created</dt><dd>{when(email.createdAt)}</dd>
        {email.sentAt && <><dt>Sent</dt><dd>{when(email.sentAt)}</dd></>}
        {email.providerMessageId && <><dt>Message id</dt><dd><code>{email.providerMessageId}</code></dd></>}
        {email.lastError && <><dt>Last error</dt><dd>{email.lastError}</dd></>}
      </dl>
      {email.attachments.length > 0 && <Attachments emailId={email.id} files={email.attachments} />}
      <h2>Text</h2>
      <pre class="mail-text">{linkify(email.text)}</pre>
      <h2>HTML</h2>
      {/* Its own address, with a policy that lets the email's inline styles apply and nothing
          else (no script, no request); an empty sandbox on top: shown as the recipient sees it,
          without being trusted. */}
      <iframe class="mail-html" title="HTML version of the email" sandbox="" src={`/dev/mail/${email.id}/html`} width="100%" height="420"></iframe>
      <details>
        <summary>HTML source</summary>
        <pre><code>{email.html}</code></pre>
      </details>
    </section>
  )
}

function Attachments(props: { emailId: number; files: MailAttachment[] }) {
  return (
    <>
      <h2>Attachments</h2>
      <ul class="mail-attachments">
        {props.files.map((f) => (
          <li>
            <a href={`/dev/mail/${props.emailId}/attachments/${f.position}`} download={f.name}>{f.name}</a>
            {' '}<span class="hint">{f.contentType}, {f.size.toLocaleString('en')} bytes</span>
          </li>
        ))}
      </ul>
    </>
  )
}
