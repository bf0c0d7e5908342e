import type { Email } from './email.js'

/** Why a send failed, as the outbox needs it: retry later, or give up with a reason. */
export class MailError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message)
  }
}

/** Where an email came from, so a provider's message (and a log line) can be traced back. */
export type SendContext = { outboxId?: number }

/** Something that delivers one email and returns the provider's message id. */
export interface Mailer {
  readonly name: string
  send(email: Email, context?: SendContext): Promise<{ messageId: string }>
}
