import type { EmailAttachment } from '../../src/notifications/email.js'
import { buildEmail } from './email.js'

type Who = { to: string; name: string }

/** One step of a deal, told to one person on one side: what happened, and what they do next. */
export function dealStepMessage(r: Who, step: { number: number; title: string; url: string; subject: string; headline: string; next: string; attachments?: EmailAttachment[] }) {
  const email = buildEmail({
    template: 'deal-update', to: r.to, subject: `Deal ${step.number} · “${step.title}”: ${step.subject}`,
    greeting: `Hello ${r.name},`,
    paragraphs: [step.headline, `Next: ${step.next}`],
    action: { label: 'Open the deal', url: step.url },
  })
  return step.attachments?.length ? { ...email, attachments: step.attachments } : email
}
