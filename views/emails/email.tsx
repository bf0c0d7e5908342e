// The one layout every email goes through: a simple table layout with inline styles (mail
// programs ignore style sheets), one real button for the email's main link, a footer, and a
// plain-text part written from the same content. Emails are rendered when they are queued and
// stored whole in the outbox, so what was sent can be shown later exactly as it went out.
import type { Child } from 'hono/jsx'
import type { Email } from '../../src/notifications/email.js'

export type { Email }

type Link = { label: string; url: string }

/** A piece of an email's body: a paragraph, a small heading, a quoted message, or a list of links. */
export type EmailBlock =
  | string
  | { heading: string }
  | { quote: { by: string; text: string; note?: string } }
  | { links: (Link & { detail?: string })[]; more?: Link }

export type EmailContent = {
  template: string
  to: string
  subject: string
  greeting: string
  paragraphs: EmailBlock[]
  /** The main link, shown as the button; the in-app notification links to the same page. */
  action?: Link
  footnote?: string
  /** The in-app notification's text; by default the first paragraph. */
  summary?: string
  /**
   * The link is a secret (a password reset, an email confirmation, an invitation) or the email
   * goes to an address without an account: no in-app notification, the link stays in the mailbox.
   */
  mailboxOnly?: boolean
}

const SUMMARY_MAX = 280
const FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
const GREEN = '#1f6f43'
const P = 'margin:0 0 16px'
const SMALL = 'margin:0 0 12px;font-size:13px;line-height:1.5;color:#5a625d'

/** The button's target as a path on the site (emails carry absolute links, the app relative ones). */
export function sitePath(url: string): string {
  const u = new URL(url)
  return u.pathname + u.search + u.hash
}

function shortSummary(text: string) {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= SUMMARY_MAX ? flat : `${flat.slice(0, SUMMARY_MAX - 1).trimEnd()}…`
}

function Lines(props: { text: string }) {
  return <>{props.text.split('\n').map((line, i) => <>{i > 0 && <br />}{line}</>)}</>
}

function BlockHtml(props: { block: EmailBlock }): Child {
  const b = props.block
  if (typeof b === 'string') return <p style={P}>{b}</p>
  if ('heading' in b) return <h2 style="margin:24px 0 8px;font-size:17px;line-height:1.3">{b.heading}</h2>
  if ('quote' in b) {
    return (
      <blockquote style={`margin:0 0 16px;padding:8px 0 8px 12px;border-left:3px solid ${GREEN}`}>
        <p style="margin:0 0 4px"><strong>{b.quote.by}</strong></p>
        <p style="margin:0"><Lines text={b.quote.text} /></p>
        {b.quote.note && <p style="margin:4px 0 0"><em>{b.quote.note}</em></p>}
      </blockquote>
    )
  }
  return (
    <>
      <ul style="margin:0 0 12px;padding-left:20px">
        {b.links.map((l) => (
          <li style="margin:0 0 8px"><a href={l.url} style={`color:${GREEN}`}>{l.label}</a>{l.detail && <><br />{l.detail}</>}</li>
        ))}
      </ul>
      {b.more && <p style={P}><a href={b.more.url} style={`color:${GREEN}`}>{b.more.label}</a></p>}
    </>
  )
}

function blockText(b: EmailBlock): string {
  if (typeof b === 'string') return b
  if ('heading' in b) return `== ${b.heading} ==`
  if ('quote' in b) return `${b.quote.by}:\n${b.quote.text}${b.quote.note ? `\n[${b.quote.note}]` : ''}`
  return [...b.links.map((l) => `- ${l.label}${l.detail ? `\n  ${l.detail}` : ''}\n  ${l.url}`), ...(b.more ? [`${b.more.label}: ${b.more.url}`] : [])].join('\n')
}

/** The button: a styled link inside a cell, which every mail program draws as a button. */
function Button(props: { action: Link }) {
  return (
    <table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 16px;border-collapse:separate">
      <tr>
        <td style={`border-radius:6px;background:${GREEN}`}>
          <a href={props.action.url} class="button" style={`display:inline-block;padding:12px 24px;min-width:120px;text-align:center;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;background:${GREEN}`}>{props.action.label}</a>
        </td>
      </tr>
    </table>
  )
}

function EmailHtml(props: { content: EmailContent; preview: string }): Child {
  const { content } = props
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{content.subject}</title>
      </head>
      <body style="margin:0;padding:0;background:#f2f4f3">
        {/* The line a mail program shows beside the subject in the inbox. */}
        <div style="display:none;max-height:0;overflow:hidden">{props.preview}</div>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f4f3">
          <tr>
            <td align="center" style="padding:24px 12px">
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style={`max-width:560px;background:#ffffff;border-radius:8px;font-family:${FONT};font-size:16px;line-height:1.5;color:#1d2420`}>
                <tr><td style={`padding:16px 24px;border-bottom:3px solid ${GREEN};font-size:19px;font-weight:bold;color:${GREEN}`}>NordicLoop</td></tr>
                <tr>
                  <td style="padding:24px">
                    <p style={P}>{content.greeting}</p>
                    {content.paragraphs.map((b) => <BlockHtml block={b} />)}
                    {content.action && <Button action={content.action} />}
                    {content.action && <p style={SMALL}>If the button does not work, copy this link into your browser: {content.action.url}</p>}
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 24px;border-top:1px solid #e1e5e2">
                    {content.footnote && <p style={SMALL}>{content.footnote}</p>}
                    <p style="margin:0;font-size:13px;line-height:1.5;color:#5a625d">NordicLoop · the marketplace for surplus and waste materials</p>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  )
}

/** An email from its content: the HTML and text parts, and its in-app notification. */
export function buildEmail(content: EmailContent): Email {
  const first = content.paragraphs.find((b): b is string => typeof b === 'string') ?? content.subject
  const summary = shortSummary(content.summary ?? first)
  const text = [
    content.greeting,
    ...content.paragraphs.map(blockText),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(content.footnote ? [content.footnote] : []),
    '— NordicLoop',
  ].join('\n\n')
  const html = '<!doctype html>' + String(<EmailHtml content={content} preview={summary} />)
  const email: Email = { template: content.template, to: content.to, subject: content.subject, html, text }
  if (!content.mailboxOnly) email.notice = { summary, link: content.action ? sitePath(content.action.url) : null }
  return email
}
