// Emails are rendered when they are queued and stored whole in the outbox, so what was sent
// can be shown later exactly as it went out.
import type { Child } from 'hono/jsx'
import type { Email } from '../../src/notifications/email.js'

export type { Email }

type EmailContent = {
  template: string
  to: string
  subject: string
  greeting: string
  paragraphs: string[]
  action?: { label: string; url: string }
  footnote?: string
}

function EmailHtml(props: { content: EmailContent }): Child {
  const { content } = props
  return (
    <html lang="en">
      <body>
        <p>{content.greeting}</p>
        {content.paragraphs.map((p) => <p>{p}</p>)}
        {content.action && (
          <p><a href={content.action.url}>{content.action.label}</a></p>
        )}
        {content.action && <p>If the button does not work, copy this link into your browser: {content.action.url}</p>}
        {content.footnote && <p><small>{content.footnote}</small></p>}
        <p>— NordicLoop</p>
      </body>
    </html>
  )
}

export function buildEmail(content: EmailContent): Email {
  const text = [
    content.greeting,
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(content.footnote ? [content.footnote] : []),
    '— NordicLoop',
  ].join('\n\n')
  const html = '<!doctype html>' + String(<EmailHtml content={content} />)
  return { template: content.template, to: content.to, subject: content.subject, html, text }
}
